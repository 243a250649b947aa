import type { CallbackDto, FlagDto, ScheduleCallbackDto } from '@mayak/api-client';
import {
  CALLBACK_METHODS, crossesMidnight, DEFAULT_CALLBACK_MAX_ATTEMPTS, MAX_CALLBACK_ATTEMPTS, nextSafeTime, parseTimeOfDay, validateSafeWindow, type CallbackMethod,
  type ContactBackConsent, type SafeWindow,
} from '@mayak/domain';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorsOf, problemCode } from '@web/modules/api/errors';
import { useSession } from '@web/modules/auth/hooks/use-session';
import { useCodes } from '@web/modules/i18n/codes';
import { useFormatDateTimeIn } from '@web/modules/i18n/format';
import { useOperators } from '@web/modules/telephony/hooks/use-telephony';
import { Alert, Button, Checkbox, Dialog, ErrorAlert, Fieldset, Group, NativeSelect, notifySuccess, SimpleGrid, Stack, Switch, Text, Textarea, TextInput } from '@web/modules/ui';
import { useScheduleCallback } from '../hooks/use-callbacks';
import { isKnownTimeZone, timeZoneGroups, toLocalInput, useOfficeTimeZone } from '../time';
import { ISO_DAYS, useWeekdayNames } from '../weekdays';
import { checkDue, DueField } from './DueField';
import { consoleClock } from '@web/modules/clock/console-clock';

export interface CallbackTarget {
  /** The contact the callback follows up (its number is used). */
  contactId?: string;
  /** The case it belongs to (its client's number is used). */
  caseId?: string;
  officeId: string | null;
  /** Whether the contact or case has a number; if not, the dialog asks for one. */
  hasPhone: boolean;
  /** What the caller said about safe times, in their words (shown as a reminder). */
  safeContactTimes?: string | null;
  /** Flags on the contact's number or person: "do not call back" is said before anything is filled in. */
  flags?: readonly FlagDto[];
  /**
   * What the contact or case records about calling the client back: given (nothing to ask),
   * refused (nothing may be scheduled), or not asked (the worker records the client's answer here).
   */
  contactBack: ContactBackConsent;
}

interface ScheduleCallbackDialogProps {
  opened: boolean;
  target: CallbackTarget | null;
  onClose: () => void;
  onScheduled?: (callback: CallbackDto) => void;
}

const WORK_DAYS = ['1', '2', '3', '4', '5'];

interface Values {
  due: string;
  useWindow: boolean;
  days: string[];
  start: string;
  end: string;
  timeZone: string;
  method: CallbackMethod;
  assignee: string;
  maxAttempts: string;
  phone: string;
  notes: string;
  /** The client's yes, asked now (only when the contact or case records none). */
  consentNow: boolean;
}

function windowOfValues(values: Values): SafeWindow | null {
  if (!values.useWindow) return null;
  return {
    days: values.days.map(Number),
    startMinute: parseTimeOfDay(values.start) ?? -1,
    endMinute: parseTimeOfDay(values.end) ?? -1,
    timeZone: values.timeZone,
  };
}

/** A quarter of an hour from now, on the next five minutes, moved into the window if there is one. */
function defaultDue(window: SafeWindow | null): Date {
  const at = new Date(consoleClock.nowMs() + 15 * 60_000);
  at.setSeconds(0, 0);
  at.setMinutes(Math.ceil(at.getMinutes() / 5) * 5);
  if (!window || validateSafeWindow(window).length) return at;
  return nextSafeTime(at, window) ?? at;
}

/**
 * Schedule a callback for a contact or a case: when (in the client's time zone), only
 * inside the hours the client named as safe, how (call or text), who calls (me, the office
 * queue, a colleague) and how many attempts. The window and the time are checked with the
 * domain's rules before anything is sent, and a time outside the window offers the next safe one.
 */
