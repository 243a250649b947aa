import { isLocale, LOCALES } from '@mayak/domain';
import { useTranslation } from 'react-i18next';
import { changeLocale, nativeName } from '@web/i18n';
import classes from './language-switch.module.css';

/**
 * Language of the console. Language names are shown in their own language (a reader of
 * Kazakh looks for "Қазақша", not its translation). `onChanged` lets a signed-in shell
 * save the choice to the user's profile. A native select, so the sign-in screen draws it
 * without the component library.
 */
export function LanguageSwitch({ onChanged }: { onChanged?: (locale: (typeof LOCALES)[number]) => void }) {
  const { t, i18n } = useTranslation();
  return (
    <select
      className={classes.select}
      aria-label={t('app.language')}
      data-testid="language-switch"
      value={isLocale(i18n.language) ? i18n.language : 'ru'}
      onChange={(event) => {
        const value = event.currentTarget.value;
        if (!isLocale(value)) return;
        void changeLocale(value).then(() => onChanged?.(value));
      }}
    >
      {LOCALES.map((locale) => (
        <option key={locale} value={locale}>
          {nativeName(locale)}
        </option>
      ))}
    </select>
  );
}
