import { useTranslation } from 'react-i18next';
import { useFormatDateTime } from '@web/modules/i18n/format';
import { useCan } from '@web/modules/auth/hooks/use-can';
import { Button, DataTable, ErrorAlert, Group, LoadingState, notifySuccess, Paper, SimpleGrid, Text, Title, type Column } from '@web/modules/ui';
import { useMailOverview, useRetryMails, type MailFailure } from '../hooks/use-notifications';

/** For administrators: how e-mail delivery stands, and the recent mails given up with the server's reason (never what they said). */
export function MailDelivery() {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const overview = useMailOverview();
  const retry = useRetryMails();
  const can = useCan();

  const kindLabel = (kind: string) => t(`notifications.kind.${kind}`, { defaultValue: kind === 'digest' ? t('notifications.digestKind') : kind });
  const columns: Column<MailFailure>[] = [
    { key: 'failedAt', header: t('mails.failedAt'), cell: (m) => (m.failedAt ? formatDateTime(m.failedAt) : t('common.none')) },
    { key: 'kind', header: t('mails.kind'), cell: (m) => kindLabel(m.kind) },
    { key: 'to', header: t('mails.to'), cell: (m) => m.toAddress },
    { key: 'attempts', header: t('mails.attempts'), cell: (m) => m.attempts },
    {
      key: 'reason',
      header: t('mails.reason'),
      cell: (m) => (
        <Text size="sm" style={{ wordBreak: 'break-word' }}>
          {m.lastError ?? t('common.none')}
        </Text>
      ),
    },
    ...(can('queues.manage')
      ? [
          {
            key: 'retry',
            header: t('mails.retryHeader'),
            cell: (m: MailFailure) => (
              <Button
                size="compact-sm"
                variant="light"
                loading={retry.isPending && retry.variables?.includes(m.id)}
                aria-label={t('mails.retryNamed', { to: m.toAddress })}
                onClick={() => retry.mutate([m.id], { onSuccess: (result) => notifySuccess(t('mails.retried', { count: result.requeued.length })) })}
              >
                {t('mails.retry')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <Paper withBorder p="md" mt="lg" component="section" aria-labelledby="mail-delivery-title" data-testid="mail-delivery">
      <Title order={2} size="h4" id="mail-delivery-title" mb="sm">
        {t('mails.title')}
      </Title>
      {overview.isPending ? (
        <LoadingState />
      ) : overview.isError ? (
        <ErrorAlert error={overview.error} />
      ) : (
        <>
          {!overview.data.enabled ? (
            <Text size="sm" c="orange.9" mb="sm" data-testid="mail-disabled">
              {t('mails.off')}
            </Text>
          ) : null}
          <SimpleGrid component="dl" cols={{ base: 3 }} spacing="sm" m={0} mb="sm">
            {(
              [
                ['pending', overview.data.pending],
                ['failed', overview.data.failed],
                ['sentLastDay', overview.data.sentLastDay],
              ] as const
            ).map(([key, value]) => (
              <div key={key}>
                <Text component="dt" size="xs" c="dimmed" fw={600}>
                  {t(`mails.${key}`)}
                </Text>
                <Text component="dd" size="lg" fw={600} m={0} data-testid={`mails-${key}`}>
                  {value}
                </Text>
              </div>
            ))}
          </SimpleGrid>
          <ErrorAlert error={retry.error} />
          {overview.data.failures.length ? (
            <DataTable caption={t('mails.failuresCaption')} columns={columns} rows={overview.data.failures} rowKey={(m) => m.id} testId="mail-failures" />
          ) : (
            <Text size="sm" c="dimmed">
              {t('mails.noFailures')}
            </Text>
          )}
          <Group mt="xs">
            <Text size="xs" c="dimmed">
              {t('mails.privacy')}
            </Text>
          </Group>
        </>
      )}
    </Paper>
  );
}
