import type { LineDto } from '@mayak/api-client';
import { formatTimeOfDay, parseTimeOfDay } from '@mayak/domain';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorsOf } from '../../api/errors';
import { Button, Checkbox, Dialog, ErrorAlert, Group, NativeSelect, notifySuccess, Stack, Text, Textarea, TextInput } from '../../ui';
import { useUpdateLine } from '../hooks/use-lines';

export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

interface DayHours { open: boolean; start: string; end: string }

function daysOf(line: LineDto): Record<number, DayHours> {
  return Object.fromEntries(WEEKDAYS.map((day) => {
    // One period a day in this form (the API takes several; a line that has several keeps its first here).
    const period = line.openingHours?.periods.find((p) => p.day === day);
    return [day, period ? { open: true, start: formatTimeOfDay(period.start), end: formatTimeOfDay(period.end) } : { open: false, start: '09:00', end: '18:00' }];
  }));
}

/** Edits one line's opening hours, public holidays and after-hours behaviour. */
export function LineHoursDialog({ line, onClose }: { line: LineDto; onClose: () => void }) {
  const { t } = useTranslation();
  const update = useUpdateLine();
  const [aroundTheClock, setAroundTheClock] = useState(!line.openingHours);
  const [days, setDays] = useState(() => daysOf(line));
  const [holidays, setHolidays] = useState((line.openingHours?.holidays ?? []).join('\n'));
  const [afterHours, setAfterHours] = useState<'message' | 'voicemail' | 'forward'>(line.afterHours);
  const [forwardTo, setForwardTo] = useState(line.forwardTo ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const errors = fieldErrorsOf(t, update.error);

  const setDay = (day: number, change: Partial<DayHours>) => setDays((all) => ({ ...all, [day]: { ...all[day], ...change } }));

  const save = () => {
    setProblem(null);
    let openingHours = null;
    if (!aroundTheClock) {
      const periods = [];
      for (const day of WEEKDAYS) {
        const d = days[day];
        if (!d.open) continue;
        const start = parseTimeOfDay(d.start);
        const end = parseTimeOfDay(d.end);
        if (start === null || end === null || start >= end) {
          setProblem(t('lines.badTimes', { day: t(`lines.weekdays.${day}`) }));
          return;
        }
        periods.push({ day, start, end });
      }
      const dates = holidays.split(/[\s,]+/).map((d) => d.trim()).filter(Boolean);
      openingHours = { periods, holidays: dates };
    }
    update.mutate(
      { lineNumber: line.lineNumber, body: { version: line.version, openingHours, afterHours, ...(afterHours === 'forward' ? { forwardTo: forwardTo.trim() } : {}) } },
      { onSuccess: () => { notifySuccess(t('lines.saved')); onClose(); } },
    );
  };

  return (
    <Dialog opened onClose={onClose} title={t('lines.editTitle', { number: line.lineNumber })} size="lg">
      <form noValidate onSubmit={(event) => { event.preventDefault(); save(); }} data-testid="line-form">
        <Stack>
          <ErrorAlert error={update.error} />
          {problem ? <Text c="red.9" size="sm" role="alert">{problem}</Text> : null}
          <Checkbox label={t('lines.aroundTheClock')} checked={aroundTheClock} onChange={(event) => setAroundTheClock(event.currentTarget.checked)} data-autofocus data-testid="line-24-7" />
          {!aroundTheClock ? (
            <>
              <Text size="sm">{t('lines.hoursHint', { zone: line.timeZone })}</Text>
              {WEEKDAYS.map((day) => (
                <Group key={day} gap="sm" wrap="wrap" align="flex-end" data-testid={`line-day-${day}`}>
                  <Checkbox w={150} label={t(`lines.weekdaysLong.${day}`)} checked={days[day].open} onChange={(event) => setDay(day, { open: event.currentTarget.checked })} />
                  <TextInput w={100} label={t('lines.from')} value={days[day].start} disabled={!days[day].open} onChange={(event) => setDay(day, { start: event.currentTarget.value })} placeholder="09:00" aria-label={t('lines.fromDay', { day: t(`lines.weekdaysLong.${day}`) })} />
                  <TextInput w={100} label={t('lines.to')} value={days[day].end} disabled={!days[day].open} onChange={(event) => setDay(day, { end: event.currentTarget.value })} placeholder="18:00" aria-label={t('lines.toDay', { day: t(`lines.weekdaysLong.${day}`) })} />
                </Group>
              ))}
              <Textarea label={t('lines.holidays')} description={t('lines.holidaysHint')} value={holidays} onChange={(event) => setHolidays(event.currentTarget.value)} autosize minRows={2} error={errors.openingHours} data-testid="line-holidays" />
            </>
          ) : null}
          <NativeSelect
            label={t('lines.afterHours')}
            value={afterHours}
            onChange={(event) => setAfterHours(event.currentTarget.value as 'message' | 'voicemail' | 'forward')}
            data={[{ value: 'message', label: t('lines.message') }, { value: 'voicemail', label: t('lines.voicemail') }, { value: 'forward', label: t('lines.forward') }]}
          />
          {afterHours === 'forward' ? (
            <TextInput label={t('lines.forwardNumber')} type="tel" value={forwardTo} onChange={(event) => setForwardTo(event.currentTarget.value)} required error={errors.forwardTo} data-testid="line-forward-to" />
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={update.isPending} data-testid="line-save">{t('common.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Dialog>
  );
}
