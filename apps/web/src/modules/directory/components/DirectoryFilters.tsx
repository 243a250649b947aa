import { useTranslation } from 'react-i18next';
import { useCodes } from '@web/modules/i18n/codes';
import { Checkbox, Group, NativeSelect, TextInput } from '@web/modules/ui';
import type { Region, ServiceType } from '../hooks/use-directory';

export interface DirectoryFilterValues {
  q: string;
  serviceType: ServiceType | '';
  region: Region | '';
  language: string;
  acceptsReferrals: boolean;
}

export const EMPTY_DIRECTORY_FILTERS: DirectoryFilterValues = { q: '', serviceType: '', region: '', language: '', acceptsReferrals: false };

/** Search the directory by words, service, region, language and whether it takes referrals. */
export function DirectoryFilters({
  values,
  onChange,
  withLanguage = true,
  withAccepts = true,
}: {
  values: DirectoryFilterValues;
  onChange: (patch: Partial<DirectoryFilterValues>) => void;
  withLanguage?: boolean;
  withAccepts?: boolean;
}) {
  const { t } = useTranslation();
  const codes = useCodes();
  return (
    <Group align="flex-end" gap="md" wrap="wrap" role="search" aria-label={t('directory.search')}>
      <TextInput
        label={t('common.search')}
        description={t('directory.searchHint')}
        type="search"
        name="q"
        value={values.q}
        onChange={(event) => onChange({ q: event.currentTarget.value })}
      />
      <NativeSelect
        label={t('directory.serviceType')}
        name="serviceType"
        value={values.serviceType}
        data={codes.withEmpty('serviceType', t('common.all'))}
        onChange={(event) => onChange({ serviceType: event.currentTarget.value as ServiceType | '' })}
      />
      <NativeSelect
        label={t('directory.region')}
        name="region"
        value={values.region}
        data={codes.withEmpty('region', t('common.all'))}
        onChange={(event) => onChange({ region: event.currentTarget.value as Region | '' })}
      />
      {withLanguage ? (
        <NativeSelect
          label={t('directory.language')}
          name="language"
          value={values.language}
          data={codes.languageOptions(t('common.all'))}
          onChange={(event) => onChange({ language: event.currentTarget.value })}
        />
      ) : null}
      {withAccepts ? (
        <Checkbox
          label={t('directory.acceptsReferralsOnly')}
          name="acceptsReferrals"
          checked={values.acceptsReferrals}
          mb={8}
          onChange={(event) => onChange({ acceptsReferrals: event.currentTarget.checked })}
        />
      ) : null}
    </Group>
  );
}

/** The API query for a set of filter values. */
export function directoryQuery(values: DirectoryFilterValues, q: string) {
  return {
    ...(q ? { q } : {}),
    ...(values.serviceType ? { serviceType: values.serviceType } : {}),
    ...(values.region ? { region: values.region } : {}),
    ...(values.language ? { language: values.language } : {}),
    ...(values.acceptsReferrals ? { acceptsReferrals: true } : {}),
  };
}
