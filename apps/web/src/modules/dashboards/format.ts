import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { intlLocale } from '../i18n/format';
import { consoleClock, dayInZone, localDay } from '../clock/console-clock';

/** The API refuses longer periods (two years, counted as 731 days). */
export const MAX_PERIOD_DAYS = 731;
/** The API's default period: the last 30 days, today included. */
export const DEFAULT_PERIOD_DAYS = 30;

const pad = (n: number) => String(n).padStart(2, '0');

/** A local calendar day as yyyy-mm-dd. */
export function isoDay(date: Date): string {
  return localDay(date);
}

/** A yyyy-mm-dd day moved by `days` (calendar arithmetic, no time zone). */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Days from `from` up to (not including) `to`, both yyyy-mm-dd. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function isDay(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}

/**
 * The last 30 days, today included (as the API does by default); `to` is inclusive here. Days
 * are the office's (its time zone), as the API counts them, not this computer's.
 */
export function defaultPeriod(timeZone: string | null, today = consoleClock.now()): { from: string; to: string } {
  const to = timeZone ? dayInZone(today, timeZone) : isoDay(today);
  return { from: addDays(to, -(DEFAULT_PERIOD_DAYS - 1)), to };
}

/** Seconds as m:ss (minutes go past 59: "75:03"); null (nothing measured) as a dash. */
export function formatSeconds(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const whole = Math.max(0, Math.round(seconds));
  return `${Math.floor(whole / 60)}:${pad(whole % 60)}`;
}

/** Numbers and shares in the console language. */
export function useNumberFormat() {
  const { i18n } = useTranslation();
  const locale = intlLocale(i18n.language);
  return useMemo(() => {
    const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    const decimal = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
    const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
    const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    return {
      integer: (n: number) => integer.format(n),
      decimal: (n: number) => decimal.format(n),
      /** A ratio 0..1 as a percentage; null as a dash. */
      percent: (ratio: number | null | undefined) => (ratio === null || ratio === undefined ? '—' : percent.format(ratio)),
      /** The share of `part` in `total`, or a dash when there is no total. */
      share: (part: number, total: number) => (total > 0 ? percent.format(part / total) : '—'),
      clock: (iso: string) => time.format(new Date(iso)),
    };
  }, [locale]);
}
