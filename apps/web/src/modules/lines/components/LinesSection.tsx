import type { LineDto } from '@mayak/api-client';
import { formatTimeOfDay } from '@mayak/domain';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, ErrorAlert, LoadingState, Paper, StatusBadge, Table, Text, Title, VisuallyHidden } from '@web/modules/ui';
import { useLines } from '../hooks/use-lines';
import { LineHoursDialog, WEEKDAYS } from './LineHoursDialog';

/** The hotline's numbers: when each takes calls, and what callers get outside those hours. */
export function LinesSection({ canManage }: { canManage: boolean }) {
  const { t } = useTranslation();
  const lines = useLines();
  const [editing, setEditing] = useState<LineDto | null>(null);
  const opener = useRef<HTMLButtonElement | null>(null);

  const hoursOf = (line: LineDto): string => {
    if (!line.openingHours) return t('lines.aroundTheClock');
    const days = WEEKDAYS.map((day) => {
      const periods = line.openingHours!.periods.filter((p) => p.day === day);
      if (!periods.length) return null;
      return `${t(`lines.weekdays.${day}`)} ${periods.map((p) => `${formatTimeOfDay(p.start)}–${formatTimeOfDay(p.end)}`).join(', ')}`;
    }).filter(Boolean);
    const holidays = line.openingHours.holidays.length ? ` · ${t('lines.holidaysCount', { n: line.openingHours.holidays.length })}` : '';
    return `${days.length ? days.join('; ') : t('lines.alwaysClosed')}${holidays}`;
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="lines-title" mt="lg">
      <Title order={2} size="h4" id="lines-title" mb="xs">
        {t('lines.title')}
      </Title>
      <Text size="sm" mb="sm">
        {t('lines.intro')}
      </Text>
      {lines.isPending ? <LoadingState /> : null}
      <ErrorAlert error={lines.error} />
      {lines.data ? (
        <Table.ScrollContainer minWidth={640}>
          <Table data-testid="lines-table">
            <caption>
              <VisuallyHidden>{t('lines.title')}</VisuallyHidden>
            </caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('lines.number')}</Table.Th>
                <Table.Th>{t('lines.office')}</Table.Th>
                <Table.Th>{t('lines.hours')}</Table.Th>
                <Table.Th>{t('lines.afterHours')}</Table.Th>
                <Table.Th>{t('lines.now')}</Table.Th>
                {canManage ? (
                  <Table.Th>
                    <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                  </Table.Th>
                ) : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {lines.data.map((line) => (
                <Table.Tr key={line.lineNumber} data-testid={`line-${line.lineNumber}`}>
                  <Table.Td ff="monospace">{line.lineNumber}</Table.Td>
                  <Table.Td>{line.officeCode}</Table.Td>
                  <Table.Td>{hoursOf(line)}</Table.Td>
                  <Table.Td>
                    {line.afterHours === 'forward'
                      ? t('lines.forwardTo', { number: line.forwardTo })
                      : line.afterHours === 'voicemail'
                        ? t('lines.voicemail')
                        : t('lines.message')}
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge color={line.openNow ? 'green' : 'gray'}>{line.openNow ? t('lines.open') : t('lines.closed')}</StatusBadge>
                  </Table.Td>
                  {canManage ? (
                    <Table.Td>
                      <Button
                        size="xs"
                        variant="default"
                        onClick={(event) => {
                          opener.current = event.currentTarget;
                          setEditing(line);
                        }}
                        aria-label={t('lines.editNamed', { number: line.lineNumber })}
                        data-testid={`line-edit-${line.lineNumber}`}
                      >
                        {t('common.edit')}
                      </Button>
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
      {editing ? (
        <LineHoursDialog
          line={editing}
          onClose={() => {
            setEditing(null);
            window.setTimeout(() => opener.current?.focus(), 0);
          }}
        />
      ) : null}
    </Paper>
  );
}
