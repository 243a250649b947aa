import type { CallbackDto } from '@mayak/api-client';
import { CALLBACK_OUTCOMES } from '@mayak/domain';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorsOf, problemCode } from '@web/modules/api/errors';
import { useSession } from '@web/modules/auth/hooks/use-session';
import { useCodes } from '@web/modules/i18n/codes';
import { useFormatDateTimeIn } from '@web/modules/i18n/format';
import { useOperators } from '@web/modules/telephony/hooks/use-telephony';
import { Button, Dialog, ErrorAlert, Group, NativeSelect, notifySuccess, Stack, Text, Textarea } from '@web/modules/ui';
import { useCancelCallback, useRecordCallbackOutcome, useRescheduleCallback, type CallbackOutcome } from '../hooks/use-callbacks';
import { toLocalInput } from '../time';
import { useWeekdayNames } from '../weekdays';
import { checkDue, DueField, windowOf } from './DueField';
import { consoleClock } from '@web/modules/clock/console-clock';

/** "Callback for +7 ••• 12 34, due 12.03, 19:30": names the callback a dialog acts on. */
export function useCallbackName() {
  const formatIn = useFormatDateTimeIn();
  const { t } = useTranslation();
  return (cb: CallbackDto) => t('callbacks.name', { phone: cb.phone, time: formatIn(cb.dueAt, cb.timeZone) });
}

/** What came of the call just made: reached, no answer, busy, someone else, unsafe to talk, failed; with notes. */
export function CallbackOutcomeDialog({ callback, onClose }: { callback: CallbackDto | null; onClose: () => void }) {
  const { t } = useTranslation();
  const codes = useCodes();
  const name = useCallbackName();
  const record = useRecordCallbackOutcome();
  const [outcome, setOutcome] = useState<CallbackOutcome | ''>('');
  const [notes, setNotes] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!callback) return;
    setOutcome('');
    setNotes('');
    setError(null);
    record.reset();
  }, [callback?.id]);

  return (
    <Dialog opened={!!callback} onClose={onClose} title={t('callbacks.outcome.title')} size="md">
      {callback ? (
        <form
          noValidate
          data-testid="callback-outcome-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (!outcome) {
              setError(t('fieldErrors.required'));
              return;
            }
            record.mutate(
              { cb: callback, outcome, ...(notes.trim() ? { notes: notes.trim() } : {}) },
              {
                onSuccess: (saved) => {
                  notifySuccess(t('callbacks.outcome.saved', { status: codes.label('callbackStatus', saved.status) }));
                  onClose();
                },
              },
            );
          }}
        >
          <Stack>
            <Text size="sm">{name(callback)}</Text>
            <ErrorAlert error={record.error} />
            <NativeSelect
              label={t('callbacks.outcome.label')}
              name="outcome"
              required
              data-autofocus
              value={outcome}
              error={error}
              data={[{ value: '', label: t('common.choose') }, ...CALLBACK_OUTCOMES.map((value) => ({ value, label: codes.label('callbackOutcome', value) }))]}
              onChange={(event) => {
                setOutcome(event.currentTarget.value as CallbackOutcome | '');
                setError(null);
              }}
            />
            {outcome === 'no_answer' || outcome === 'busy' ? (
              <Text size="sm" c="dimmed">
                {t('callbacks.outcome.retryHint')}
              </Text>
            ) : null}
            <Textarea
              label={t('callbacks.notes')}
              name="notes"
              autosize
              minRows={2}
              maxLength={2000}
              value={notes}
              onChange={(event) => setNotes(event.currentTarget.value)}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={record.isPending}>
                {t('callbacks.outcome.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      ) : null}
    </Dialog>
  );
}

