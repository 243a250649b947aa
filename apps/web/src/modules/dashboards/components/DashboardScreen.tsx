import { useQueryClient } from '@tanstack/react-query';
import type { UseQueryResult } from '@tanstack/react-query';
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { fieldErrorsOf } from '@web/modules/api/errors';
import { Button, ErrorAlert, LoadingState, PageHeader, Stack, Tabs, Text } from '@web/modules/ui';
import type { DrillScope } from '../drill';
import { addDays, daysBetween, defaultPeriod, isDay, MAX_PERIOD_DAYS } from '../format';
import { useDashboardOffices } from '../hooks/use-dashboard-offices';
import { useSession } from '@web/modules/auth/hooks/use-session';
import {
  DASHBOARDS_KEY,
  DASHBOARD_VIEWS,
  useActivity,
  useActivityEvents,
  useCaseLoad,
  useTraffickingPicture,
  type DashboardPeriodParams,
  type DashboardView,
} from '../hooks/use-dashboards';
import { ActivitySection } from './ActivitySection';
import { CaseLoadSection } from './CaseLoadSection';
import { DashboardFilters, type DashboardFilterValues } from './DashboardFilters';
import { LineNow } from './LineNow';
import { TraffickingSection } from './TraffickingSection';

type PeriodErrors = Partial<Record<'from' | 'to' | 'officeId', string>>;

function isView(value: string | null): value is DashboardView {
  return DASHBOARD_VIEWS.includes(value as DashboardView);
}

/** A period query's figures, its loading state or its error (field errors are shown on the filters). */
function PeriodFigures<T>({ query, children }: { query: UseQueryResult<T>; children: (data: T) => ReactNode }) {
  if (query.data) return <>{children(query.data)}</>;
  if (query.isError) return <ErrorAlert error={query.error} />;
  if (query.isFetching || query.isPending) return <LoadingState />;
  return null;
}

/**
 * The supervisors' dashboard: the line now (live), then the period's activity, case load and
 * trafficking picture for their offices (administrators: every office). Filters and the tab
 * live in the address (?from=&to=&office=&view=), so Back from a drill-down comes back here.
 */
export function DashboardScreen() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [searchParams, setSearchParams] = useSearchParams();
  const offices = useDashboardOffices();
  const session = useSession();
  const officeParam = searchParams.get('office') ?? '';
  // "Today" is the chosen office's (else the user's first office's), whatever this computer's zone.
  const myOffices = session.data?.user.offices ?? [];
  const timeZone = (myOffices.find((o) => o.id === officeParam) ?? myOffices[0])?.timezone ?? null;
  const defaults = useMemo(() => defaultPeriod(timeZone), [timeZone]);
  useActivityEvents();

  const filters: DashboardFilterValues = {
    from: searchParams.get('from') ?? defaults.from,
    to: searchParams.get('to') ?? defaults.to,
    officeId: officeParam,
  };
  const viewParam = searchParams.get('view');
  const view: DashboardView = isView(viewParam) ? viewParam : 'activity';

  const update = (patch: Partial<DashboardFilterValues> & { view?: DashboardView }) => {
    setSearchParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        const names: Record<string, string> = { from: 'from', to: 'to', officeId: 'office', view: 'view' };
        for (const [key, value] of Object.entries(patch)) next.set(names[key], value ?? '');
        if (next.get('office') === '') next.delete('office');
        return next;
      },
      { replace: true },
    );
  };

  // The period is checked here first; what the API still refuses comes back as field errors.
  const periodErrors: PeriodErrors = {};
  if (!isDay(filters.from)) periodErrors.from = t('fieldErrors.required');
  if (!isDay(filters.to)) periodErrors.to = t('fieldErrors.required');
  else if (!periodErrors.from && filters.to < filters.from) periodErrors.to = t('fieldErrors.dateRange');
  else if (!periodErrors.from && daysBetween(filters.from, addDays(filters.to, 1)) > MAX_PERIOD_DAYS) periodErrors.to = t('fieldErrors.period_too_long');
  const periodOk = !periodErrors.from && !periodErrors.to;

  const params: DashboardPeriodParams = {
    from: filters.from,
    to: periodOk ? addDays(filters.to, 1) : filters.to,
    ...(filters.officeId ? { officeId: filters.officeId } : {}),
  };
  const activity = useActivity(params, periodOk && view === 'activity');
  const caseLoad = useCaseLoad(params, periodOk && view === 'caseload');
  const trafficking = useTraffickingPicture(params, periodOk && view === 'trafficking');
  const current = view === 'activity' ? activity : view === 'caseload' ? caseLoad : trafficking;
  const apiErrors = fieldErrorsOf(t, current.error) as PeriodErrors;
  const errors: PeriodErrors = { ...apiErrors, ...periodErrors };
  const hasFieldErrors = Object.keys(errors).length > 0;
  const lineOffice = filters.officeId && !apiErrors.officeId ? filters.officeId : undefined;
  const scope: DrillScope = { from: filters.from, to: filters.to, ...(filters.officeId ? { officeId: filters.officeId } : {}) };
  const showByOffice = !filters.officeId && offices.options.length > 1;

  const panel = (content: ReactNode) =>
    hasFieldErrors ? (
      <Text c="dimmed" size="sm" role="status">
        {t('dashboard.fixFilters')}
      </Text>
    ) : (
      content
    );

  return (
    <div data-testid="dashboard-page">
      <PageHeader
        title={t('dashboard.title')}
        actions={
          <Button variant="default" onClick={() => void queryClient.invalidateQueries({ queryKey: DASHBOARDS_KEY })} data-testid="dashboard-refresh">
            {t('common.refresh')}
          </Button>
        }
      />
      <Stack gap="md">
        <DashboardFilters value={filters} onChange={update} offices={offices.options} allOffices={offices.allOffices} errors={errors} />
        <LineNow officeId={lineOffice} />
        <Tabs value={view} onChange={(value) => update({ view: isView(value) ? value : 'activity' })} keepMounted={false}>
          <Tabs.List aria-label={t('dashboard.views.label')} mb="md">
            {DASHBOARD_VIEWS.map((value) => (
              <Tabs.Tab key={value} value={value} data-testid={`dashboard-tab-${value}`}>
                {t(`dashboard.views.${value}`)}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          <Tabs.Panel value="activity">
            {panel(
              <PeriodFigures query={activity}>
                {(data) => <ActivitySection data={data} scope={scope} officeNames={offices.names} byOffice={showByOffice} />}
              </PeriodFigures>,
            )}
          </Tabs.Panel>
          <Tabs.Panel value="caseload">
            {panel(<PeriodFigures query={caseLoad}>{(data) => <CaseLoadSection data={data} scope={scope} />}</PeriodFigures>)}
          </Tabs.Panel>
          <Tabs.Panel value="trafficking">
            {panel(<PeriodFigures query={trafficking}>{(data) => <TraffickingSection data={data} scope={scope} />}</PeriodFigures>)}
          </Tabs.Panel>
        </Tabs>
      </Stack>
    </div>
  );
}
