import { isLocale, LOCALES } from '@mayak/domain';
import { useTranslation } from 'react-i18next';
import { changeLocale, nativeName } from '../../i18n';
import { NativeSelect } from '../ui';

/**
 * Language of the console. Language names are shown in their own language (a reader of
 * Kazakh looks for "Қазақша", not its translation). `onChanged` lets a signed-in shell
 * save the choice to the user's profile.
 */
export function LanguageSwitch({ onChanged }: { onChanged?: (locale: (typeof LOCALES)[number]) => void }) {
  const { t, i18n } = useTranslation();
  return (
    <NativeSelect
      aria-label={t('app.language')}
      data-testid="language-switch"
      size="xs"
      value={isLocale(i18n.language) ? i18n.language : 'ru'}
      data={LOCALES.map((locale) => ({ value: locale, label: nativeName(locale) }))}
      onChange={(event) => {
        const value = event.currentTarget.value;
        if (!isLocale(value)) return;
        void changeLocale(value).then(() => onChanged?.(value));
      }}
    />
  );
}
