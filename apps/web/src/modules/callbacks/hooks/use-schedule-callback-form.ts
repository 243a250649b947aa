import type { CallbackDto } from '@mayak/api-client';
import { crossesMidnight, validateSafeWindow } from '@mayak/domain';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorsOf, problemCode } from '@web/modules/api/errors';
import { useSession } from '@web/modules/auth/hooks/use-session';
import { useCodes } from '@web/modules/i18n/codes';
import { useFormatDateTimeIn } from '@web/modules/i18n/format';
import { useOperators } from '@web/modules/telephony/hooks/use-telephony';
import { notifySuccess } from '@web/modules/ui';
import { checkDue } from '../components/DueField';
import {
  blankValues,
  defaultDue,
  errorsAfterChange,
  errorsFromApi,
  scheduleBody,
  scheduleProblems,
  windowOfValues,
  type CallbackTarget,
  type ScheduleCallbackErrors,
  type ScheduleCallbackValues,
} from '../components/schedule-callback-form';
import { isKnownTimeZone, toLocalInput, useOfficeTimeZone } from '../time';
import { useScheduleCallback } from './use-callbacks';

interface ScheduleCallbackFormOptions {
  opened: boolean;
  target: CallbackTarget | null;
  onClose: () => void;
  onScheduled?: (callback: CallbackDto) => void;
}

function initialValues(timeZone: string): ScheduleCallbackValues {
  const base = blankValues(timeZone);
  return { ...base, due: toLocalInput(defaultDue(windowOfValues(base)), timeZone) };
}

/**
 * The schedule dialog's state: the values (fresh each time it opens), their errors, the
 * window they describe, and `submit`, which checks them with the domain's rules first.
 */
export function useScheduleCallbackForm({ opened, target, onClose, onScheduled }: ScheduleCallbackFormOptions) {
  const { t } = useTranslation();
  const formatIn = useFormatDateTimeIn();
  const session = useSession();
  const me = session.data?.user.id ?? '';
  const officeZone = useOfficeTimeZone(target?.officeId);
  const schedule = useScheduleCallback();
  const [values, setValues] = useState<ScheduleCallbackValues>(() => initialValues(officeZone));
  const [errors, setErrors] = useState<ScheduleCallbackErrors>({});

  useEffect(() => {
    if (!opened) return;
    setValues(initialValues(officeZone));
    setErrors({});
    schedule.reset();
    // Fresh each time the dialog opens (and once the office's zone is known).
  }, [opened, officeZone]);

  const set = (patch: Partial<ScheduleCallbackValues>) => {
    // Changing the zone keeps the clock time as typed: it is the client's clock that matters.
    setValues((current) => ({ ...current, ...patch }));
    setErrors((current) => errorsAfterChange(current, patch));
  };

  const safeWindow = windowOfValues(values);
  const windowUsable = !safeWindow || validateSafeWindow(safeWindow).length === 0;
  /** The window the due time is checked against: none while the window itself is wrong. */
  const dueWindow = windowUsable ? safeWindow : null;

  const submit = () => {
    if (!target) return;
    const problems = scheduleProblems(values, {
      timeZoneKnown: isKnownTimeZone(values.timeZone),
      due: checkDue(values.due, values.timeZone, dueWindow),
      target,
    });
    const found: ScheduleCallbackErrors = {};
    for (const [field, key] of Object.entries(problems) as [keyof ScheduleCallbackValues, string][]) found[field] = t(key);
    setErrors(found);
    if (Object.keys(found).length) {
      const first = document.querySelector<HTMLElement>(`[data-testid="schedule-callback-dialog"] [name="${Object.keys(found)[0]}"]`);
      first?.focus();
      return;
    }
    const due = checkDue(values.due, values.timeZone, safeWindow);
    schedule.mutate(scheduleBody(values, target, me, due.at as Date), {
      onSuccess: (callback) => {
        notifySuccess(t('callbacks.scheduledNotice', { time: formatIn(callback.dueAt, callback.timeZone) }));
        onScheduled?.(callback);
        onClose();
      },
      onError: (error) => setErrors(errorsFromApi(fieldErrorsOf(t, error), problemCode(error), t('callbacks.outsideWindow'))),
    });
  };

  return {
    values,
    errors,
    set,
    submit,
    dueWindow,
    overnight: !!safeWindow && windowUsable && crossesMidnight(safeWindow),
    schedule,
    showApiError: !!schedule.error && !Object.keys(errors).length,
    me,
  };
}

/** Who may call back: me, the office queue, or a colleague (with their presence). */
export function useAssigneeOptions(opened: boolean, me: string): { value: string; label: string }[] {
  const { t } = useTranslation();
  const codes = useCodes();
  const operators = useOperators(opened);
  const colleagues = (operators.data ?? []).filter((o) => o.user.id !== me);
  return [
    { value: 'me', label: t('callbacks.assignee.me') },
    { value: 'none', label: t('callbacks.assignee.queue') },
    ...colleagues.map((o) => ({ value: o.user.id, label: `${o.user.displayName} (${codes.label('presenceStatus', o.status)})` })),
  ];
}
