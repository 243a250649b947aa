import { DEFAULT_LOCALE, isLocale, type Locale } from '@mayak/domain';
import { useTranslation } from 'react-i18next';

const INTL_LOCALES: Record<string, string> = { ru: 'ru-RU', kk: 'kk-KZ', en: 'en-GB' };

/** The console's current language as a domain locale (for code-list labels). */
export function useLocale(): Locale {
  const { i18n } = useTranslation();
  return isLocale(i18n.language) ? i18n.language : DEFAULT_LOCALE;
}

/** The Intl locale (ru-RU, kk-KZ, en-GB) of a console language. */
export function intlLocale(language: string): string {
  return INTL_LOCALES[language] ?? language;
}

/**
 * Dates written with digits, the same way on every screen and in every browser: 07.12.2026 in
 * Russian and in Kazakh (as Kazakhstan writes them; some browsers' Kazakh data gives 2026-12-07),
 * 07/12/2026 in English.
 */
const NUMERIC_DATE_LOCALES: Record<string, string> = { ru: 'ru-RU', kk: 'ru-RU', en: 'en-GB' };
const numericDateLocale = (language: string) => NUMERIC_DATE_LOCALES[language] ?? intlLocale(language);
const DATE_TIME_FIELDS: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
};

/** Date-time formatting in the console language. */
export function useFormatDateTime(): (iso: string | null | undefined) => string {
  const { i18n, t } = useTranslation();
  const format = new Intl.DateTimeFormat(numericDateLocale(i18n.language), DATE_TIME_FIELDS);
  return (iso) => (iso ? format.format(new Date(iso)) : t('common.never'));
}

/** Hours and minutes only ("saved 14:05"). */
export function useFormatTime(): (date: Date | string) => string {
  const { i18n } = useTranslation();
  const format = new Intl.DateTimeFormat(intlLocale(i18n.language), { hour: '2-digit', minute: '2-digit', hour12: false });
  return (date) => format.format(typeof date === 'string' ? new Date(date) : date);
}

/** A calendar date (due dates, route dates). Plain `yyyy-mm-dd` strings are shown as that day, not shifted by time zone. */
export function useFormatDate(): (value: string | null | undefined) => string {
  const { i18n, t } = useTranslation();
  const format = new Intl.DateTimeFormat(intlLocale(i18n.language), { dateStyle: 'medium' });
  return (value) => {
    if (!value) return t('common.none');
    const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00`) : new Date(value);
    return format.format(date);
  };
}

/** A local calendar day (from an `<input type="date">`) to the instant it starts, for API ranges. */
export function dayStartIso(day: string): string | undefined {
  return day ? new Date(`${day}T00:00:00`).toISOString() : undefined;
}

/** The instant the local day after `day` starts: the API's `to` is exclusive. */
export function dayAfterIso(day: string): string | undefined {
  if (!day) return undefined;
  const next = new Date(`${day}T00:00:00`);
  next.setDate(next.getDate() + 1);
  return next.toISOString();
}

/**
 * Date-time as the clock shows it in a time zone (an office's or a client's), with the
 * zone's short name: "12.03.2026, 19:30 GMT+5". Falls back to the device's zone for an unknown one.
 */
export function useFormatDateTimeIn(): (iso: string | null | undefined, timeZone: string) => string {
  const { i18n, t } = useTranslation();
  const locale = numericDateLocale(i18n.language);
  const fields = DATE_TIME_FIELDS;
  return (iso, timeZone) => {
    if (!iso) return t('common.never');
    try {
      return new Intl.DateTimeFormat(locale, { ...fields, timeZone, timeZoneName: 'short' }).format(new Date(iso));
    } catch {
      return new Intl.DateTimeFormat(locale, fields).format(new Date(iso));
    }
  };
}

/** A file's size as people read it: "120 KB", "1.5 MB" in the console's language. */
export function useFormatFileSize(): (bytes: number | null) => string {
  const { i18n } = useTranslation();
  return (bytes) => {
    if (bytes === null) return '';
    const size = bytes >= 1024 * 1024 ? { value: bytes / (1024 * 1024), unit: 'megabyte' } : { value: Math.max(1, Math.round(bytes / 1024)), unit: 'kilobyte' };
    return new Intl.NumberFormat(intlLocale(i18n.language), { style: 'unit', unit: size.unit, unitDisplay: 'short', maximumFractionDigits: 1 }).format(
      size.value,
    );
  };
}
