/**
 * Dates typed in the console's fields, the way its language writes them (the same as it shows
 * them: 07.12.2026 in Russian and Kazakh, 07/12/2026 in English), never in the browser's order.
 */
export type DateFormat = 'DD.MM.YYYY' | 'DD/MM/YYYY';

const FORMATS: Record<string, DateFormat> = { ru: 'DD.MM.YYYY', kk: 'DD.MM.YYYY', en: 'DD/MM/YYYY' };

export function dateFormatOf(language: string): DateFormat {
  return FORMATS[language] ?? 'DD.MM.YYYY';
}

const pad = (n: number) => String(n).padStart(2, '0');

function isCalendarDay(year: number, month: number, day: number): boolean {
  if (![year, month, day].every(Number.isInteger)) return false;
  if (year < 1900 || year > 2999 || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const DAY_FIRST = /^(\d{1,2})[./\-\s](\d{1,2})[./\-\s](\d{4})(?:[\sT,]+(\d{1,2}):(\d{2}))?$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[\sT](\d{2}):(\d{2})(?::\d{2})?)?$/;

/**
 * A typed date (day first, with dots, slashes or dashes, or ISO as pasted from elsewhere), with
 * an optional time, to `YYYY-MM-DD` or `YYYY-MM-DD HH:mm:00`; null when it is not a real day.
 */
export function parseTypedDate(text: string): string | null {
  const value = text.trim();
  const iso = ISO.exec(value);
  const dayFirst = iso ? null : DAY_FIRST.exec(value);
  // [year, month, day, hour, minute] as typed; hour and minute may be absent.
  const parts = iso ? [iso[1], iso[2], iso[3], iso[4], iso[5]] : dayFirst ? [dayFirst[3], dayFirst[2], dayFirst[1], dayFirst[4], dayFirst[5]] : null;
  if (!parts) return null;
  const [year, month, day, hour, minute] = parts.map((part) => (part === undefined ? Number.NaN : Number(part)));
  if (!isCalendarDay(year ?? Number.NaN, month ?? Number.NaN, day ?? Number.NaN)) return null;
  const date = `${year}-${pad(month ?? 0)}-${pad(day ?? 0)}`;
  if (hour === undefined || minute === undefined || Number.isNaN(hour) || Number.isNaN(minute)) return date;
  if (hour > 23 || minute > 59) return null;
  return `${date} ${pad(hour)}:${pad(minute)}:00`;
}
