import { zonedParts, zonedTimeToUtc } from '../callbacks/safe-window';
import { localDayOf } from '../common/local-days';
import { NOTIFICATION_KINDS, type NotificationKind } from './notification-kinds';

const HOUR_MS = 3600_000;

export interface DigestMoment {
  /** The local calendar day (yyyy-mm-dd) whose digest this is: one digest per person and day. */
  day: string;
  /** When that day's digest falls due: `hour`:00 local time. */
  at: Date;
}

/**
 * The latest digest moment at or before `now` in `timeZone`: today's at `hour`:00 local time if
 * that has passed, else yesterday's (a worker that was down at the hour still sends it, once).
 * A digest covers what waited for it from before its moment.
 */
export function latestDigestMoment(now: Date, timeZone: string, hour: number): DigestMoment {
  if (!Number.isInteger(hour) || hour < 0 || hour > 23) throw new RangeError(`digest hour must be 0–23, got ${hour}`);
  const today = zonedParts(now, timeZone);
  const todayAt = zonedTimeToUtc(today.year, today.month, today.day, hour * 60, timeZone);
  if (todayAt.getTime() <= now.getTime()) return { day: localDayOf(now, timeZone), at: todayAt };
  // Noon of the previous local day names it whatever the offsets do around midnight.
  const yesterdayNoon = zonedTimeToUtc(today.year, today.month, today.day - 1, 12 * 60, timeZone);
  const y = zonedParts(yesterdayNoon, timeZone);
  return { day: localDayOf(yesterdayNoon, timeZone), at: zonedTimeToUtc(y.year, y.month, y.day, hour * 60, timeZone) };
}

export interface DigestItem {
  kind: NotificationKind;
  createdAt: Date;
}

export interface DigestGroup<T extends DigestItem> {
  kind: NotificationKind;
  items: T[];
}

/** A digest's items grouped by kind, the kinds in their list's order and each group oldest first. */
export function groupDigest<T extends DigestItem>(items: readonly T[]): DigestGroup<T>[] {
  return NOTIFICATION_KINDS.map((kind) => ({
    kind,
    items: items.filter((item) => item.kind === kind).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()),
  })).filter((group) => group.items.length > 0);
}

/**
 * When a partner is reminded of a referral still unanswered: `leadHours` before its answer
 * deadline, but never in the first half of the time they were given (a referral due in four
 * hours is not followed by a reminder an hour later). Null when it has no deadline.
 */
export function referralReminderAt(sentAt: Date | null, dueAt: Date | null, leadHours: number): Date | null {
  if (!sentAt || !dueAt || dueAt.getTime() <= sentAt.getTime()) return null;
  const halfway = sentAt.getTime() + (dueAt.getTime() - sentAt.getTime()) / 2;
  return new Date(Math.max(dueAt.getTime() - leadHours * HOUR_MS, halfway));
}

/** Whether the reminder of a sent referral is due now: its moment has come and its deadline has not passed. */
export function referralReminderDue(now: Date, sentAt: Date | null, dueAt: Date | null, leadHours: number): boolean {
  const at = referralReminderAt(sentAt, dueAt, leadHours);
  return !!at && !!dueAt && at.getTime() <= now.getTime() && now.getTime() < dueAt.getTime();
}

/**
 * Whether an open task's assignee is told now that it falls due soon: from `leadHours` before its
 * due time until that time (a task given with less time than that is told of at the next round).
 * Each due time is told of once (a moved task is told of again for its new time).
 */
export function taskDueSoon(now: Date, dueAt: Date | null, leadHours: number): boolean {
  if (!dueAt) return false;
  return dueAt.getTime() - leadHours * HOUR_MS <= now.getTime() && now.getTime() < dueAt.getTime();
}

/**
 * How long a mail waits after its `attempt`-th failed try (1 for the first): doubling from
 * `baseSeconds`, at most six hours.
 */
export function mailRetryDelayMs(attempt: number, baseSeconds: number): number {
  const exponent = Math.max(0, Math.min(attempt - 1, 20));
  return Math.min(baseSeconds * 1000 * 2 ** exponent, 6 * HOUR_MS);
}
