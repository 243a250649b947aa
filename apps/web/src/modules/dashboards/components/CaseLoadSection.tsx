import { useTranslation } from 'react-i18next';
import { useCan } from '@web/modules/auth/hooks/use-can';
import { Link } from 'react-router';
import { Anchor, DataTable, Paper, SimpleGrid, Stack, Text, Title, type Column } from '@web/modules/ui';
import { drill, type DrillScope } from '../drill';
import { useNumberFormat } from '../format';
import { useKeyLabels } from '../labels';
import type { AssigneeLoadDto, CaseLoadDto, PartnerResponseDto } from '../types';
import { BreakdownChart } from './BreakdownChart';
import { Figures } from './Figures';

const NO_OFFICES: ReadonlyMap<string, string> = new Map();

/** Open cases now (by status, priority, type and assignee, and those gone quiet); closures, referrals and callbacks of the period. */
export function CaseLoadSection({ data, scope }: { data: CaseLoadDto; scope: DrillScope }) {
  const { t } = useTranslation();
  const can = useCan();
  const format = useNumberFormat();
  const labels = useKeyLabels(NO_OFFICES);
  const casesLink = can('cases.read');
  const referralsLink = can('referrals.read');
  const { callbacks } = data;

  const assigneeColumns: Column<AssigneeLoadDto>[] = [
    {
      key: 'assignee',
      header: t('dashboard.caseload.assignee'),
      cell: (row) => {
        const name = row.user?.displayName ?? (
          <Text size="sm" c="dimmed" component="span">
            {t('cases.unassigned')}
          </Text>
        );
        if (!casesLink) return name;
        const href = row.user ? drill.cases({ assigneeId: row.user.id }, scope) : `${drill.cases({}, scope)}&assignee=none`;
        return (
          <Anchor component={Link} to={href} size="sm">
            {name}
          </Anchor>
        );
      },
    },
    { key: 'count', header: t('dashboard.caseload.openCases'), cell: (row) => format.integer(row.count) },
  ];
  const partnerColumns: Column<PartnerResponseDto>[] = [
    {
      key: 'organisation',
      header: t('dashboard.caseload.organisation'),
      cell: (row) =>
        referralsLink ? (
          <Anchor component={Link} to={drill.referrals({ organisationId: row.organisationId }, scope)} size="sm">
            {row.organisationName}
          </Anchor>
        ) : (
          row.organisationName
        ),
    },
    { key: 'sent', header: t('dashboard.caseload.sent'), cell: (row) => format.integer(row.sent) },
    { key: 'accepted', header: t('dashboard.caseload.accepted'), cell: (row) => format.integer(row.accepted) },
    { key: 'declined', header: t('dashboard.caseload.declined'), cell: (row) => format.integer(row.declined) },
    { key: 'rate', header: t('dashboard.caseload.acceptanceRate'), cell: (row) => format.percent(row.acceptanceRate) },
    {
      key: 'response',
      header: t('dashboard.caseload.medianResponse'),
      cell: (row) => (row.medianResponseHours === null ? '—' : t('dashboard.caseload.hours', { n: format.decimal(row.medianResponseHours) })),
    },
  ];

  return (
    <Stack gap="md" component="section" aria-labelledby="caseload-title" data-testid="caseload-section" data-open={data.openCases}>
      <Title order={2} size="h4" id="caseload-title">
        {t('dashboard.views.caseload')}
      </Title>
      <Figures
        cols={4}
        items={[
          {
            testId: 'caseload-open',
            label: t('dashboard.caseload.openCases'),
            value: data.openCases,
            display: format.integer(data.openCases),
            hint: t('dashboard.caseload.openHint'),
          },
          {
            testId: 'caseload-without-activity',
            label: t('dashboard.caseload.withoutActivity'),
            value: data.withoutActivity,
            display: format.integer(data.withoutActivity),
            hint: t('dashboard.caseload.withoutActivityHint'),
            color: data.withoutActivity > 0 ? 'orange.9' : undefined,
            href: casesLink && data.withoutActivity > 0 ? drill.cases({ inactiveDays: data.staleDays }, scope) : null,
          },
          {
            testId: 'caseload-callbacks-completed',
            label: t('dashboard.caseload.callbacksCompleted'),
            value: callbacks.completed,
            display: format.integer(callbacks.completed),
            hint: t('dashboard.caseload.callbacksOther', { failed: callbacks.failed, cancelled: callbacks.cancelled }),
            href: can('callbacks.read') ? `/callbacks?view=closed${scope.officeId ? `&officeId=${scope.officeId}` : ''}` : null,
          },
          {
            testId: 'caseload-callbacks-first-attempt',
            label: t('dashboard.caseload.callbacksFirstAttempt'),
            value: callbacks.completedFirstAttempt,
            display: format.integer(callbacks.completedFirstAttempt),
            hint: t('dashboard.caseload.ofCompleted', { share: format.share(callbacks.completedFirstAttempt, callbacks.completed) }),
          },
        ]}
      />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <BreakdownChart
          name="open-by-status"
          title={t('dashboard.caseload.byStatus')}
          rows={data.openByStatus}
          labelOf={labels.caseStatus}
          hrefOf={casesLink ? (key) => (key ? drill.cases({ status: key }, scope) : null) : undefined}
        />
        <BreakdownChart
          name="open-by-priority"
          title={t('dashboard.caseload.byPriority')}
          rows={data.openByPriority}
          labelOf={labels.casePriority}
          hrefOf={casesLink ? (key) => (key ? drill.cases({ priority: key }, scope) : null) : undefined}
          colorOf={() => 'orange.6'}
        />
        <BreakdownChart
          name="open-by-type"
          title={t('dashboard.caseload.byType')}
          rows={data.openByType}
          labelOf={labels.code('caseType')}
          hrefOf={casesLink ? (key) => (key ? drill.cases({ type: key }, scope) : null) : undefined}
          colorOf={() => 'grape.6'}
        />
        <Paper withBorder p="md" component="section" aria-labelledby="caseload-assignees-title">
          <Title order={3} size="h5" id="caseload-assignees-title" mb={4}>
            {t('dashboard.caseload.byAssignee')}
          </Title>
          <Text size="xs" c="dimmed" mb="xs">
            {t('dashboard.caseload.byAssigneeHint')}
          </Text>
          <DataTable
            caption={t('dashboard.caseload.byAssignee')}
            columns={assigneeColumns}
            rows={data.openByAssignee}
            rowKey={(row) => row.user?.id ?? 'unassigned'}
            testId="caseload-assignees"
            minWidth={0}
          />
        </Paper>
        <BreakdownChart
          name="closures-by-reason"
          title={t('dashboard.caseload.closuresByReason')}
          rows={data.closuresByReason}
          labelOf={labels.code('closureReason')}
          hrefOf={casesLink ? (key) => (key ? drill.closures(key, scope) : null) : undefined}
          colorOf={() => 'gray.6'}
        />
        <BreakdownChart
          name="referrals-by-status"
          title={t('dashboard.caseload.referralsByStatus')}
          rows={data.referralsByStatus}
          labelOf={labels.referralStatus}
          hrefOf={referralsLink ? (key) => (key ? drill.referrals({ status: key }, scope) : null) : undefined}
          colorOf={() => 'teal.6'}
        />
      </SimpleGrid>
      <Paper withBorder p="md" component="section" aria-labelledby="caseload-partners-title">
        <Title order={3} size="h5" id="caseload-partners-title" mb={4}>
          {t('dashboard.caseload.partners')}
        </Title>
        <Text size="xs" c="dimmed" mb="xs">
          {t('dashboard.caseload.partnersHint')}
        </Text>
        <DataTable
          caption={t('dashboard.caseload.partners')}
          columns={partnerColumns}
          rows={data.partners}
          rowKey={(row) => row.organisationId}
          testId="caseload-partners"
        />
      </Paper>
    </Stack>
  );
}
