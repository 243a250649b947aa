import { useDebouncedValue } from '@mantine/hooks';
import type { CasePriority, CaseType } from '@mayak/domain';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api } from '@web/modules/api/client';
import { unwrap } from '@web/modules/api/errors';
import { useCan } from '@web/modules/auth/hooks/use-can';
import { OpenCaseDialog } from '@web/modules/contacts/components/OpenCaseDialog';
import { useSession } from '@web/modules/auth/hooks/use-session';
import { useCodes } from '@web/modules/i18n/codes';
import { dayAfterIso, dayStartIso, useFormatDateTime } from '@web/modules/i18n/format';
import { Anchor, Button, DataTable, ErrorAlert, LoadingState, LoadMore, PageHeader, Tabs, Text, type Column } from '@web/modules/ui';
import { CASES_KEY, useCaseList, type CaseListParams } from '../hooks/use-cases';
import { CaseStatusBadge, PriorityBadge } from '../labels';
import type { CaseSummaryDto } from '../types';
import { ListExportButtons } from '@web/modules/exports/components/ListExportButtons';
import { useDrillFilters } from '@web/modules/dashboards/components/DrillFilters';
import { useCaseDrillFilters } from '@web/modules/dashboards/drill-filters';
import { CaseFilters, caseFiltersFrom, hasCaseFilters, type CaseFilterValues } from './CaseFilters';

type CaseTab = 'mine' | 'all';

/** Cases the user may see: "My cases" (assigned to me) or all of them, searchable, newest activity first; `before` goes between the heading and the tabs. */
export function CaseList({ before }: { before?: ReactNode } = {}) {
  const { t } = useTranslation();
  const session = useSession();
  const codes = useCodes();
  const formatDateTime = useFormatDateTime();
  // A link (e.g. from the dashboard) may set the first filters (?status=&priority=&type=): they are about everyone's cases.
  const [searchParams] = useSearchParams();
  const [tab, setTab] = useState<CaseTab>(() => (session.data?.user.roles.includes('case_worker') && !hasCaseFilters(searchParams) ? 'mine' : 'all'));
  const [filters, setFilters] = useState<CaseFilterValues>(() => caseFiltersFrom(searchParams));
  const [assigneeNames, setAssigneeNames] = useState<ReadonlyMap<string, string>>(new Map());
  const can = useCan();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);
  const offices = session.data?.user.offices ?? [];
  const drill = useDrillFilters(useCaseDrillFilters(assigneeNames));
  const { assigneeId, ...drillValues } = drill.values;
  const [q] = useDebouncedValue(filters.q.trim(), 300);
  const rangeOk = !(filters.from && filters.to && filters.to < filters.from);
  const assignee = tab === 'mine' ? 'me' : (assigneeId ?? filters.assignee);
  const params: CaseListParams = {
    ...(q ? { q } : {}),
    ...(filters.status.length ? { status: filters.status } : {}),
    ...(filters.priority ? { priority: filters.priority as CasePriority } : {}),
    ...(filters.type ? { type: filters.type as CaseType } : {}),
    ...(assignee ? { assignee } : {}),
    ...(filters.sharedWithMe ? { sharedWithMe: true } : {}),
    ...(rangeOk && filters.from ? { from: dayStartIso(filters.from) } : {}),
    ...(rangeOk && filters.to ? { to: dayAfterIso(filters.to) } : {}),
    ...(drillValues as Partial<CaseListParams>),
  };
  const cases = useCaseList(params);
  const rows = cases.data?.pages.flatMap((page) => page.items) ?? [];
  const assigneeShown = assigneeId ? rows.find((c) => c.assignee?.id === assigneeId)?.assignee : undefined;
  if (assigneeShown && assigneeNames.get(assigneeShown.id) !== assigneeShown.displayName)
    setAssigneeNames(new Map([[assigneeShown.id, assigneeShown.displayName]]));

  const columns: Column<CaseSummaryDto>[] = [
    {
      key: 'reference',
      header: t('cases.reference'),
      cell: (c) => (
        <Anchor component={Link} to={`/cases/${c.id}`} ff="monospace" fw={600} size="sm">
          {c.reference}
        </Anchor>
      ),
    },
    { key: 'priority', header: t('cases.priorityLabel'), cell: (c) => <PriorityBadge priority={c.priority} /> },
    { key: 'status', header: t('common.status'), cell: (c) => <CaseStatusBadge status={c.status} /> },
    { key: 'type', header: t('cases.type'), cell: (c) => codes.label('caseType', c.type) },
    {
      key: 'client',
      header: t('cases.client'),
      cell: (c) =>
        c.personName ?? (
          <Text size="sm" c="dimmed">
            {t('cases.noClient')}
          </Text>
        ),
    },
    {
      key: 'assignee',
      header: t('cases.assignee'),
      cell: (c) =>
        c.assignee?.displayName ?? (
          <Text size="sm" c="dimmed">
            {t('cases.unassigned')}
          </Text>
        ),
    },
    { key: 'lastActivity', header: t('cases.lastActivity'), cell: (c) => formatDateTime(c.lastActivityAt) },
  ];

  const list = cases.isPending ? (
    <LoadingState />
  ) : cases.isError ? (
    <ErrorAlert error={cases.error} />
  ) : (
    <>
      <DataTable
        caption={t(tab === 'mine' ? 'cases.captionMine' : 'cases.captionAll')}
        columns={columns}
        rows={rows}
        rowKey={(c) => c.id}
        testId="cases-table"
      />
      <LoadMore shown={rows.length} hasMore={!!cases.hasNextPage} loading={cases.isFetchingNextPage} onLoadMore={() => void cases.fetchNextPage()} />
    </>
  );

  return (
    <>
      <PageHeader
        title={t('cases.title')}
        actions={
          can('cases.contribute') ? (
            <Button onClick={() => setCreating(true)} data-testid="case-create">
              {t('cases.create.button')}
            </Button>
          ) : null
        }
      />
      <OpenCaseDialog
        opened={creating}
        officeId={offices[0]?.id ?? null}
        category=""
        critical={false}
        standalone={{ offices }}
        onClose={() => setCreating(false)}
        onOpen={(body, officeId) => unwrap(api.POST('/api/v1/cases', { body: { ...body, ...(officeId ? { officeId } : {}) } }))}
        onOpened={(created) => {
          setCreating(false);
          void queryClient.invalidateQueries({ queryKey: CASES_KEY });
          void navigate(`/cases/${created.id}`);
        }}
      />
      {before}
      <Tabs value={tab} onChange={(value) => setTab(value === 'mine' ? 'mine' : 'all')} keepMounted={false}>
        <Tabs.List aria-label={t('cases.tabsLabel')} mb="md">
          <Tabs.Tab value="mine" data-testid="cases-tab-mine">
            {t('cases.tabMine')}
          </Tabs.Tab>
          <Tabs.Tab value="all" data-testid="cases-tab-all">
            {t('cases.tabAll')}
          </Tabs.Tab>
        </Tabs.List>
        <CaseFilters value={filters} onChange={setFilters} assigneeLocked={tab === 'mine'} />
        {drill.chips}
        <ListExportButtons list="cases" filters={params} />
        <Tabs.Panel value="mine">{tab === 'mine' ? list : null}</Tabs.Panel>
        <Tabs.Panel value="all">{tab === 'all' ? list : null}</Tabs.Panel>
      </Tabs>
    </>
  );
}
