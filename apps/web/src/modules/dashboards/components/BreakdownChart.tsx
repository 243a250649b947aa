import type { MantineColor } from '@mantine/core';
import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { Anchor, Box, ColorSwatch, Group, Paper, Stack, Table, Text, Title, VisuallyHidden } from '@web/modules/ui';
import { BarChart, DonutChart } from '@web/modules/ui/charts';
import { useNumberFormat } from '../format';
import type { KeyLabel } from '../labels';
import type { BreakdownDto } from '../types';

const PALETTE: MantineColor[] = ['blue.6', 'teal.6', 'orange.6', 'grape.6', 'cyan.6', 'red.6', 'lime.7', 'indigo.6', 'yellow.7', 'pink.6'];
/** Bars beyond these are in the table only (languages, countries). */
const MAX_BARS = 12;
const BAR_HEIGHT = 30;

interface BreakdownChartProps {
  /** The wrapper's test id is `chart-<name>`. */
  name: string;
  title: string;
  rows: readonly BreakdownDto[];
  labelOf: KeyLabel;
  /** Where a bar (and its table row) leads: a list filtered by that key; null = no link. */
  hrefOf?: (key: string) => string | null;
  /** `bars` (horizontal, the default), `columns` (keep the order and the zeros: hours) or `donut`. */
  kind?: 'bars' | 'columns' | 'donut';
  /** The table under the chart: shown (default) or for screen readers only (long and without links). */
  table?: 'visible' | 'screenReaders';
  /** A note under the title (e.g. a case can count in several bars). */
  note?: string;
  /** Colour per key (donut segments). */
  colorOf?: (key: string, index: number) => MantineColor;
}

/**
 * One breakdown of a dashboard: a chart for the eye (hidden from screen readers) and the same
 * figures as a table (label, count, share) that screen readers read and the keyboard reaches;
 * its label cells link to the filtered list where there is one. Clicking a bar does the same.
 */
export function BreakdownChart({ name, title, rows, labelOf, hrefOf, kind = 'bars', table = 'visible', note, colorOf }: BreakdownChartProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const format = useNumberFormat();
  const titleId = useId();
  const total = rows.reduce((sum, row) => sum + row.count, 0);
  const data = rows.map((row, index) => ({
    key: row.key,
    label: labelOf(row.key),
    count: row.count,
    href: hrefOf?.(row.key) ?? null,
    index,
    color: colorOf?.(row.key, index) ?? PALETTE[index % PALETTE.length],
  }));
  const shown = kind === 'columns' ? data : data.filter((row) => row.count > 0).slice(0, MAX_BARS);
  const open = (href: string | null) => {
    if (href) void navigate(href);
  };
  const seriesLabel = t('dashboard.chart.count');

  let chart: ReactNode = null;
  if (total > 0 && kind === 'donut') {
    chart = (
      <DonutChart
        data={shown.map((row) => ({ name: row.label, value: row.count, color: row.color }))}
        chartLabel={format.integer(total)}
        size={150}
        thickness={24}
        withLabels={false}
        accessibilityLayer={false}
        mx="auto"
        tooltipDataSource="segment"
      />
    );
  } else if (total > 0) {
    const vertical = kind === 'bars';
    const anyLink = shown.some((row) => row.href);
    chart = (
      <BarChart
        h={vertical ? Math.max(shown.length * BAR_HEIGHT + 40, 110) : 220}
        data={shown}
        dataKey="label"
        orientation={vertical ? 'vertical' : 'horizontal'}
        series={[{ name: 'count', label: seriesLabel, color: colorOf?.('', 0) ?? 'blue.6' }]}
        withBarValueLabel={vertical}
        gridAxis={vertical ? 'none' : 'y'}
        withXAxis={!vertical || shown.length === 0}
        tickLine="none"
        yAxisProps={vertical ? { width: 170, interval: 0 } : { allowDecimals: false, width: 36 }}
        xAxisProps={vertical ? { allowDecimals: false } : { interval: 0, tickFormatter: (value: string) => value.slice(0, 2) }}
        valueFormatter={format.integer}
        accessibilityLayer={false}
        maxBarWidth={vertical ? 22 : undefined}
        barProps={
          anyLink
            ? {
                cursor: 'pointer',
                onClick: (entry: { payload?: { href?: string | null } }) => open(entry.payload?.href ?? null),
              }
            : undefined
        }
      />
    );
  }

  const figures = (
    <Table withTableBorder={table === 'visible'} verticalSpacing={4} fz="sm" data-testid={`chart-${name}-table`}>
      <caption>
        <VisuallyHidden>{t('dashboard.chart.caption', { title, total: format.integer(total) })}</VisuallyHidden>
      </caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{t('dashboard.chart.item')}</Table.Th>
          <Table.Th scope="col" ta="right">
            {t('dashboard.chart.count')}
          </Table.Th>
          <Table.Th scope="col" ta="right">
            {t('dashboard.chart.share')}
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {data.map((row) => (
          <Table.Tr key={row.key} data-key={row.key} data-count={row.count}>
            <Table.Th scope="row" fw={400}>
              <Group gap={6} wrap="nowrap" component="span">
                {kind === 'donut' ? (
                  <ColorSwatch color={`var(--mantine-color-${row.color.replace('.', '-')})`} size={10} aria-hidden="true" component="span" />
                ) : null}
                {row.href ? (
                  <Anchor component={Link} to={row.href} size="sm" aria-label={t('dashboard.chart.openList', { label: row.label, n: row.count })}>
                    {row.label}
                  </Anchor>
                ) : (
                  <span>{row.label}</span>
                )}
              </Group>
            </Table.Th>
            <Table.Td ta="right">{format.integer(row.count)}</Table.Td>
            <Table.Td ta="right">{format.share(row.count, total)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );

  return (
    <Paper withBorder p="md" component="section" aria-labelledby={titleId} data-testid={`chart-${name}`} data-total={total}>
      <Stack gap="xs">
        <div>
          <Title order={3} size="h5" id={titleId}>
            {title}
          </Title>
          <Text size="xs" c="dimmed">
            {t('dashboard.chart.total', { n: format.integer(total) })}
            {note ? ` · ${note}` : ''}
          </Text>
        </div>
        {total === 0 ? (
          <Text size="sm" c="dimmed" data-testid={`chart-${name}-empty`}>
            {t('dashboard.chart.empty')}
          </Text>
        ) : (
          <>
            <Box aria-hidden="true">{chart}</Box>
            {table === 'visible' ? figures : <VisuallyHidden>{figures}</VisuallyHidden>}
          </>
        )}
      </Stack>
    </Paper>
  );
}
