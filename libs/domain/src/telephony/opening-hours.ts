import { zonedParts } from '../callbacks/safe-window';

/**
 * When a line is open: periods per ISO weekday (1 Monday .. 7 Sunday), each [start, end) in
 * minutes after local midnight of the line's office (several a day allowed, none: closed that
 * day), and public holidays (local days, yyyy-mm-dd) when it is closed all day. A line with
 * no opening hours is open around the clock, which is the default.
 */
export interface OpeningHours {
  periods: { day: number; start: number; end: number }[];
  holidays: string[];
}

export type OpeningHoursProblem = 'period_day' | 'period_times' | 'periods_overlap' | 'holiday_date' | 'too_many';

const MINUTES_PER_DAY = 1440;
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

function isLocalDay(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const match = DAY_PATTERN.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

/** What is wrong with the hours; empty when they can be used. */
export function validateOpeningHours(hours: OpeningHours): OpeningHoursProblem[] {
  const problems = new Set<OpeningHoursProblem>();
  if (hours.periods.length > 70 || hours.holidays.length > 366) problems.add('too_many');
  for (const p of hours.periods) {
    if (!Number.isInteger(p.day) || p.day < 1 || p.day > 7) problems.add('period_day');
    if (!Number.isInteger(p.start) || !Number.isInteger(p.end) || p.start < 0 || p.end > MINUTES_PER_DAY || p.start >= p.end) problems.add('period_times');
  }
  for (let day = 1; day <= 7; day++) {
    const sorted = hours.periods.filter((p) => p.day === day).sort((a, b) => a.start - b.start);
    if (sorted.some((p, i) => i > 0 && p.start < sorted[i - 1].end)) problems.add('periods_overlap');
  }
  if (!hours.holidays.every(isLocalDay)) problems.add('holiday_date');
  return [...problems];
}

/** Whether the line takes calls at `at`, in its office's time zone. */
export function isLineOpen(hours: OpeningHours | null, at: Date, timeZone: string): boolean {
  if (!hours) return true;
  const local = zonedParts(at, timeZone);
  const pad = (n: number) => String(n).padStart(2, '0');
  if (hours.holidays.includes(`${local.year}-${pad(local.month)}-${pad(local.day)}`)) return false;
  return hours.periods.some((p) => p.day === local.weekday && local.minute >= p.start && local.minute < p.end);
}
