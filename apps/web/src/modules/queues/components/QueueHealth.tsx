import { useTranslation } from 'react-i18next';
import { useFormatDateTime } from '../../i18n/format';
import { Button, ErrorAlert, LoadingState, PageHeader, Text } from '../../ui';
import { useQueueHealth } from '../hooks/use-queue-health';
import { QueueHealthTable } from './QueueHealthTable';

export function QueueHealth() {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const health = useQueueHealth();
  return (
    <>
      <PageHeader
        title={t('queues.title')}
        actions={<Button variant="default" onClick={() => void health.refetch()} loading={health.isFetching}>{t('common.refresh')}</Button>}
      />
      {health.isPending ? <LoadingState /> : health.isError ? <ErrorAlert error={health.error} /> : (
        <>
          <Text size="sm" c="dimmed" mb="sm" aria-live="polite">
            {t('queues.checkedAt', { time: formatDateTime(health.data.checkedAt) })}
          </Text>
          <QueueHealthTable queues={health.data.queues} />
        </>
      )}
    </>
  );
}
