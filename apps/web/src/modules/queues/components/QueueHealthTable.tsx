import type { QueueStateDto } from '@mayak/api-client';
import { useTranslation } from 'react-i18next';
import { StatusBadge, DataTable, type Column } from '@web/modules/ui';

type CountKey = keyof QueueStateDto['counts'];
const COUNT_KEYS: readonly CountKey[] = ['waiting', 'active', 'delayed', 'failed', 'completed'];

export function QueueHealthTable({ queues }: { queues: QueueStateDto[] }) {
  const { t } = useTranslation();
  const columns: Column<QueueStateDto>[] = [
    { key: 'name', header: t('queues.name'), cell: (queue) => queue.name },
    {
      key: 'state',
      header: t('common.status'),
      cell: (queue) => <StatusBadge color={queue.isPaused ? 'yellow' : 'green'}>{queue.isPaused ? t('queues.paused') : t('queues.running')}</StatusBadge>,
    },
    {
      key: 'workers',
      header: t('queues.workers'),
      cell: (queue) => (queue.workers === 0 ? <StatusBadge color="red">{t('queues.noWorkers')}</StatusBadge> : queue.workers),
    },
    ...COUNT_KEYS.map((key) => ({
      key,
      header: t(`queues.counts.${key}`),
      cell: (queue: QueueStateDto) =>
        key === 'failed' && queue.counts.failed > 0 ? <StatusBadge color="red">{queue.counts.failed}</StatusBadge> : queue.counts[key],
    })),
  ];
  return <DataTable caption={t('queues.caption')} columns={columns} rows={queues} rowKey={(queue) => queue.name} testId="queues-table" />;
}