/** A new time (inside the client's safe window) and, if need be, someone else to call. */
export function RescheduleCallbackDialog({ callback, onClose }: { callback: CallbackDto | null; onClose: () => void }) {
  const { t } = useTranslation();
  const codes = useCodes();
  const name = useCallbackName();
  const session = useSession();
  const me = session.data?.user.id ?? '';
  const operators = useOperators(!!callback);
  const reschedule = useRescheduleCallback();
  const [due, setDue] = useState('');
  const [assignee, setAssignee] = useState('keep');
  const [error, setError] = useState<string | null>(null);
  const window = windowOf(callback?.safeWindow);
  const timeZone = callback?.safeWindow?.timeZone ?? callback?.timeZone ?? 'Asia/Almaty';

  useEffect(() => {
    if (!callback) return;
    const start = Math.max(consoleClock.nowMs() + 15 * 60_000, Date.parse(callback.dueAt));
    setDue(toLocalInput(new Date(start), timeZone));
    setAssignee('keep');
    setError(null);
    reschedule.reset();
  }, [callback?.id]);

  const options = [
    { value: 'keep', label: t('callbacks.assignee.keep', { name: callback?.assignee?.displayName ?? t('callbacks.assignee.queue') }) },
    { value: 'me', label: t('callbacks.assignee.me') },
    { value: 'none', label: t('callbacks.assignee.queue') },
    ...(operators.data ?? [])
      .filter((o) => o.user.id !== me)
      .map((o) => ({ value: o.user.id, label: `${o.user.displayName} (${codes.label('presenceStatus', o.status)})` })),
  ];

  return (
    <Dialog opened={!!callback} onClose={onClose} title={t('callbacks.reschedule.title')} size="md">
      {callback ? (
        <form
          noValidate
          data-testid="callback-reschedule-form"
          onSubmit={(event) => {
            event.preventDefault();
            const check = checkDue(due, timeZone, window);
            if (!check.at) return setError(t('fieldErrors.required'));
            if (check.past) return setError(t('fieldErrors.in_past'));
            if (check.outside) return setError(t('callbacks.outsideWindow'));
            setError(null);
            const assigneeId = assignee === 'keep' ? undefined : assignee === 'me' ? me : assignee === 'none' ? null : assignee;
            reschedule.mutate(
              { cb: callback, dueAt: check.at.toISOString(), assigneeId },
              {
                onSuccess: () => {
                  notifySuccess(t('callbacks.reschedule.saved'));
                  onClose();
                },
                onError: (failure) => {
                  const fields = fieldErrorsOf(t, failure);
                  if (fields.dueAt || problemCode(failure) === 'outside_safe_window') setError(fields.dueAt ?? t('callbacks.outsideWindow'));
                },
              },
            );
          }}
        >
          <Stack>
            <Text size="sm">{name(callback)}</Text>
            {callback.safeWindow ? <SafeWindowText window={callback.safeWindow} /> : null}
            {!error ? <ErrorAlert error={reschedule.error} /> : null}
            <DueField
              value={due}
              onChange={(value) => {
                setDue(value);
                setError(null);
              }}
              timeZone={timeZone}
              window={window}
              error={error}
            />
            <NativeSelect
              label={t('callbacks.assignee.label')}
              name="assignee"
              value={assignee}
              data={options}
              onChange={(event) => setAssignee(event.currentTarget.value)}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={reschedule.isPending}>
                {t('callbacks.reschedule.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      ) : null}
    </Dialog>
  );
}

/** Cancelling needs a reason (3 to 500 characters): it stays in the case's timeline. */
export function CancelCallbackDialog({ callback, onClose }: { callback: CallbackDto | null; onClose: () => void }) {
  const { t } = useTranslation();
  const name = useCallbackName();
  const cancel = useCancelCallback();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!callback) return;
    setReason('');
    setError(null);
    cancel.reset();
  }, [callback?.id]);

  return (
    <Dialog opened={!!callback} onClose={onClose} title={t('callbacks.cancel.title')} size="md">
      {callback ? (
        <form
          noValidate
          data-testid="callback-cancel-form"
          onSubmit={(event) => {
            event.preventDefault();
            const trimmed = reason.trim();
            if (trimmed.length < 3) return setError(t('fieldErrors.reasonTooShort'));
            setError(null);
            cancel.mutate(
              { cb: callback, reason: trimmed },
              {
                onSuccess: () => {
                  notifySuccess(t('callbacks.cancel.saved'));
                  onClose();
                },
                onError: (failure) => setError(fieldErrorsOf(t, failure).reason ?? null),
              },
            );
          }}
        >
          <Stack>
            <Text size="sm">{name(callback)}</Text>
            {!error ? <ErrorAlert error={cancel.error} /> : null}
            <Textarea
              label={t('callbacks.cancel.reason')}
              name="reason"
              required
              data-autofocus
              autosize
              minRows={2}
              maxLength={500}
              value={reason}
              error={error}
              onChange={(event) => {
                setReason(event.currentTarget.value);
                setError(null);
              }}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" color="red" loading={cancel.isPending}>
                {t('callbacks.cancel.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      ) : null}
    </Dialog>
  );
}

/** "Mon–Fri, 09:00–18:00 (Asia/Almaty)". */
export function SafeWindowText({ window }: { window: { days: number[]; start: string; end: string; timeZone: string } }) {
  const { t } = useTranslation();
  const names = useWeekdayNames();
  const days = [...window.days]
    .sort((a, b) => a - b)
    .map((day) => names[day]?.short ?? String(day))
    .join(', ');
  return (
    <Text size="sm" data-testid="safe-window">
      {t('callbacks.window.summary', { days, start: window.start, end: window.end, zone: window.timeZone })}
    </Text>
  );
}
