import { useTranslation } from 'react-i18next';

/** ISO weekdays, as safe windows count them: 1 = Monday … 7 = Sunday. */
export const ISO_DAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/** Names of the ISO weekdays in the console's language, from the translations (not every browser has Kazakh date names). */
export function useWeekdayNames(): Record<number, { short: string; long: string }> {
  const { t } = useTranslation();
  return Object.fromEntries(ISO_DAYS.map((day) => [day, { short: t(`callbacks.weekdays.short.${day}`), long: t(`callbacks.weekdays.long.${day}`) }]));
}
