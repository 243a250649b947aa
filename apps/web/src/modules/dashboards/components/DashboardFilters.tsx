import { useTranslation } from 'react-i18next';
import { DateField, Group, NativeSelect, Paper, Text } from '@web/modules/ui';

export interface DashboardFilterValues {
  /** yyyy-mm-dd, the first day. */
  from: string;
  /** yyyy-mm-dd, the last day (inclusive here; the API's `to` is the day after). */
  to: string;
  /** '' = all offices in view. */
  officeId: string;
}

interface DashboardFiltersProps {
  value: DashboardFilterValues;
  onChange: (patch: Partial<DashboardFilterValues>) => void;
  offices: { id: string; name: string }[];
  allOffices: boolean;
  errors: Partial<Record<'from' | 'to' | 'officeId', string>>;
}

/** Office (for the line now and the period figures) and the period; they apply as they change. */
export function DashboardFilters({ value, onChange, offices, allOffices, errors }: DashboardFiltersProps) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="md" role="search" aria-label={t('dashboard.filters.label')} data-testid="dashboard-filters">
      <Group align="flex-start" gap="md" wrap="wrap">
        <NativeSelect
          label={t('dashboard.filters.office')}
          name="officeId"
          value={value.officeId}
          error={errors.officeId}
          data={[
            { value: '', label: t(allOffices ? 'dashboard.filters.everyOffice' : 'dashboard.filters.allMyOffices') },
            ...offices.map((office) => ({ value: office.id, label: office.name })),
          ]}
          onChange={(event) => onChange({ officeId: event.currentTarget.value })}
        />
        <DateField
          label={t('dashboard.filters.from')}
          name="from"
          required
          value={value.from}
          max={value.to || undefined}
          error={errors.from}
          onChange={(from) => onChange({ from })}
        />
        <DateField
          label={t('dashboard.filters.to')}
          name="to"
          required
          value={value.to}
          min={value.from || undefined}
          error={errors.to}
          onChange={(to) => onChange({ to })}
        />
      </Group>
      <Text size="xs" c="dimmed" mt="xs">
        {t('dashboard.filters.hint')}
      </Text>
    </Paper>
  );
}
