import type { MantineColor } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCan } from '@web/modules/auth/hooks/use-can';
import { Anchor, ErrorAlert, Group, LoadingState, Paper, SimpleGrid, Text, Title } from '@web/modules/ui';
import { drill } from '../drill';
import { formatSeconds, useNumberFormat } from '../format';
import { useLineNow, useLineNowEvents } from '../hooks/use-dashboards';

interface TileFigure {
  testId: string;
  label: string;
  value: number | null;
  display?: ReactNode;
  color?: MantineColor;
}

/** One tile: a title (a link where there is a list to open), the main figure and a second one under it. */
function Tile({ title, href, main, second, third }: { title: string; href?: string | null; main: TileFigure; second?: TileFigure; third?: TileFigure }) {
  const heading: ReactNode = href ? (
    <Anchor component={Link} to={href} size="sm" fw={600}>
      {title}
    </Anchor>
  ) : (
    title
  );
  return (
    <Paper withBorder p="sm" component="li" style={{ listStyle: 'none' }}>
      <Text size="sm" fw={600} mb={4}>
        {heading}
      </Text>
      <dl style={{ margin: 0 }}>
        <Text component="dt" size="xs" c="dimmed">
          {main.label}
        </Text>
        <Text component="dd" m={0} fz={28} fw={700} lh={1.2} c={main.color} data-testid={main.testId} data-value={main.value ?? ''}>
          {main.display ?? main.value}
        </Text>
        {second ? (
          <>
            <Text component="dt" size="xs" c="dimmed" mt={4}>
              {second.label}
            </Text>
            <Text component="dd" m={0} size="sm" fw={600} c={second.color} data-testid={second.testId} data-value={second.value ?? ''}>
              {second.display ?? second.value}
            </Text>
          </>
        ) : null}
        {third ? (
          <>
            <Text component="dt" size="xs" c="dimmed" mt={4}>
              {third.label}
            </Text>
            <Text component="dd" m={0} size="sm" fw={600} c={third.color} data-testid={third.testId} data-value={third.value ?? ''}>
              {third.display ?? third.value}
            </Text>
          </>
        ) : null}
      </dl>
    </Paper>
  );
}

/**
 * The line now, for one office or all the user's: callers waiting and the longest wait, calls
 * in progress, operators free and on calls, callbacks due and overdue, open critical cases and
 * texts waiting. Re-read on every call, callback and text event and every 15 seconds.
 */
export function LineNow({ officeId }: { officeId?: string }) {
  const { t } = useTranslation();
  const can = useCan();
  const format = useNumberFormat();
  const line = useLineNow(officeId);
  useLineNowEvents();
  const data = line.data;

  return (
    <Paper
      withBorder
      p="md"
      component="section"
      aria-labelledby="line-now-title"
      data-testid="line-now"
      data-as-of={data?.asOf}
      data-waiting={data?.callsWaiting}
      data-in-progress={data?.callsInProgress}
      data-available={data?.operatorsAvailable}
      data-on-call={data?.operatorsOnCall}
      data-callbacks-due={data?.callbacksDue}
      data-callbacks-overdue={data?.callbacksOverdue}
      data-critical={data?.openCriticalCases}
      data-texts={data?.textsWaiting}
    >
      <Group justify="space-between" align="baseline" mb="sm" wrap="wrap">
        <Title order={2} size="h4" id="line-now-title">
          {t('dashboard.line.title')}
        </Title>
        <Text size="xs" c="dimmed">
          {data ? t('dashboard.line.asOf', { time: format.clock(data.asOf) }) : null}
          {' · '}
          {t('dashboard.line.live')}
        </Text>
      </Group>
      {line.isPending ? (
        <LoadingState />
      ) : line.isError && !data ? (
        <ErrorAlert error={line.error} />
      ) : data ? (
        <SimpleGrid component="ul" cols={{ base: 2, sm: 3, lg: 6 }} spacing="sm" m={0} p={0}>
          <Tile
            title={t('dashboard.line.calls')}
            main={{
              testId: 'line-calls-waiting',
              label: t('dashboard.line.callsWaiting'),
              value: data.callsWaiting,
              color: data.callsWaiting > 0 ? 'orange.9' : undefined,
            }}
            second={{
              testId: 'line-longest-wait',
              label: t('dashboard.line.longestWait'),
              value: data.longestWaitSeconds,
              display: formatSeconds(data.longestWaitSeconds),
            }}
          />
          <Tile
            title={t('dashboard.line.inProgressTitle')}
            main={{ testId: 'line-calls-in-progress', label: t('dashboard.line.inProgress'), value: data.callsInProgress }}
          />
          <Tile
            title={t('dashboard.line.operators')}
            main={{ testId: 'line-operators-available', label: t('dashboard.line.available'), value: data.operatorsAvailable }}
            second={{ testId: 'line-operators-on-call', label: t('dashboard.line.onCall'), value: data.operatorsOnCall }}
            third={{ testId: 'line-operators-wrap-up', label: t('dashboard.line.inWrapUp'), value: data.operatorsInWrapUp }}
          />
          <Tile
            title={t('dashboard.line.callbacks')}
            href={can('callbacks.read') ? '/callbacks' : null}
            main={{ testId: 'line-callbacks-due', label: t('dashboard.line.callbacksDue'), value: data.callbacksDue }}
            second={{
              testId: 'line-callbacks-overdue',
              label: t('dashboard.line.callbacksOverdue'),
              value: data.callbacksOverdue,
              color: data.callbacksOverdue > 0 ? 'red.8' : undefined,
            }}
          />
          <Tile
            title={t('dashboard.line.criticalTitle')}
            href={can('cases.read') ? drill.cases({ priority: 'critical' }, { officeId }) : null}
            main={{
              testId: 'line-critical-cases',
              label: t('dashboard.line.critical'),
              value: data.openCriticalCases,
              display:
                data.openCriticalCases > 0 ? (
                  <>
                    <span aria-hidden="true">⚠ </span>
                    {data.openCriticalCases}
                  </>
                ) : (
                  data.openCriticalCases
                ),
              color: data.openCriticalCases > 0 ? 'red.8' : undefined,
            }}
          />
          <Tile
            title={t('dashboard.line.textsTitle')}
            href={can('telephony.answer') ? '/conversations' : null}
            main={{ testId: 'line-texts-waiting', label: t('dashboard.line.texts'), value: data.textsWaiting }}
          />
        </SimpleGrid>
      ) : null}
    </Paper>
  );
}
