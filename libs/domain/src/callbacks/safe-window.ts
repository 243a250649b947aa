/**
 * When it is safe to call a client back: the days and hours the client named (when they
 * are alone, off shift, away from the people who control them), in the client's own time
 * zone. Offsets are never hard-coded: they come from the platform's time zone data
 * (Intl.DateTimeFormat), so daylight saving changes and rule changes (Asia/Almaty is
 * UTC+5 since 1 March 2024) are handled by the data, not by this code.
 */
import { CALLBACK_RETRY_MINUTES, MAX_CALLBACK_ATTEMPTS } from './callback-status';

/**
 * Days: ISO weekday numbers 1 (Monday) .. 7 (Sunday). Times are minutes after local
 * midnight in `timeZone` (IANA name): the window is [startMinute, endMinute), the end is
 * exclusive (09:00–18:00 is open at 17:59 and closed at 18:00). A window may cross
 * midnight (22:00–02:00, for a client who works nights): it opens on each listed day at
 * the start and closes at the end on the next day, so Friday 22:00–02:00 includes
 * Saturday 01:30. Start equal to end is an empty window.
 */
export interface SafeWindow {
  days: number[];
  startMinute: number;
  endMinute: number;
  timeZone: string;
}

export type SafeWindowProblem = 'days_empty' | 'day_invalid' | 'start_invalid' | 'end_invalid' | 'empty_window' | 'time_zone_invalid';

/** A local calendar day and time: month 1..12, weekday ISO 1 (Monday) .. 7 (Sunday), minute after local midnight. */
export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  weekday: number;
  minute: number;
}

const SECOND = 1000;
const MINUTE = 60_000;
const DAY = 86_400_000;
const MINUTES_PER_DAY = 1440;

/** 'HH:MM', 00:00 .. 24:00, to minutes after midnight; anything else is null. */
export function parseTimeOfDay(text: string): number | null {
  if (typeof text !== 'string') return null;
  const match = /^(\d{2}):(\d{2})$/.exec(text);
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (minutes > 59 || hours > 24 || (hours === 24 && minutes !== 0)) return null;
  return hours * 60 + minutes;
}

