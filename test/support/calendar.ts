import { zonedParts, zonedTimeToUtc } from '@mayak/domain';

/** Both demo offices count their days in Almaty's time (UTC+5). */
export const OFFICE_TIME_ZONE = 'Asia/Almaty';

const pad = (n: number) => String(n).padStart(2, '0');

/** The calendar day of `at` in `timeZone`, moved by `addDays`, as yyyy-mm-dd. */
export function dayIn(at: Date, timeZone = OFFICE_TIME_ZONE, addDays = 0): string {
  const local = zonedParts(at, timeZone);
  const day = new Date(Date.UTC(local.year, local.month - 1, local.day + addDays));
  return `${day.getUTCFullYear()}-${pad(day.getUTCMonth() + 1)}-${pad(day.getUTCDate())}`;
}

/** The instant a yyyy-mm-dd day starts in `timeZone`. */
export function startOfDayIn(day: string, timeZone = OFFICE_TIME_ZONE): Date {
  const [year, month, date] = day.split('-').map(Number);
  return zonedTimeToUtc(year, month, date, 0, timeZone);
}

/** The yyyy-mm month of `at` in `timeZone`. */
export function monthIn(at: Date, timeZone = OFFICE_TIME_ZONE): string {
  return dayIn(at, timeZone).slice(0, 7);
}
