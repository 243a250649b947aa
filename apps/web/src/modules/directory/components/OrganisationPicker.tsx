import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCodes } from '@web/modules/i18n/codes';
import { Group, NativeSelect, Text, TextInput } from '@web/modules/ui';
import { useOrganisation, useOrganisations } from '../hooks/use-directory';

/**
 * Pick one directory organisation: type to search, then choose from a native select
 * (keyboard and screen readers know it). The current choice stays in the list.
 */
export function OrganisationPicker({
  value,
  onChange,
  label,
  error,
  required,
}: {
  value: string | null;
  onChange: (id: string | null) => void;
  label: string;
  error?: string | null;
  required?: boolean;
}) {
  const { t } = useTranslation();
  const codes = useCodes();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const results = useOrganisations({ limit: 25, offset: 0, ...(q ? { q } : {}) });
  const current = useOrganisation(value);
  const items = results.data?.items ?? [];
  const options = [...(current.data && !items.some((o) => o.id === current.data.id) ? [current.data] : []), ...items];
  return (
    <Group align="flex-start" gap="sm" wrap="wrap" data-testid="organisation-picker">
      <TextInput
        label={t('directory.findOrganisation')}
        type="search"
        value={search}
        onChange={(event) => setSearch(event.currentTarget.value)}
        autoComplete="off"
      />
      <NativeSelect
        label={label}
        required={required}
        error={error}
        value={value ?? ''}
        data={[
          { value: '', label: t('common.notChosen') },
          ...options.map((o) => ({ value: o.id, label: `${o.name} (${codes.label('organisationType', o.type)})` })),
        ]}
        onChange={(event) => onChange(event.currentTarget.value || null)}
        miw={280}
      />
      {results.isError ? (
        <Text size="sm" c="red">
          {t('errors.unknown')}
        </Text>
      ) : null}
    </Group>
  );
}