/** Minutes after midnight (0 .. 1440) as 'HH:MM': 540 -> '09:00', 1440 -> '24:00'. Throws a RangeError for anything else. */
export function formatTimeOfDay(minutes: number): string {
  if (!Number.isInteger(minutes) || minutes < 0 || minutes > MINUTES_PER_DAY) throw new RangeError(`Not a time of day: ${minutes}`);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/** Every day, all day, in the time zone. */
export const ANY_TIME_WINDOW = (timeZone: string): SafeWindow => ({ days: [1, 2, 3, 4, 5, 6, 7], startMinute: 0, endMinute: MINUTES_PER_DAY, timeZone });

const isIsoWeekday = (day: unknown): day is number => Number.isInteger(day) && (day as number) >= 1 && (day as number) <= 7;
const isStart = (minute: unknown): minute is number => Number.isInteger(minute) && (minute as number) >= 0 && (minute as number) < MINUTES_PER_DAY;
const isEnd = (minute: unknown): minute is number => Number.isInteger(minute) && (minute as number) >= 0 && (minute as number) <= MINUTES_PER_DAY;

function isTimeZone(timeZone: unknown): boolean {
  if (typeof timeZone !== 'string' || timeZone.trim() === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** What is wrong with the window; empty when it is usable. */
export function validateSafeWindow(w: SafeWindow): SafeWindowProblem[] {
  const problems: SafeWindowProblem[] = [];
  const days: unknown[] = Array.isArray(w.days) ? w.days : [];
  if (days.length === 0) problems.push('days_empty');
  if (!Array.isArray(w.days) || !days.every(isIsoWeekday)) problems.push('day_invalid');
  const startOk = isStart(w.startMinute);
  const endOk = isEnd(w.endMinute);
  if (!startOk) problems.push('start_invalid');
  if (!endOk) problems.push('end_invalid');
  // Start after end crosses midnight; start equal to end (or 00:00–24:00 read backwards) opens never.
  if (startOk && endOk && windowLength(w) === 0) problems.push('empty_window');
  if (!isTimeZone(w.timeZone)) problems.push('time_zone_invalid');
  return problems;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US-u-nu-latn', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** The local wall-clock time at the instant, as milliseconds of a UTC-based calendar ("local as if it were UTC"). */
function wallClock(instant: number, timeZone: string): number {
  if (!Number.isFinite(instant)) throw new RangeError('Invalid time value');
  const second = Math.floor(instant / SECOND) * SECOND;
  const values: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(second))) {
    if (part.type !== 'literal') values[part.type] = Number(part.value);
  }
  const hour = values.hour === 24 ? 0 : values.hour;
  return Date.UTC(values.year, values.month - 1, values.day, hour, values.minute, values.second) + (instant - second);
}

/** The zone's offset from UTC at the instant, in milliseconds (Almaty: +5 h). */
function offsetAt(instant: number, timeZone: string): number {
  return wallClock(instant, timeZone) - instant;
}

/** ISO weekday (1 Monday .. 7 Sunday) of a day number counted from 1970-01-01 (a Thursday). */
function isoWeekdayOfDayNumber(dayNumber: number): number {
  return ((((dayNumber + 3) % 7) + 7) % 7) + 1;
}

/** The local calendar day and time at the instant in the time zone. Throws a RangeError for an unknown zone. */
export function zonedParts(at: Date, timeZone: string): ZonedParts {
  const wall = wallClock(at.getTime(), timeZone);
  const local = new Date(wall);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    weekday: isoWeekdayOfDayNumber(Math.floor(wall / DAY)),
    minute: local.getUTCHours() * 60 + local.getUTCMinutes(),
  };
}

/**
 * The first whole second after `from` (whose offset is `offset`) at which the offset differs,
 * given that it differs at `to`: a binary search, about twenty steps for a week.
 */
function transitionBetween(from: number, to: number, offset: number, timeZone: string): number {
  let lo = Math.floor(from / SECOND);
  let hi = Math.floor(to / SECOND);
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (offsetAt(mid * SECOND, timeZone) === offset) lo = mid;
    else hi = mid;
  }
  return hi * SECOND;
}

/**
 * The earliest instant whose local time is the wall time or later: the instant itself when
 * the local time exists once; the first of the two when it exists twice (fall back); the
 * end of the gap, the first existing local time, when it does not exist (spring forward).
 */
function instantOfWall(wall: number, timeZone: string): number {
  // The instant lies within about 14 hours of the wall time; a day either side is before and after any change near it.
  const offsets = [offsetAt(wall - DAY, timeZone), offsetAt(wall + DAY, timeZone)];
  offsets.push(offsetAt(wall - offsetAt(wall, timeZone), timeZone));
  const candidates = [...new Set(offsets)].map((offset) => wall - offset).sort((a, b) => a - b);
  for (const candidate of candidates) if (wallClock(candidate, timeZone) === wall) return candidate;
  // The clocks jumped over this wall time: the first instant after the jump.
  const earliest = candidates[0];
  const latest = candidates[candidates.length - 1];
  if (wallClock(earliest, timeZone) < wall && wallClock(latest, timeZone) > wall)
    return transitionBetween(earliest, latest, offsetAt(earliest, timeZone), timeZone);
  return latest;
}

/**
 * The instant of a local date and time in the time zone (month 1..12, minute after local
 * midnight; 1440 is the next day's midnight). A local time that exists twice (fall back)
 * gives the first; one that does not exist (spring forward) moves forward to the first
 * existing minute. Throws a RangeError for an unknown zone.
 */
export function zonedTimeToUtc(year: number, month: number, day: number, minute: number, timeZone: string): Date {
  return new Date(instantOfWall(Date.UTC(year, month - 1, day, 0, minute), timeZone));
}

