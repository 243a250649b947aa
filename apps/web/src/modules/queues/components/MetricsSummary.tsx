import type { MetricsSummaryDto } from '@mayak/api-client';
import { useTranslation } from 'react-i18next';
import { Figures } from '@web/modules/dashboards/components/Figures';
import { Code, ErrorAlert, List, LoadingState, Stack, Text, Title } from '@web/modules/ui';
import { useMetricsSummary } from '../hooks/use-metrics-summary';

/** The key figures Prometheus scrapes, and where it scrapes them. */
export function MetricsSummary() {
  const { t } = useTranslation();
  const summary = useMetricsSummary();
  return (
    <Stack gap="sm" mt="xl" component="section" aria-labelledby="metrics-summary-title" data-testid="metrics-summary">
      <Title order={2} size="h4" id="metrics-summary-title">
        {t('queues.metrics.title')}
      </Title>
      {summary.isPending ? <LoadingState /> : summary.isError ? <ErrorAlert error={summary.error} /> : <MetricsFigures summary={summary.data} />}
    </Stack>
  );
}

function MetricsFigures({ summary }: { summary: MetricsSummaryDto }) {
  const { t } = useTranslation();
  const { scrape, dbPool } = summary;
  const endpoints = [
    scrape.apiPath ? t('queues.metrics.apiPath', { path: scrape.apiPath }) : null,
    scrape.apiPort ? t('queues.metrics.apiPort', { address: `${scrape.host}:${scrape.apiPort}` }) : null,
    scrape.workerPort ? t('queues.metrics.workerPort', { address: `${scrape.host}:${scrape.workerPort}` }) : null,
  ].filter((line): line is string => line !== null);
  return (
    <>
      <Figures
        cols={5}
        items={[
          {
            testId: 'metrics-calls-waiting',
            label: t('queues.metrics.callsWaiting'),
            display: summary.callsWaiting,
            value: summary.callsWaiting,
            color: summary.callsWaiting > 0 ? 'orange' : undefined,
          },
          { testId: 'metrics-callbacks-due', label: t('queues.metrics.callbacksDue'), display: summary.callbacksDue, value: summary.callbacksDue },
          {
            testId: 'metrics-callbacks-overdue',
            label: t('queues.metrics.callbacksOverdue'),
            display: summary.callbacksOverdue,
            value: summary.callbacksOverdue,
            color: summary.callbacksOverdue > 0 ? 'red' : undefined,
          },
          {
            testId: 'metrics-sse',
            label: t('queues.metrics.sseConnections'),
            display: summary.sseConnections,
            value: summary.sseConnections,
            hint: t('queues.metrics.thisProcess'),
          },
          {
            testId: 'metrics-db-pool',
            label: t('queues.metrics.dbPool'),
            display: t('queues.metrics.dbPoolValue', { busy: dbPool.total - dbPool.idle, total: dbPool.total }),
            value: dbPool.total - dbPool.idle,
            hint: t('queues.metrics.dbPoolWaiting', { waiting: dbPool.waiting }),
            color: dbPool.waiting > 0 ? 'red' : undefined,
          },
        ]}
      />
      <Text size="sm" c="dimmed">
        {t('queues.metrics.scrapeHelp')}
      </Text>
      {endpoints.length ? (
        <List size="sm" data-testid="metrics-endpoints">
          {endpoints.map((line) => (
            <List.Item key={line}>
              <Code>{line}</Code>
            </List.Item>
          ))}
        </List>
      ) : (
        <Text size="sm" data-testid="metrics-endpoints">
          {t('queues.metrics.notServed')}
        </Text>
      )}
    </>
  );
}
