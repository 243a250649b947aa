import { useTranslation } from 'react-i18next';
import { useCan } from '@web/modules/auth/hooks/use-can';
import { useFormatDateTime } from '@web/modules/i18n/format';
import { Button, ErrorAlert, Group, LoadingState, PageHeader, Text } from '@web/modules/ui';
import { useQueueHealth } from '../hooks/use-queue-health';
import { MetricsSummary } from './MetricsSummary';
import { QueueHealthTable } from './QueueHealthTable';

/** bull-board, served by the API behind the administrator's session (a page of its own, not the console's). */
export const QUEUE_BOARD_URL = '/api/v1/admin/queues/board/';

export function QueueHealth() {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const health = useQueueHealth();
  const can = useCan();
  return (
    <>
      <PageHeader
        title={t('queues.title')}
        actions={
          <Group gap="sm">
            {can('queues.manage') ? (
              <Button
                component="a"
                href={QUEUE_BOARD_URL}
                target="_blank"
                rel="noopener"
                variant="light"
                data-testid="open-queue-board"
                aria-label={t('queues.openBoardLabel')}
              >
                {t('queues.openBoard')}
              </Button>
            ) : null}
            <Button variant="default" onClick={() => void health.refetch()} loading={health.isFetching}>
              {t('common.refresh')}
            </Button>
          </Group>
        }
      />
      {health.isPending ? (
        <LoadingState />
      ) : health.isError ? (
        <ErrorAlert error={health.error} />
      ) : (
        <>
          <Text size="sm" c="dimmed" mb="sm" aria-live="polite">
            {t('queues.checkedAt', { time: formatDateTime(health.data.checkedAt) })}
          </Text>
          <QueueHealthTable queues={health.data.queues} />
        </>
      )}
      <MetricsSummary />
    </>
  );
}
