import { CASE_PRIORITIES, CASE_STATUSES, isCode, type CasePriority, type CaseStatus } from '@mayak/domain';
import { useTranslation } from 'react-i18next';
import { useCodes } from '@web/modules/i18n/codes';
import { Checkbox, DateField, Group, NativeSelect, Stack, TextInput } from '@web/modules/ui';

export interface CaseFilterValues {
  q: string;
  status: CaseStatus[];
  priority: string;
  type: string;
  /** '' any, 'me', 'none' (unassigned). */
  assignee: '' | 'me' | 'none';
  sharedWithMe: boolean;
  from: string;
  to: string;
}

export const EMPTY_CASE_FILTERS: CaseFilterValues = { q: '', status: [], priority: '', type: '', assignee: '', sharedWithMe: false, from: '', to: '' };

/** The first filters from a link's query (?status=open,referred&priority=critical&type=trafficking&from=2026-01-01&to=2026-01-31); unknown values are ignored. */
export function caseFiltersFrom(query: URLSearchParams): CaseFilterValues {
  const statuses = query.getAll('status').flatMap((value) => value.split(','));
  const priority = query.get('priority') ?? '';
  const type = query.get('type') ?? '';
  const day = (name: string) => {
    const value = query.get(name) ?? '';
    return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : '';
  };
  return {
    ...EMPTY_CASE_FILTERS,
    from: day('from'),
    to: day('to'),
    assignee: query.get('assignee') === 'none' ? 'none' : query.get('assignee') === 'me' ? 'me' : '',
    status: CASE_STATUSES.filter((status) => statuses.includes(status)),
    priority: CASE_PRIORITIES.includes(priority as CasePriority) ? priority : '',
    type: isCode('caseType', type) ? type : '',
  };
}

/** Whether a link's query sets any case filter. */
export function hasCaseFilters(query: URLSearchParams): boolean {
  return [
    'status',
    'priority',
    'type',
    'from',
    'to',
    'assignee',
    'officeId',
    'assigneeId',
    'closureReason',
    'closedFrom',
    'inactiveDays',
    'trafficking',
    'traffickingStatus',
    'exploitationType',
    'controlMethod',
    'countryOfExploitation',
    'citizenship',
    'gender',
    'ageGroup',
  ].some((name) => query.has(name));
}

/** Search (reference, phone, name or words from notes) and filters; they apply as they change. */
export function CaseFilters({
  value,
  onChange,
  assigneeLocked,
}: {
  value: CaseFilterValues;
  onChange: (value: CaseFilterValues) => void;
  assigneeLocked: boolean;
}) {
  const { t } = useTranslation();
  const codes = useCodes();
  const set = (patch: Partial<CaseFilterValues>) => onChange({ ...value, ...patch });
  const rangeError = value.from && value.to && value.to < value.from ? t('fieldErrors.dateRange') : undefined;
  return (
    <Stack gap="sm" mb="md" role="search" aria-label={t('common.filters')}>
      <Group align="flex-start" gap="md" wrap="wrap">
        <TextInput
          label={t('common.search')}
          description={t('cases.searchHint')}
          type="search"
          name="q"
          w={{ base: '100%', sm: 320 }}
          value={value.q}
          onChange={(event) => set({ q: event.currentTarget.value })}
        />
        <NativeSelect
          label={t('cases.priorityLabel')}
          name="priority"
          value={value.priority}
          data={[{ value: '', label: t('common.all') }, ...CASE_PRIORITIES.map((p) => ({ value: p, label: t(`cases.priority.${p}`) }))]}
          onChange={(event) => set({ priority: event.currentTarget.value })}
        />
        <NativeSelect
          label={t('cases.type')}
          name="type"
          value={value.type}
          data={codes.withEmpty('caseType', t('common.all'))}
          onChange={(event) => set({ type: event.currentTarget.value })}
        />
        {!assigneeLocked ? (
          <NativeSelect
            label={t('cases.assignee')}
            name="assignee"
            value={value.assignee}
            data={[
              { value: '', label: t('common.all') },
              { value: 'me', label: t('cases.assigneeMe') },
              { value: 'none', label: t('cases.unassigned') },
            ]}
            onChange={(event) => set({ assignee: event.currentTarget.value as CaseFilterValues['assignee'] })}
          />
        ) : null}
        <DateField label={t('cases.openedFrom')} name="from" value={value.from} max={value.to || undefined} onChange={(from) => set({ from })} />
        <DateField label={t('cases.openedTo')} name="to" value={value.to} min={value.from || undefined} error={rangeError} onChange={(to) => set({ to })} />
      </Group>
      <Group align="flex-end" gap="xl" wrap="wrap">
        <Checkbox.Group label={t('common.status')} value={value.status} onChange={(status) => set({ status: status as CaseStatus[] })}>
          <Group gap="md" mt={4}>
            {CASE_STATUSES.map((status) => (
              <Checkbox key={status} value={status} label={t(`cases.status.${status}`)} />
            ))}
          </Group>
        </Checkbox.Group>
        <Checkbox label={t('cases.sharedWithMe')} checked={value.sharedWithMe} onChange={(event) => set({ sharedWithMe: event.currentTarget.checked })} />
      </Group>
    </Stack>
  );
}
