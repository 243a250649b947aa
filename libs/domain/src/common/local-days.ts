import { zonedParts, zonedTimeToUtc } from '../callbacks/safe-window';

/** A calendar day written yyyy-mm-dd, with no time: a day of some place's calendar. */
export const CALENDAR_DAY = /^\d{4}-\d{2}-\d{2}$/;

const pad = (n: number) => String(n).padStart(2, '0');

/** The calendar day (yyyy-mm-dd) that the instant falls on in `timeZone`. */
export function localDayOf(at: Date, timeZone: string): string {
  const p = zonedParts(at, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** The instant a yyyy-mm-dd day (moved by `addDays`) begins in `timeZone`. Throws a RangeError for a malformed day. */
export function startOfLocalDay(day: string, timeZone: string, addDays = 0): Date {
  if (!CALENDAR_DAY.test(day)) throw new RangeError(`not a yyyy-mm-dd day: ${day}`);
  const [year, month, date] = day.split('-').map(Number);
  return zonedTimeToUtc(year, month, date + addDays, 0, timeZone);
}