export function ScheduleCallbackDialog({ opened, target, onClose, onScheduled }: ScheduleCallbackDialogProps) {
  const { t } = useTranslation();
  const codes = useCodes();
  const formatIn = useFormatDateTimeIn();
  const weekdays = useWeekdayNames();
  const session = useSession();
  const me = session.data?.user.id ?? '';
  const officeZone = useOfficeTimeZone(target?.officeId);
  const operators = useOperators(opened);
  const schedule = useScheduleCallback();
  const [values, setValues] = useState<Values>(() => initialValues(officeZone));
  const [errors, setErrors] = useState<Record<string, string>>({});

  function initialValues(timeZone: string): Values {
    const base: Values = {
      due: '', useWindow: true, days: WORK_DAYS, start: '09:00', end: '18:00', timeZone, method: 'voice', assignee: 'me',
      maxAttempts: String(DEFAULT_CALLBACK_MAX_ATTEMPTS), phone: '', notes: '', consentNow: false,
    };
    return { ...base, due: toLocalInput(defaultDue(windowOfValues(base)), timeZone) };
  }

  useEffect(() => {
    if (!opened) return;
    setValues(initialValues(officeZone));
    setErrors({});
    schedule.reset();
    // Fresh each time the dialog opens (and once the office's zone is known).
  }, [opened, officeZone]);

  const set = (patch: Partial<Values>) => {
    // Changing the zone keeps the clock time as typed: it is the client's clock that matters.
    setValues((current) => ({ ...current, ...patch }));
    setErrors((current) => {
      const copy = { ...current };
      for (const key of Object.keys(patch)) delete copy[key];
      if ('days' in patch || 'start' in patch || 'end' in patch || 'timeZone' in patch || 'useWindow' in patch) delete copy.due;
      return copy;
    });
  };

  const window = windowOfValues(values);
  const windowUsable = !window || validateSafeWindow(window).length === 0;

  const validate = (): Record<string, string> => {
    const found: Record<string, string> = {};
    if (!isKnownTimeZone(values.timeZone)) found.timeZone = t('fieldErrors.isTimeZone');
    if (window) {
      for (const problem of validateSafeWindow(window)) {
        if (problem === 'days_empty' || problem === 'day_invalid') found.days = t('callbacks.window.daysRequired');
        else if (problem === 'start_invalid') found.start = t('callbacks.window.timeInvalid');
        else if (problem === 'end_invalid') found.end = t('callbacks.window.timeInvalid');
        else if (problem === 'empty_window') found.end = t('callbacks.window.endBeforeStart');
        else if (problem === 'time_zone_invalid') found.timeZone = t('fieldErrors.isTimeZone');
      }
    }
    const due = checkDue(values.due, values.timeZone, windowUsable ? window : null);
    if (!due.at) found.due = t('fieldErrors.required');
    else if (due.past) found.due = t('fieldErrors.in_past');
    else if (due.outside) found.due = t('callbacks.outsideWindow');
    if (!target?.hasPhone && !values.phone.trim()) found.phone = t('callbacks.phoneRequired');
    if (target?.contactBack === 'not_asked' && !values.consentNow) found.consentNow = t('callbacks.consent.required');
    return found;
  };

  const submit = () => {
    if (!target) return;
    const found = validate();
    setErrors(found);
    if (Object.keys(found).length) {
      const first = document.querySelector<HTMLElement>(`[data-testid="schedule-callback-dialog"] [name="${Object.keys(found)[0]}"]`);
      first?.focus();
      return;
    }
    const due = checkDue(values.due, values.timeZone, window);
    const assigneeId = values.assignee === 'me' ? me : values.assignee === 'none' ? null : values.assignee;
    const body: ScheduleCallbackDto = {
      ...(target.contactId ? { contactId: target.contactId } : {}),
      ...(target.caseId ? { caseId: target.caseId } : {}),
      ...(values.phone.trim() ? { phone: values.phone.trim() } : {}),
      dueAt: (due.at as Date).toISOString(),
      ...(values.useWindow
        ? { safeWindow: { days: values.days.map(Number).sort((a, b) => a - b), start: values.start, end: values.end, timeZone: values.timeZone } }
        : {}),
      method: values.method,
      assigneeId,
      maxAttempts: Number(values.maxAttempts),
      ...(values.notes.trim() ? { notes: values.notes.trim() } : {}),
      ...(target.contactBack === 'not_asked' ? { consentToContactBack: values.consentNow } : {}),
    };
    schedule.mutate(body, {
      onSuccess: (callback) => {
        notifySuccess(t('callbacks.scheduledNotice', { time: formatIn(callback.dueAt, callback.timeZone) }));
        onScheduled?.(callback);
        onClose();
      },
      onError: (error) => {
        const fields = fieldErrorsOf(t, error);
        const mapped: Record<string, string> = {};
        if (fields.dueAt || problemCode(error) === 'outside_safe_window') mapped.due = fields.dueAt ?? t('callbacks.outsideWindow');
        if (fields.safeWindow) mapped.days = fields.safeWindow;
        if (fields.phone) mapped.phone = fields.phone;
        if (fields.assigneeId) mapped.assignee = fields.assigneeId;
        if (fields.maxAttempts) mapped.maxAttempts = fields.maxAttempts;
        if (fields.consentToContactBack) mapped.consentNow = fields.consentToContactBack;
        setErrors(mapped);
      },
    });
  };

  const colleagues = (operators.data ?? []).filter((o) => o.user.id !== me);
  const assigneeOptions = [
    { value: 'me', label: t('callbacks.assignee.me') },
    { value: 'none', label: t('callbacks.assignee.queue') },
    ...colleagues.map((o) => ({ value: o.user.id, label: `${o.user.displayName} (${codes.label('presenceStatus', o.status)})` })),
  ];
  const showApiError = schedule.error && !Object.keys(errors).length;
  const doNotCallBack = !!target?.flags?.some((flag) => flag.kind === 'do_not_call_back');
  const consentRefused = target?.contactBack === 'refused';
  const overnight = !!window && windowUsable && crossesMidnight(window);

  return (
    <Dialog opened={opened} onClose={onClose} title={t('callbacks.schedule.title')}>
      <form
        noValidate
        data-testid="schedule-callback-dialog"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <Stack gap="md">
          {target?.safeContactTimes ? (
            <Text size="sm" data-testid="caller-safe-times">
              {t('callbacks.schedule.callerSaid', { words: target.safeContactTimes })}
            </Text>
          ) : null}
          {doNotCallBack ? (
            <Alert color="red" variant="filled" role="alert" title={t('callbacks.schedule.doNotCallBackTitle')} data-testid="callback-do-not-call-back">
              {t('callbacks.schedule.doNotCallBackDetail')}
            </Alert>
          ) : null}
          {consentRefused ? (
            <Alert color="red" variant="filled" role="alert" title={t('callbacks.consent.refusedTitle')} data-testid="callback-consent-refused">
              {t('callbacks.consent.refusedDetail')}
            </Alert>
          ) : target?.contactBack === 'given' ? (
            <Text size="sm" data-testid="callback-consent-given">{t('callbacks.consent.given')}</Text>
          ) : null}
          {showApiError ? <ErrorAlert error={schedule.error} /> : null}
          <NativeSelect
            label={t('callbacks.timeZone')}
            description={t('callbacks.timeZoneHint')}
            name="timeZone"
            value={values.timeZone}
            error={errors.timeZone}
            data={timeZoneGroups(t('callbacks.zones.region'), t('callbacks.zones.other'))}
            onChange={(event) => set({ timeZone: event.currentTarget.value })}
          />
          <Fieldset legend={t('callbacks.window.legend')}>
            <Stack gap="sm">
              <Switch
                label={t('callbacks.window.use')}
                description={t('callbacks.window.useHint')}
                name="useWindow"
                checked={values.useWindow}
                onChange={(event) => set({ useWindow: event.currentTarget.checked })}
              />
              {values.useWindow ? (
                <>
                  <Checkbox.Group label={t('callbacks.window.days')} value={values.days} onChange={(days) => set({ days })} error={errors.days}>
                    <Group gap="sm" mt={4} wrap="wrap">
                      {ISO_DAYS.map((day, index) => (
                        <Checkbox key={day} value={String(day)} name={index === 0 ? 'days' : undefined} label={weekdays[day].long} />
                      ))}
                    </Group>
                  </Checkbox.Group>
                  <SimpleGrid cols={2}>
                    <TextInput type="time" label={t('callbacks.window.start')} name="start" required value={values.start} error={errors.start}
                      onChange={(event) => set({ start: event.currentTarget.value })} />
                    <TextInput type="time" label={t('callbacks.window.end')} name="end" required value={values.end} error={errors.end}
                      description={overnight ? t('callbacks.window.nextDay') : undefined}
                      onChange={(event) => set({ end: event.currentTarget.value })} />
                  </SimpleGrid>
                </>
              ) : null}
            </Stack>
          </Fieldset>
          <DueField value={values.due} onChange={(due) => set({ due })} timeZone={values.timeZone} window={windowUsable ? window : null} error={errors.due} />
          <TextInput
            label={t('callbacks.phone')}
            description={target?.hasPhone ? t('callbacks.phoneOptionalHint') : t('callbacks.phoneHint')}
            name="phone"
            type="tel"
            inputMode="tel"
            autoComplete="off"
            required={!target?.hasPhone}
            value={values.phone}
            error={errors.phone}
            onChange={(event) => set({ phone: event.currentTarget.value })}
          />
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <NativeSelect label={t('callbacks.method')} name="method" value={values.method}
              data={CALLBACK_METHODS.map((value) => ({ value, label: codes.label('callbackMethod', value) }))}
              onChange={(event) => set({ method: event.currentTarget.value as CallbackMethod })} />
            <NativeSelect label={t('callbacks.assignee.label')} name="assignee" value={values.assignee} error={errors.assignee} data={assigneeOptions}
              onChange={(event) => set({ assignee: event.currentTarget.value })} />
            <NativeSelect label={t('callbacks.maxAttempts')} name="maxAttempts" value={values.maxAttempts} error={errors.maxAttempts}
              data={Array.from({ length: MAX_CALLBACK_ATTEMPTS }, (_, i) => String(i + 1))}
              onChange={(event) => set({ maxAttempts: event.currentTarget.value })} />
          </SimpleGrid>
          <Textarea label={t('callbacks.notes')} description={t('callbacks.notesHint')} name="notes" autosize minRows={2} maxLength={2000}
            value={values.notes} onChange={(event) => set({ notes: event.currentTarget.value })} />
          {target?.contactBack === 'not_asked' ? (
            <Checkbox
              name="consentNow"
              label={t('callbacks.consent.askNow')}
              description={t('callbacks.consent.askNowHint')}
              checked={values.consentNow}
              error={errors.consentNow}
              onChange={(event) => set({ consentNow: event.currentTarget.checked })}
              data-testid="callback-consent-now"
            />
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={schedule.isPending} disabled={doNotCallBack || consentRefused} data-testid="schedule-callback-submit">{t('callbacks.schedule.submit')}</Button>
          </Group>
        </Stack>
      </form>
    </Dialog>
  );
}
