import { isCode, type CodeListName } from '@mayak/domain';
import { useTranslation } from 'react-i18next';
import { useCodes } from '@web/modules/i18n/codes';
import { DateField, Group, NativeSelect, TextInput } from '@web/modules/ui';

export interface ContactFilterValues {
  q: string;
  scope: 'mine' | 'office';
  status: '' | 'in_progress' | 'completed';
  category: string;
  channel: string;
  riskLevel: string;
  from: string;
  to: string;
}

export const EMPTY_CONTACT_FILTERS: ContactFilterValues = { q: '', scope: 'mine', status: '', category: '', channel: '', riskLevel: '', from: '', to: '' };

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The first filters from a link's query (?scope=office&channel=&category=&riskLevel=&status=&from=&to=); unknown values are ignored. */
export function contactFiltersFrom(query: URLSearchParams, canSeeOffice: boolean): ContactFilterValues {
  const code = (list: CodeListName, name: string) => {
    const value = query.get(name) ?? '';
    return isCode(list, value) ? value : '';
  };
  const day = (name: string) => {
    const value = query.get(name) ?? '';
    return DAY.test(value) ? value : '';
  };
  const status = query.get('status');
  return {
    ...EMPTY_CONTACT_FILTERS,
    scope: canSeeOffice && query.get('scope') === 'office' ? 'office' : 'mine',
    status: status === 'in_progress' || status === 'completed' ? status : '',
    category: code('contactCategory', 'category'),
    channel: code('contactChannel', 'channel'),
    riskLevel: code('riskLevel', 'riskLevel'),
    from: day('from'),
    to: day('to'),
  };
}

interface ContactFiltersProps {
  value: ContactFilterValues;
  onChange: (value: ContactFilterValues) => void;
  /** Supervisors may also list their offices' contacts. */
  canSeeOffice: boolean;
}

/** Filters apply as they change; the search box waits for a pause in typing. */
export function ContactFilters({ value, onChange, canSeeOffice }: ContactFiltersProps) {
  const { t } = useTranslation();
  const codes = useCodes();
  const set = (patch: Partial<ContactFilterValues>) => onChange({ ...value, ...patch });
  const rangeError = value.from && value.to && value.to < value.from ? t('fieldErrors.dateRange') : undefined;
  return (
    <Group align="flex-start" gap="md" mb="md" wrap="wrap" role="search" aria-label={t('common.filters')}>
      <TextInput
        label={t('common.search')}
        description={t('contacts.searchHint')}
        type="search"
        name="q"
        value={value.q}
        onChange={(event) => set({ q: event.currentTarget.value })}
      />
      {canSeeOffice ? (
        <NativeSelect
          label={t('contacts.scope')}
          name="scope"
          value={value.scope}
          data={[
            { value: 'mine', label: t('contacts.scopeMine') },
            { value: 'office', label: t('contacts.scopeOffice') },
          ]}
          onChange={(event) => set({ scope: event.currentTarget.value as ContactFilterValues['scope'] })}
        />
      ) : null}
      <NativeSelect
        label={t('common.status')}
        name="status"
        value={value.status}
        data={[
          { value: '', label: t('common.all') },
          { value: 'in_progress', label: t('contacts.status.in_progress') },
          { value: 'completed', label: t('contacts.status.completed') },
        ]}
        onChange={(event) => set({ status: event.currentTarget.value as ContactFilterValues['status'] })}
      />
      <NativeSelect
        label={t('intake.category')}
        name="category"
        value={value.category}
        data={codes.withEmpty('contactCategory', t('common.all'))}
        onChange={(event) => set({ category: event.currentTarget.value })}
      />
      <NativeSelect
        label={t('intake.channel')}
        name="channel"
        value={value.channel}
        data={codes.withEmpty('contactChannel', t('common.all'))}
        onChange={(event) => set({ channel: event.currentTarget.value })}
      />
      <NativeSelect
        label={t('intake.riskLevel')}
        name="riskLevel"
        value={value.riskLevel}
        data={codes.withEmpty('riskLevel', t('common.all'))}
        onChange={(event) => set({ riskLevel: event.currentTarget.value })}
      />
      <DateField label={t('common.from')} name="from" value={value.from} max={value.to || undefined} onChange={(from) => set({ from })} />
      <DateField label={t('common.to')} name="to" value={value.to} min={value.from || undefined} error={rangeError} onChange={(to) => set({ to })} />
    </Group>
  );
}
