import type { PartnerReferralDto } from '@mayak/api-client';
import { useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useCodes } from '@web/modules/i18n/codes';
import { useFormatDateTime, useLocale } from '@web/modules/i18n/format';
import {
  Anchor,
  Button,
  DataTable,
  ErrorAlert,
  Grid,
  Group,
  LoadingState,
  notifySuccess,
  PageHeader,
  Pager,
  Paper,
  Stack,
  StatusBadge,
  Text,
  Title,
  usePagination,
  type Column,
} from '@web/modules/ui';
import { partnerLetterUrl, usePartnerAnswer, usePartnerReferral, usePartnerReferrals, type ReferralStatus } from '../hooks/use-referrals';
import { ReferralMoveDialog, referralStatusColor } from './ReferralMoveDialog';

/** A partner's console: the referrals addressed to their organisation, and their answers. */
export function PartnerConsole() {
  const { t } = useTranslation();
  const codes = useCodes();
  const formatDateTime = useFormatDateTime();
  const pagination = usePagination();
  const list = usePartnerReferrals({ limit: pagination.limit, offset: pagination.offset });
  // A link from the new-referral mail (`/partner?referral=<id>`) opens that referral.
  const [searchParams] = useSearchParams();
  const [selected, setSelected] = useState<string | null>(() => searchParams.get('referral'));

  const columns: Column<PartnerReferralDto>[] = [
    {
      key: 'reference',
      header: t('partner.reference'),
      cell: (r) => (
        <Button
          variant="subtle"
          size="compact-sm"
          ff="monospace"
          onClick={() => setSelected(r.id)}
          aria-current={selected === r.id ? 'true' : undefined}
          aria-label={t('partner.openNamed', { reference: r.caseReference })}
        >
          {r.caseReference}
        </Button>
      ),
    },
    { key: 'service', header: t('referrals.service'), cell: (r) => codes.label('serviceType', r.serviceType) },
    {
      key: 'status',
      header: t('common.status'),
      cell: (r) => <StatusBadge color={referralStatusColor(r.status)}>{t(`referrals.status.${r.status}`)}</StatusBadge>,
    },
    { key: 'due', header: t('referrals.due'), cell: (r) => (r.dueAt ? formatDateTime(r.dueAt) : t('common.none')) },
  ];

  return (
    <>
      <PageHeader title={t('partner.title')} />
      <Text size="sm" c="dimmed" mb="md">
        {t('partner.intro')}
      </Text>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 6 }}>
          {list.isPending ? (
            <LoadingState />
          ) : list.isError ? (
            <ErrorAlert error={list.error} />
          ) : (
            <>
              <DataTable caption={t('partner.caption')} columns={columns} rows={list.data.items} rowKey={(r) => r.id} testId="partner-referrals" />
              <Pager total={list.data.total} state={pagination} />
            </>
          )}
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 6 }}>
          {selected ? (
            <PartnerReferral key={selected} id={selected} />
          ) : (
            <Text size="sm" c="dimmed">
              {t('partner.pick')}
            </Text>
          )}
        </Grid.Col>
      </Grid>
    </>
  );
}

function PartnerReferral({ id }: { id: string }) {
  const { t } = useTranslation();
  const codes = useCodes();
  const locale = useLocale();
  const formatDateTime = useFormatDateTime();
  const referral = usePartnerReferral(id);
  const answer = usePartnerAnswer();
  const [moving, setMoving] = useState<ReferralStatus | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  if (referral.isPending) return <LoadingState />;
  if (referral.isError) return <ErrorAlert error={referral.error} />;
  const r = referral.data;

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="partner-referral-title" data-testid="partner-referral" data-status={r.status}>
      <Stack gap="sm">
        <Title order={2} size="h4" id="partner-referral-title" ref={headingRef} tabIndex={-1}>
          {t('partner.referralTitle', { reference: r.caseReference })}
        </Title>
        <Group gap="xs">
          <StatusBadge color={referralStatusColor(r.status)}>{t(`referrals.status.${r.status}`)}</StatusBadge>
          <Text size="sm">{codes.label('serviceType', r.serviceType)}</Text>
          <Text size="sm" c="dimmed">
            {r.organisationName}
          </Text>
        </Group>
        <Text size="sm">{r.dueAt ? t('referrals.dueAt', { time: formatDateTime(r.dueAt) }) : t('common.none')}</Text>
        <div>
          <Title order={3} size="h6">
            {t('partner.summary')}
          </Title>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="partner-summary">
            {r.sharedSummary}
          </Text>
        </div>
        <div>
          <Title order={3} size="h6">
            {t('partner.client')}
          </Title>
          {r.clientName || r.clientPhone ? (
            <Text size="sm" data-testid="partner-client">
              {[r.clientName, r.clientPhone].filter(Boolean).join(' · ')}
            </Text>
          ) : (
            <Text size="sm" c="dimmed">
              {t('partner.clientNotShared')}
            </Text>
          )}
        </div>
        {r.outcome ? <Text size="sm">{t('referrals.outcomeLine', { outcome: codes.label('referralOutcome', r.outcome) })}</Text> : null}
        {r.reason ? <Text size="sm">{t('referrals.reasonLine', { reason: r.reason })}</Text> : null}
        {r.partnerNote ? <Text size="sm">{t('referrals.noteLine', { note: r.partnerNote })}</Text> : null}
        {!moving ? <ErrorAlert error={answer.error} /> : null}
        <Group gap="xs" wrap="wrap" role="group" aria-label={t('partner.answer')}>
          {r.allowedTransitions.map((target) => (
            <Button
              key={target}
              size="sm"
              variant={target === 'declined' ? 'outline' : 'light'}
              color={target === 'declined' ? 'red' : undefined}
              data-transition={target}
              onClick={() => {
                answer.reset();
                setMoving(target);
              }}
            >
              {t(`referrals.move.${target}`)}
            </Button>
          ))}
          <Anchor size="sm" href={partnerLetterUrl(r.id, locale)} target="_blank" rel="noopener">
            {t('referrals.letter')}
          </Anchor>
        </Group>
      </Stack>
      <ReferralMoveDialog
        target={moving}
        title={moving ? t('partner.moveTitle', { action: t(`referrals.move.${moving}`), reference: r.caseReference }) : ''}
        pending={answer.isPending}
        error={answer.error}
        onClose={() => setMoving(null)}
        onSubmit={(details, onError) =>
          moving &&
          answer.mutate(
            { id: r.id, body: { version: r.version, status: moving, ...details } },
            {
              onSuccess: (updated) => {
                setMoving(null);
                notifySuccess(t('referrals.moved', { status: t(`referrals.status.${updated.status}`) }));
                window.setTimeout(() => headingRef.current?.focus(), 0);
              },
              onError,
            },
          )
        }
      />
    </Paper>
  );
}
