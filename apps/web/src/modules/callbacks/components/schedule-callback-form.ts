import type { FlagDto, ScheduleCallbackDto } from '@mayak/api-client';
import {
  DEFAULT_CALLBACK_MAX_ATTEMPTS,
  nextSafeTime,
  parseTimeOfDay,
  validateSafeWindow,
  type CallbackMethod,
  type ContactBackConsent,
  type SafeWindow,
} from '@mayak/domain';
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

export interface ScheduleCallbackValues {
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

/** A message (or, before translation, a translation key) per field; the keys are the fields' `name`s. */
export type ScheduleCallbackErrors = Partial<Record<keyof ScheduleCallbackValues, string>>;

/** Where the chosen time stands, as `checkDue` says it. */
export interface DueCheck {
  at: Date | null;
  past: boolean;
  outside: boolean;
}

const WORK_DAYS = ['1', '2', '3', '4', '5'];

/** Fields the due time is checked against: changing one of them drops the due time's error too. */
const WINDOW_FIELDS: readonly (keyof ScheduleCallbackValues)[] = ['days', 'start', 'end', 'timeZone', 'useWindow'];

/** The form as it opens, without its due time (that depends on the window and the zone). */
export function blankValues(timeZone: string): ScheduleCallbackValues {
  return {
    due: '',
    useWindow: true,
    days: WORK_DAYS,
    start: '09:00',
    end: '18:00',
    timeZone,
    method: 'voice',
    assignee: 'me',
    maxAttempts: String(DEFAULT_CALLBACK_MAX_ATTEMPTS),
    phone: '',
    notes: '',
    consentNow: false,
  };
}

export function windowOfValues(values: ScheduleCallbackValues): SafeWindow | null {
  if (!values.useWindow) return null;
  return {
    days: values.days.map(Number),
    startMinute: parseTimeOfDay(values.start) ?? -1,
    endMinute: parseTimeOfDay(values.end) ?? -1,
    timeZone: values.timeZone,
  };
}

/** A quarter of an hour from now, on the next five minutes, moved into the window if there is one. */
export function defaultDue(window: SafeWindow | null, nowMs: number = consoleClock.nowMs()): Date {
  const at = new Date(nowMs + 15 * 60_000);
  at.setSeconds(0, 0);
  at.setMinutes(Math.ceil(at.getMinutes() / 5) * 5);
  if (!window || validateSafeWindow(window).length) return at;
  return nextSafeTime(at, window) ?? at;
}

/** The errors left once some fields change: not theirs, nor the due time's when the window moved. */
export function errorsAfterChange(errors: ScheduleCallbackErrors, patch: Partial<ScheduleCallbackValues>): ScheduleCallbackErrors {
  const copy = { ...errors };
  for (const key of Object.keys(patch) as (keyof ScheduleCallbackValues)[]) delete copy[key];
  if (WINDOW_FIELDS.some((field) => field in patch)) delete copy.due;
  return copy;
}

interface ProblemsInput {
  timeZoneKnown: boolean;
  /** The due time checked against the window (when the window itself is usable). */
  due: DueCheck;
  target: Pick<CallbackTarget, 'hasPhone' | 'contactBack'> | null;
}

/**
 * What is wrong with the form before anything is sent, as translation keys by field. The
 * keys come in the form's order: the first one is the field that gets the focus.
 */
export function scheduleProblems(values: ScheduleCallbackValues, { timeZoneKnown, due, target }: ProblemsInput): ScheduleCallbackErrors {
  const found: ScheduleCallbackErrors = {};
  if (!timeZoneKnown) found.timeZone = 'fieldErrors.isTimeZone';
  const window = windowOfValues(values);
  if (window) {
    for (const problem of validateSafeWindow(window)) {
      if (problem === 'days_empty' || problem === 'day_invalid') found.days = 'callbacks.window.daysRequired';
      else if (problem === 'start_invalid') found.start = 'callbacks.window.timeInvalid';
      else if (problem === 'end_invalid') found.end = 'callbacks.window.timeInvalid';
      else if (problem === 'empty_window') found.end = 'callbacks.window.endBeforeStart';
      else if (problem === 'time_zone_invalid') found.timeZone = 'fieldErrors.isTimeZone';
    }
  }
  if (!due.at) found.due = 'fieldErrors.required';
  else if (due.past) found.due = 'fieldErrors.in_past';
  else if (due.outside) found.due = 'callbacks.outsideWindow';
  if (!target?.hasPhone && !values.phone.trim()) found.phone = 'callbacks.phoneRequired';
  if (target?.contactBack === 'not_asked' && !values.consentNow) found.consentNow = 'callbacks.consent.required';
  return found;
}

/** 'me' and 'none' (the office queue) as the API's assignee id; anything else is a colleague's id. */
export function assigneeIdOf(assignee: string, me: string): string | null {
  if (assignee === 'me') return me;
  return assignee === 'none' ? null : assignee;
}

/** The request for the API: only what the form holds, the window's days in order. */
export function scheduleBody(
  values: ScheduleCallbackValues,
  target: Pick<CallbackTarget, 'contactId' | 'caseId' | 'contactBack'>,
  me: string,
  dueAt: Date,
): ScheduleCallbackDto {
  return {
    ...(target.contactId ? { contactId: target.contactId } : {}),
    ...(target.caseId ? { caseId: target.caseId } : {}),
    ...(values.phone.trim() ? { phone: values.phone.trim() } : {}),
    dueAt: dueAt.toISOString(),
    ...(values.useWindow
      ? { safeWindow: { days: values.days.map(Number).sort((a, b) => a - b), start: values.start, end: values.end, timeZone: values.timeZone } }
      : {}),
    method: values.method,
    assigneeId: assigneeIdOf(values.assignee, me),
    maxAttempts: Number(values.maxAttempts),
    ...(values.notes.trim() ? { notes: values.notes.trim() } : {}),
    ...(target.contactBack === 'not_asked' ? { consentToContactBack: values.consentNow } : {}),
  };
}

/** The API's field errors put on the form's fields (its safe window on the days, its due time on the due field). */
export function errorsFromApi(fields: Record<string, string>, code: string | null, outsideWindowMessage: string): ScheduleCallbackErrors {
  const mapped: ScheduleCallbackErrors = {};
  if (fields.dueAt || code === 'outside_safe_window') mapped.due = fields.dueAt ?? outsideWindowMessage;
  if (fields.safeWindow) mapped.days = fields.safeWindow;
  if (fields.phone) mapped.phone = fields.phone;
  if (fields.assigneeId) mapped.assignee = fields.assigneeId;
  if (fields.maxAttempts) mapped.maxAttempts = fields.maxAttempts;
  if (fields.consentToContactBack) mapped.consentNow = fields.consentToContactBack;
  return mapped;
}
