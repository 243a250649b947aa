import { useForm } from '@mantine/form';
import type { LineDto } from '@mayak/api-client';
import { formatTimeOfDay, parseTimeOfDay } from '@mayak/domain';
import { useTranslation } from 'react-i18next';
import { fieldErrorsOf } from '@web/modules/api/errors';
import { Button, Checkbox, Dialog, ErrorAlert, Group, NativeSelect, notifySuccess, Stack, Text, Textarea, TextInput } from '@web/modules/ui';
import { useUpdateLine } from '../hooks/use-lines';

export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

interface DayHours {
  open: boolean;
  start: string;
  end: string;
}

function daysOf(line: LineDto): Record<number, DayHours> {
  return Object.fromEntries(
    WEEKDAYS.map((day) => {
      // One period a day in this form (the API takes several; a line that has several keeps its first here).
      const period = line.openingHours?.periods.find((p) => p.day === day);
      return [
        day,
        period ? { open: true, start: formatTimeOfDay(period.start), end: formatTimeOfDay(period.end) } : { open: false, start: '09:00', end: '18:00' },
      ];
    }),
  );
}

/** A day's hours as minutes, or null when they do not read as "from before to". */
function periodOf(hours: DayHours): { start: number; end: number } | null {
  const start = parseTimeOfDay(hours.start);
  const end = parseTimeOfDay(hours.end);
  return start === null || end === null || start >= end ? null : { start, end };
}

/** Edits one line's opening hours, public holidays and after-hours behaviour. */
export function LineHoursDialog({ line, onClose }: { line: LineDto; onClose: () => void }) {
  const { t } = useTranslation();
  const update = useUpdateLine();
  const form = useForm({
    initialValues: {
      aroundTheClock: !line.openingHours,
      days: daysOf(line),
      holidays: (line.openingHours?.holidays ?? []).join('\n'),
      afterHours: line.afterHours as 'message' | 'voicemail' | 'forward',
      forwardTo: line.forwardTo ?? '',
    },
    validate: {
      // The first open day whose hours do not read as "from before to".
      days: (days, values) => {
        if (values.aroundTheClock) return null;
        const bad = WEEKDAYS.find((day) => days[day].open && periodOf(days[day]) === null);
        return bad ? t('lines.badTimes', { day: t(`lines.weekdays.${bad}`) }) : null;
      },
    },
  });
  const { aroundTheClock, days, afterHours } = form.values;
  const errors = fieldErrorsOf(t, update.error);

  const setDay = (day: number, change: Partial<DayHours>) => form.setFieldValue('days', (all) => ({ ...all, [day]: { ...all[day], ...change } }));

  const save = ({ holidays, forwardTo }: typeof form.values) => {
    let openingHours = null;
    if (!aroundTheClock) {
      const periods = WEEKDAYS.flatMap((day) => {
        const period = days[day].open ? periodOf(days[day]) : null;
        return period ? [{ day, ...period }] : [];
      });
      const dates = holidays
        .split(/[\s,]+/)
        .map((d) => d.trim())
        .filter(Boolean);
      openingHours = { periods, holidays: dates };
    }
    update.mutate(
      {
        lineNumber: line.lineNumber,
        body: { version: line.version, openingHours, afterHours, ...(afterHours === 'forward' ? { forwardTo: forwardTo.trim() } : {}) },
      },
      {
        onSuccess: () => {
          notifySuccess(t('lines.saved'));
          onClose();
        },
      },
    );
  };

  return (
    <Dialog opened onClose={onClose} title={t('lines.editTitle', { number: line.lineNumber })} size="lg">
      <form noValidate onSubmit={form.onSubmit(save)} data-testid="line-form">
        <Stack>
          <ErrorAlert error={update.error} />
          {form.errors.days ? (
            <Text c="red.9" size="sm" role="alert">
              {form.errors.days}
            </Text>
          ) : null}
          <Checkbox label={t('lines.aroundTheClock')} {...form.getInputProps('aroundTheClock', { type: 'checkbox' })} data-autofocus data-testid="line-24-7" />
          {!aroundTheClock ? (
            <>
              <Text size="sm">{t('lines.hoursHint', { zone: line.timeZone })}</Text>
              {WEEKDAYS.map((day) => (
                <Group key={day} gap="sm" wrap="wrap" align="flex-end" data-testid={`line-day-${day}`}>
                  <Checkbox
                    w={150}
                    label={t(`lines.weekdaysLong.${day}`)}
                    checked={days[day].open}
                    onChange={(event) => setDay(day, { open: event.currentTarget.checked })}
                  />
                  <TextInput
                    w={100}
                    label={t('lines.from')}
                    value={days[day].start}
                    disabled={!days[day].open}
                    onChange={(event) => setDay(day, { start: event.currentTarget.value })}
                    placeholder="09:00"
                    aria-label={t('lines.fromDay', { day: t(`lines.weekdaysLong.${day}`) })}
                  />
                  <TextInput
                    w={100}
                    label={t('lines.to')}
                    value={days[day].end}
                    disabled={!days[day].open}
                    onChange={(event) => setDay(day, { end: event.currentTarget.value })}
                    placeholder="18:00"
                    aria-label={t('lines.toDay', { day: t(`lines.weekdaysLong.${day}`) })}
                  />
                </Group>
              ))}
              <Textarea
                label={t('lines.holidays')}
                description={t('lines.holidaysHint')}
                {...form.getInputProps('holidays')}
                autosize
                minRows={2}
                error={errors.openingHours}
                data-testid="line-holidays"
              />
            </>
          ) : null}
          <NativeSelect
            label={t('lines.afterHours')}
            {...form.getInputProps('afterHours')}
            data={[
              { value: 'message', label: t('lines.message') },
              { value: 'voicemail', label: t('lines.voicemail') },
              { value: 'forward', label: t('lines.forward') },
            ]}
          />
          {afterHours === 'forward' ? (
            <TextInput
              label={t('lines.forwardNumber')}
              type="tel"
              {...form.getInputProps('forwardTo')}
              required
              error={errors.forwardTo}
              data-testid="line-forward-to"
            />
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={update.isPending} data-testid="line-save">
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Dialog>
  );
}
