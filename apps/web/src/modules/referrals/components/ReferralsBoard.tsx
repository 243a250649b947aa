import type { ReferralDto } from '@mayak/api-client';
import { REFERRAL_STATUSES } from '@mayak/domain';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useDrillFilters } from '@web/modules/dashboards/components/DrillFilters';
import { useReferralDrillFilters } from '@web/modules/dashboards/drill-filters';
import { OrganisationPicker } from '@web/modules/directory/components/OrganisationPicker';
import { useCodes } from '@web/modules/i18n/codes';
import { useFormatDateTime } from '@web/modules/i18n/format';
import {
  Anchor,
  Checkbox,
  DataTable,
  ErrorAlert,
  Group,
  LoadingState,
  NativeSelect,
  PageHeader,
  Pager,
  Stack,
  StatusBadge,
  Text,
  usePagination,
  type Column,
} from '@web/modules/ui';
import { useReferralBoard, type ReferralStatus } from '../hooks/use-referrals';
import { referralStatusColor } from './ReferralMoveDialog';

/** Every referral the user may see, open and most overdue first (the API's order), each linking to its case. */
export function ReferralsBoard() {
  const { t } = useTranslation();
  const codes = useCodes();
  const formatDateTime = useFormatDateTime();
  const pagination = usePagination();
  // A dashboard link may set the status and drill-down filters (?status=&organisationId=&officeId=&sentFrom=&sentTo=).
  const [searchParams] = useSearchParams();
  const [status, setStatus] = useState<ReferralStatus | ''>(() => {
    const value = searchParams.get('status') ?? '';
    return (REFERRAL_STATUSES as readonly string[]).includes(value) ? (value as ReferralStatus) : '';
  });
  const [organisationNames, setOrganisationNames] = useState<ReadonlyMap<string, string>>(new Map());
  const drill = useDrillFilters(useReferralDrillFilters(organisationNames));
  const [overdue, setOverdue] = useState(false);
  const [organisationId, setOrganisationId] = useState<string | null>(null);
  const board = useReferralBoard({
    limit: pagination.limit,
    offset: pagination.offset,
    ...(status ? { status } : {}),
    ...(overdue ? { overdue: true } : {}),
    ...(organisationId ? { organisationId } : {}),
    ...drill.values,
  });
  const drilledOrganisation = drill.values.organisationId ? board.data?.items.find((r) => r.organisationId === drill.values.organisationId) : undefined;
  if (drilledOrganisation && organisationNames.get(drilledOrganisation.organisationId) !== drilledOrganisation.organisationName) {
    setOrganisationNames(new Map([[drilledOrganisation.organisationId, drilledOrganisation.organisationName]]));
  }

  const columns: Column<ReferralDto>[] = [
    {
      key: 'case',
      header: t('referrals.case'),
      cell: (r) => (
        <Anchor component={Link} to={`/cases/${r.caseId}`} ff="monospace">
          {r.caseReference}
        </Anchor>
      ),
    },
    { key: 'organisation', header: t('referrals.organisation'), cell: (r) => r.organisationName },
    { key: 'service', header: t('referrals.service'), cell: (r) => codes.label('serviceType', r.serviceType) },
    {
      key: 'status',
      header: t('common.status'),
      cell: (r) => (
        <Group gap={4} wrap="nowrap">
          <StatusBadge color={referralStatusColor(r.status)}>{t(`referrals.status.${r.status}`)}</StatusBadge>
          {r.overdue ? <StatusBadge color="red">{t('referrals.overdue')}</StatusBadge> : null}
        </Group>
      ),
    },
    {
      key: 'due',
      header: t('referrals.due'),
      cell: (r) => (
        <Text size="sm" c={r.overdue ? 'red' : undefined}>
          {r.dueAt ? formatDateTime(r.dueAt) : t('common.none')}
        </Text>
      ),
    },
  ];

  return (
    <>
      <PageHeader title={t('referrals.boardTitle')} />
      <Stack gap="md">
        <Group align="flex-end" gap="md" wrap="wrap" role="search" aria-label={t('common.filters')}>
          <NativeSelect
            label={t('common.status')}
            name="status"
            value={status}
            data={[{ value: '', label: t('common.all') }, ...REFERRAL_STATUSES.map((value) => ({ value, label: t(`referrals.status.${value}`) }))]}
            onChange={(event) => {
              setStatus(event.currentTarget.value as ReferralStatus | '');
              pagination.reset();
            }}
          />
          <Checkbox
            label={t('referrals.overdueOnly')}
            name="overdue"
            checked={overdue}
            mb={8}
            onChange={(event) => {
              setOverdue(event.currentTarget.checked);
              pagination.reset();
            }}
          />
          <OrganisationPicker
            label={t('referrals.organisation')}
            value={organisationId}
            onChange={(id) => {
              setOrganisationId(id);
              pagination.reset();
            }}
          />
        </Group>
        {drill.chips}
        {board.isPending ? (
          <LoadingState />
        ) : board.isError ? (
          <ErrorAlert error={board.error} />
        ) : (
          <div>
            <DataTable caption={t('referrals.boardCaption')} columns={columns} rows={board.data.items} rowKey={(r) => r.id} testId="referrals-table" />
            <Pager total={board.data.total} state={pagination} />
          </div>
        )}
      </Stack>
    </>
  );
}