/** Minutes the window stays open from its start: across midnight when the end is before the start. */
function windowLength(w: Pick<SafeWindow, 'startMinute' | 'endMinute'>): number {
  if (w.endMinute > w.startMinute) return w.endMinute - w.startMinute;
  if (w.endMinute === w.startMinute) return 0;
  return MINUTES_PER_DAY - w.startMinute + w.endMinute;
}

/** Whether the window runs past local midnight into the next day. */
export function crossesMidnight(w: Pick<SafeWindow, 'startMinute' | 'endMinute'>): boolean {
  return w.endMinute < w.startMinute;
}

function usableDays(w: SafeWindow): Set<number> {
  return new Set(Array.isArray(w.days) ? w.days.filter(isIsoWeekday) : []);
}

/** Whether the instant is inside the window (start inclusive, end exclusive). Throws a RangeError for an unknown zone. */
export function isInsideSafeWindow(at: Date, w: SafeWindow): boolean {
  const { weekday, minute } = zonedParts(at, w.timeZone);
  const days = usableDays(w);
  if (!crossesMidnight(w)) return days.has(weekday) && minute >= w.startMinute && minute < w.endMinute;
  // Tonight's window from its start, or last night's still open until its end.
  const yesterday = weekday === 1 ? 7 : weekday - 1;
  return (days.has(weekday) && minute >= w.startMinute) || (days.has(yesterday) && minute < w.endMinute);
}

/** The earliest wall time at or after `wall` inside the window, by calendar arithmetic alone (9 days at most). */
function earliestWallInside(wall: number, w: SafeWindow, days: Set<number>): number | null {
  const length = windowLength(w) * MINUTE;
  // From yesterday: a window across midnight opened then may still be open.
  let dayNumber = Math.floor(wall / DAY) - 1;
  for (let i = 0; i < 9; i++, dayNumber++) {
    if (!days.has(isoWeekdayOfDayNumber(dayNumber))) continue;
    const open = dayNumber * DAY + w.startMinute * MINUTE;
    if (wall < open + length) return Math.max(wall, open);
  }
  return null;
}

/**
 * The earliest instant at or after `from` inside the window (`from` itself when it is
 * inside), or null when the window can never be open: no valid day, or start equal to
 * end. Correct across daylight saving changes: a window opening in a skipped hour opens at
 * the first existing minute, and a repeated hour counts both times. Throws a RangeError
 * for an unknown zone (validateSafeWindow first).
 */
export function nextSafeTime(from: Date, w: SafeWindow): Date | null {
  const days = usableDays(w);
  if (days.size === 0 || !isStart(w.startMinute) || !isEnd(w.endMinute) || windowLength(w) === 0) return null;
  let t = from.getTime();
  // Each round either answers or moves to the next offset change; a week holds one or two.
  for (let round = 0; round < 16; round++) {
    const offset = offsetAt(t, w.timeZone);
    const wall = earliestWallInside(t + offset, w, days);
    if (wall === null) return null;
    const candidate = wall - offset;
    if (offsetAt(candidate, w.timeZone) === offset) return new Date(candidate);
    // The offset changes before the candidate: nothing before the change is inside; go on from the change.
    t = transitionBetween(t, candidate, offset, w.timeZone);
  }
  return null;
}

/**
 * When to try again after an unanswered attempt: the first safe time at least `gapMinutes`
 * after it, or null to give up when `attemptsMade` has reached `maxAttempts` (never more
 * than MAX_CALLBACK_ATTEMPTS). A null window means any time.
 */
export function nextAttemptAt(
  after: Date,
  attemptsMade: number,
  maxAttempts: number,
  w: SafeWindow | null,
  gapMinutes: number = CALLBACK_RETRY_MINUTES,
): Date | null {
  const limit = Math.min(maxAttempts, MAX_CALLBACK_ATTEMPTS);
  if (!(attemptsMade < limit)) return null;
  const gap = Number.isFinite(gapMinutes) && gapMinutes > 0 ? gapMinutes : 0;
  const earliest = new Date(after.getTime() + gap * MINUTE);
  return w ? nextSafeTime(earliest, w) : earliest;
}
