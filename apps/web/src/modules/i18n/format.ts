import { useTranslation } from 'react-i18next';

const INTL_LOCALES: Record<string, string> = { ru: 'ru-RU', kk: 'kk-KZ', en: 'en-GB' };

/** Date-time formatting in the console language. */
export function useFormatDateTime(): (iso: string | null | undefined) => string {
  const { i18n, t } = useTranslation();
  const format = new Intl.DateTimeFormat(INTL_LOCALES[i18n.language] ?? i18n.language, {
    dateStyle: 'short',
    timeStyle: 'short',
  });
  return (iso) => (iso ? format.format(new Date(iso)) : t('common.never'));
}
