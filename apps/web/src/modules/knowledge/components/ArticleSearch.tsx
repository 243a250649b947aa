import { LOCALES, type Locale } from '@mayak/domain';
import { nativeName } from '@web/i18n';
import { useTranslation } from 'react-i18next';
import { Group, NativeSelect, TextInput } from '@web/modules/ui';

export interface ArticleFilterValues {
  q: string;
  locale: Locale | '';
  tag: string;
}

/** Search the knowledge base by words, language (the console's by default) and tag. */
export function ArticleSearch({
  values,
  onChange,
  compact,
}: {
  values: ArticleFilterValues;
  onChange: (patch: Partial<ArticleFilterValues>) => void;
  compact?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Group align="flex-end" gap="sm" wrap="wrap" role="search" aria-label={t('knowledge.search')}>
      <TextInput
        label={t('knowledge.searchLabel')}
        type="search"
        name="knowledge-q"
        value={values.q}
        size={compact ? 'xs' : 'sm'}
        onChange={(event) => onChange({ q: event.currentTarget.value })}
      />
      <NativeSelect
        label={t('knowledge.locale')}
        name="knowledge-locale"
        value={values.locale}
        size={compact ? 'xs' : 'sm'}
        data={[{ value: '', label: t('common.all') }, ...LOCALES.map((locale) => ({ value: locale, label: nativeName(locale) }))]}
        onChange={(event) => onChange({ locale: event.currentTarget.value as Locale | '' })}
      />
      {!compact ? (
        <TextInput label={t('knowledge.tag')} name="knowledge-tag" value={values.tag} onChange={(event) => onChange({ tag: event.currentTarget.value })} />
      ) : null}
    </Group>
  );
}

export function articleQuery(values: ArticleFilterValues, q: string) {
  const tag = values.tag.trim().replace(/^#/, '');
  return { ...(q ? { q } : {}), ...(values.locale ? { locale: values.locale } : {}), ...(tag ? { tag } : {}) };
}
