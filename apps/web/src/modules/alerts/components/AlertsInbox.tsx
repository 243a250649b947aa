import type { AlertDto } from '@mayak/api-client';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useTaskTitle } from '@web/modules/cases/task-title';
import { useCodes } from '@web/modules/i18n/codes';
import { useFormatDateTime } from '@web/modules/i18n/format';
import { Anchor, Button, DataTable, ErrorAlert, Group, LoadingState, LoadMore, PageHeader, StatusBadge, Tabs, Text, type Column } from '@web/modules/ui';
import { alertTarget, useAlerts, useMarkAlert, type AlertState } from '../hooks/use-alerts';

const TABS: (AlertState | 'all')[] = ['unread', 'open', 'resolved', 'all'];
const REFERRAL_ALERT_KINDS = new Set(['referral_overdue', 'referral_escalated', 'referral_answered', 'case_stale', 'task_overdue']);
const KIND_COLOURS: Record<string, string> = {
  critical_contact: 'red',
  message_unroutable: 'red',
  message_unprocessed: 'red',
  referral_escalated: 'red',
  referral_overdue: 'orange',
  task_overdue: 'orange',
  referral_answered: 'blue',
  conversation_assigned: 'blue',
  case_stale: 'gray',
};

/** What the alert is about, in words: the case reference, or the contact's risk and category. */
export function useAlertSubject() {
  const { t } = useTranslation();
  const taskTitle = useTaskTitle();
  const codes = useCodes();
  const formatDateTime = useFormatDateTime();
  return (alert: AlertDto): string => {
    const data = alert.data as Record<string, unknown>;
    const text = (key: string) => (typeof data[key] === 'string' ? (data[key] as string) : '');
    const reference = typeof data.reference === 'string' ? data.reference : null;
    const kind = alert.kind;
    if (reference && REFERRAL_ALERT_KINDS.has(kind)) {
      return t(`alerts.about.${kind}`, {
        reference,
        organisation: text('organisationName'),
        title: taskTitle(text('title')),
        due: formatDateTime(text('dueAt') || null),
        status: text('status') ? t(`referrals.status.${text('status')}`) : '',
      });
    }
    if (kind === 'message_unroutable')
      return t('alerts.about.message_unroutable', { reason: t(`alerts.unroutableReasons.${text('reason') || 'unsupported_channel'}`) });
    if (kind === 'message_unprocessed') return t('alerts.about.message_unprocessed');
    if (kind === 'conversation_assigned') return t('alerts.about.conversation_assigned', { channel: t(`conversations.channel.${text('channel') || 'sms'}`) });
    if (reference) return t('alerts.aboutCase', { reference });
    const parts = [
      typeof data.riskLevel === 'string' ? codes.label('riskLevel', data.riskLevel) : null,
      typeof data.category === 'string' ? codes.label('contactCategory', data.category) : null,
      typeof data.channel === 'string' ? codes.label('contactChannel', data.channel) : null,
    ].filter(Boolean);
    return parts.length ? t('alerts.aboutContact', { details: parts.join(', ') }) : t('alerts.aboutUnknown');
  };
}

/** The signed-in user's alerts: critical contacts (supervisors), closure approvals asked of them, referral answers and deadlines. */
export function AlertsInbox() {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const [tab, setTab] = useState<AlertState | 'all'>('open');
  const alerts = useAlerts(tab === 'all' ? '' : tab);
  const mark = useMarkAlert();
  const subject = useAlertSubject();
  const rows = alerts.data?.pages.flatMap((page) => page.items) ?? [];

  const columns: Column<AlertDto>[] = [
    {
      key: 'kind',
      header: t('alerts.kind'),
      cell: (alert) => <StatusBadge color={KIND_COLOURS[alert.kind] ?? 'orange'}>{t(`alerts.kinds.${alert.kind}`)}</StatusBadge>,
    },
    {
      key: 'subject',
      header: t('alerts.subject'),
      cell: (alert) => {
        const target = alertTarget(alert);
        return target ? (
          <Anchor component={Link} to={target}>
            {subject(alert)}
          </Anchor>
        ) : (
          <Text size="sm">{subject(alert)}</Text>
        );
      },
    },
    { key: 'createdAt', header: t('alerts.createdAt'), cell: (alert) => formatDateTime(alert.createdAt) },
    {
      key: 'state',
      header: t('common.status'),
      cell: (alert) =>
        alert.resolvedAt ? (
          <StatusBadge color="gray">{t('alerts.states.resolved')}</StatusBadge>
        ) : alert.readAt ? (
          <StatusBadge color="blue">{t('alerts.states.read')}</StatusBadge>
        ) : (
          <StatusBadge color="red">{t('alerts.states.unread')}</StatusBadge>
        ),
    },
    {
      key: 'actions',
      header: t('common.actions'),
      hideHeader: true,
      cell: (alert) => {
        const name = `${t(`alerts.kinds.${alert.kind}`)}: ${subject(alert)}`;
        return (
          <Group gap="xs" wrap="wrap">
            {!alert.readAt && !alert.resolvedAt ? (
              <Button
                size="xs"
                variant="light"
                loading={mark.isPending && mark.variables?.alert.id === alert.id && mark.variables.action === 'read'}
                onClick={() => mark.mutate({ alert, action: 'read' })}
                aria-label={t('alerts.markReadNamed', { name })}
              >
                {t('alerts.markRead')}
              </Button>
            ) : null}
            {!alert.resolvedAt ? (
              <Button
                size="xs"
                variant="subtle"
                loading={mark.isPending && mark.variables?.alert.id === alert.id && mark.variables.action === 'resolve'}
                onClick={() => mark.mutate({ alert, action: 'resolve' })}
                aria-label={t('alerts.resolveNamed', { name })}
              >
                {t('alerts.resolve')}
              </Button>
            ) : null}
          </Group>
        );
      },
    },
  ];

  return (
    <>
      <PageHeader title={t('alerts.title')} />
      <ErrorAlert error={mark.error} />
      <Tabs value={tab} onChange={(value) => setTab((value as AlertState | 'all' | null) ?? 'open')} keepMounted={false}>
        <Tabs.List aria-label={t('alerts.filter')} mb="md">
          {TABS.map((value) => (
            <Tabs.Tab key={value} value={value}>
              {t(`alerts.tabs.${value}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {TABS.map((value) => (
          <Tabs.Panel key={value} value={value}>
            {value !== tab ? null : alerts.isPending ? (
              <LoadingState />
            ) : alerts.isError ? (
              <ErrorAlert error={alerts.error} />
            ) : (
              <>
                <DataTable caption={t('alerts.caption')} columns={columns} rows={rows} rowKey={(alert) => alert.id} testId="alerts-table" />
                <LoadMore
                  shown={rows.length}
                  hasMore={!!alerts.hasNextPage}
                  loading={alerts.isFetchingNextPage}
                  onLoadMore={() => void alerts.fetchNextPage()}
                />
              </>
            )}
          </Tabs.Panel>
        ))}
      </Tabs>
    </>
  );
}
