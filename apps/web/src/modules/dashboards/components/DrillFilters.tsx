import { useMemo, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { Button, Group, Text } from '@web/modules/ui';

/** A filter a dashboard link may put on a list beyond the list's own filter fields. */
export interface DrillFilter {
  /** The query parameter, as the API names it. */
  name: string;
  /** What the filter is about ("Office", "Form of exploitation"). */
  label: string;
  /** Whether the address's value is one the list can use; others are ignored. */
  valid: (value: string) => boolean;
  /** The value in words. */
  valueLabel: (value: string) => string;
}

/**
 * The drill-down filters in the address (?officeId=…&exploitationType=…): the values the
 * list adds to its query, and the chips that show them, each one a button that removes it.
 */
export function useDrillFilters(filters: readonly DrillFilter[]): { values: Record<string, string>; chips: ReactElement | null } {
  const { t } = useTranslation();
  const [searchParams, setSearchParams] = useSearchParams();
  const active = useMemo(
    () =>
      filters.flatMap((filter) => {
        const value = searchParams.get(filter.name);
        return value !== null && filter.valid(value) ? [{ filter, value }] : [];
      }),
    [filters, searchParams],
  );
  const values = useMemo(() => Object.fromEntries(active.map(({ filter, value }) => [filter.name, value])), [active]);
  const remove = (name: string) =>
    setSearchParams(
      (current) => {
        const next = new URLSearchParams(current);
        next.delete(name);
        return next;
      },
      { replace: true },
    );

  const chips = active.length ? (
    <Group gap="xs" mb="sm" role="group" aria-label={t('drill.label')} data-testid="drill-filters">
      <Text size="sm" c="dimmed">
        {t('drill.label')}:
      </Text>
      {active.map(({ filter, value }) => (
        <Button
          key={filter.name}
          size="compact-sm"
          variant="light"
          rightSection={<span aria-hidden="true">×</span>}
          aria-label={t('drill.remove', { filter: `${filter.label}: ${filter.valueLabel(value)}` })}
          data-testid={`drill-filter-${filter.name}`}
          onClick={() => remove(filter.name)}
        >
          {filter.label}: {filter.valueLabel(value)}
        </Button>
      ))}
    </Group>
  ) : null;
  return { values, chips };
}
