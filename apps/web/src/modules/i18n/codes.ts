import { CODE_LISTS, COMMON_CALLER_LANGUAGES, COUNTRY_CODES, LANGUAGE_CODES, codeLabel, countryLabel, languageLabel, type CodeListName } from '@mayak/domain';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocale } from './format';

export interface Option {
  value: string;
  label: string;
}

export interface OptionGroup {
  group: string;
  items: Option[];
}

/**
 * Labels and select options of the shared code lists (libs/domain) in the console's
 * language. Lists keep their own order (it is meaningful: risk levels rise, statuses flow).
 */
export function useCodes() {
  const locale = useLocale();
  const { t } = useTranslation();
  return useMemo(() => {
    const collator = new Intl.Collator(locale);
    const label = (list: CodeListName, value: string | null | undefined): string => (value ? codeLabel(list, value, locale) : t('common.none'));
    const options = (list: CodeListName): Option[] =>
      (CODE_LISTS[list] as readonly string[]).map((value) => ({ value, label: codeLabel(list, value, locale) }));
    /** Options with an empty first choice ("not chosen", "any", ...). */
    const withEmpty = (list: CodeListName, emptyLabel: string): Option[] => [{ value: '', label: emptyLabel }, ...options(list)];
    const language = (code: string | null | undefined) => (code ? languageLabel(code, locale) : t('common.none'));
    const country = (code: string | null | undefined) => (code ? countryLabel(code, locale) : t('common.none'));
    const common = new Set<string>(COMMON_CALLER_LANGUAGES);
    /** The region's usual languages first, then every other language by name. */
    const languageOptions = (emptyLabel: string): (Option | OptionGroup)[] => [
      { value: '', label: emptyLabel },
      { group: t('codes.commonLanguages'), items: COMMON_CALLER_LANGUAGES.map((code) => ({ value: code, label: languageLabel(code, locale) })) },
      {
        group: t('codes.otherLanguages'),
        items: LANGUAGE_CODES.filter((code) => !common.has(code))
          .map((code) => ({ value: code, label: languageLabel(code, locale) }))
          .sort((a, b) => collator.compare(a.label, b.label)),
      },
    ];
    /** Central Asia and the usual destinations first, then every country by name. */
    const countryOptions = (emptyLabel: string): (Option | OptionGroup)[] => {
      const region = ['KZ', 'UZ', 'TJ', 'KG', 'TM', 'RU', 'TR', 'AE', 'KR', 'CN'];
      return [
        { value: '', label: emptyLabel },
        { group: t('codes.regionCountries'), items: region.map((code) => ({ value: code, label: countryLabel(code, locale) })) },
        {
          group: t('codes.otherCountries'),
          items: COUNTRY_CODES.filter((code) => !region.includes(code))
            .map((code) => ({ value: code, label: countryLabel(code, locale) }))
            .sort((a, b) => collator.compare(a.label, b.label)),
        },
      ];
    };
    return { locale, label, options, withEmpty, language, country, languageOptions, countryOptions };
  }, [locale, t]);
}
