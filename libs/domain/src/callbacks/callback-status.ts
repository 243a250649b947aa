/**
 * The callback status machine, implemented once: the API enforces it and the console
 * offers only the allowed moves.
 *
 *   scheduled -> due -> in_progress -> completed | no_answer | failed | cancelled
 *
 * An unanswered attempt (no_answer) reschedules itself (back to scheduled, inside the
 * client's safe window, see safe-window.ts) until the attempt limit, then fails. An
 * operator may start a scheduled callback early, and may postpone a due one (back to
 * scheduled).
 */
import type { CodeLabels } from '../codes/types';

export const CALLBACK_STATUSES = ['scheduled', 'due', 'in_progress', 'completed', 'no_answer', 'failed', 'cancelled'] as const;
export type CallbackStatus = (typeof CALLBACK_STATUSES)[number];

const TRANSITIONS: Readonly<Record<CallbackStatus, readonly CallbackStatus[]>> = {
  // An operator may start a callback before it is due.
  scheduled: ['due', 'in_progress', 'cancelled'],
  // Back to scheduled: postponed by a person.
  due: ['in_progress', 'cancelled', 'scheduled'],
  in_progress: ['completed', 'no_answer', 'failed', 'cancelled'],
  // The system retries (scheduled) or gives up at the attempt limit (failed).
  no_answer: ['scheduled', 'failed'],
  completed: [],
  failed: [],
  cancelled: [],
};

export function allowedNextCallbackStatuses(from: CallbackStatus): readonly CallbackStatus[] {
  return TRANSITIONS[from];
}

/** Still owed to the client: waiting for its time, due now, or being made. */
export function isCallbackOpen(status: CallbackStatus): boolean {
  return status === 'scheduled' || status === 'due' || status === 'in_progress';
}

/** Nothing more will happen to it: completed, failed or cancelled. */
export function isCallbackFinal(status: CallbackStatus): boolean {
  return TRANSITIONS[status].length === 0;
}

export interface CallbackTransitionRequest {
  from: CallbackStatus;
  to: CallbackStatus;
  /** Required when cancelling or failing: why (by a person, or by the system when giving up). */
  reason?: string | null;
}

export type CallbackTransitionProblem = 'illegal_transition' | 'reason_required';

export type CallbackTransitionResult = { ok: true } | { ok: false; problem: CallbackTransitionProblem; allowed: readonly CallbackStatus[] };

export function checkCallbackTransition(request: CallbackTransitionRequest): CallbackTransitionResult {
  const allowed = allowedNextCallbackStatuses(request.from);
  const fail = (problem: CallbackTransitionProblem): CallbackTransitionResult => ({ ok: false, problem, allowed });
  if (!allowed.includes(request.to)) return fail('illegal_transition');
  if ((request.to === 'cancelled' || request.to === 'failed') && !request.reason?.trim()) return fail('reason_required');
  return { ok: true };
}

export const CALLBACK_STATUS_LABELS: CodeLabels<CallbackStatus> = {
  ru: {
    scheduled: 'Запланирован',
    due: 'Пора перезвонить',
    in_progress: 'Идёт звонок',
    completed: 'Выполнен',
    no_answer: 'Нет ответа',
    failed: 'Не удалось связаться',
    cancelled: 'Отменён',
  },
  kk: {
    scheduled: 'Жоспарланған',
    due: 'Қоңырау шалу уақыты келді',
    in_progress: 'Қоңырау жүріп жатыр',
    completed: 'Орындалды',
    no_answer: 'Жауап жоқ',
    failed: 'Байланысу мүмкін болмады',
    cancelled: 'Бас тартылды',
  },
  en: {
    scheduled: 'Scheduled',
    due: 'Due',
    in_progress: 'In progress',
    completed: 'Completed',
    no_answer: 'No answer',
    failed: 'Failed',
    cancelled: 'Cancelled',
  },
};

/** Why a callback exists. */
export const CALLBACK_REASONS = ['missed_call', 'abandoned_call', 'requested_in_queue', 'after_hours', 'voicemail', 'scheduled', 'sms_request'] as const;
export type CallbackReason = (typeof CALLBACK_REASONS)[number];

export const CALLBACK_REASON_LABELS: CodeLabels<CallbackReason> = {
  ru: {
    missed_call: 'Пропущенный звонок',
    abandoned_call: 'Звонок прерван в очереди',
    requested_in_queue: 'Попросил перезвонить из очереди',
    after_hours: 'Звонок в нерабочее время',
    voicemail: 'Оставил голосовое сообщение',
    scheduled: 'По договорённости',
    sms_request: 'Просьба по SMS',
  },
  kk: {
    missed_call: 'Өткізіп алынған қоңырау',
    abandoned_call: 'Кезекте үзілген қоңырау',
    requested_in_queue: 'Кезектен қайта қоңырау сұрады',
    after_hours: 'Жұмыс уақытынан тыс қоңырау',
    voicemail: 'Дауыстық хабарлама қалдырды',
    scheduled: 'Келісім бойынша',
    sms_request: 'SMS арқылы өтініш',
  },
  en: {
    missed_call: 'Missed call',
    abandoned_call: 'Abandoned in the queue',
    requested_in_queue: 'Asked for a callback while waiting',
    after_hours: 'Called outside opening hours',
    voicemail: 'Left a voicemail',
    scheduled: 'Arranged with the client',
    sms_request: 'Requested by SMS',
  },
};

/** What one attempt came to. */
export const CALLBACK_OUTCOMES = ['reached', 'no_answer', 'busy', 'wrong_person', 'unsafe_to_talk', 'failed'] as const;
export type CallbackOutcome = (typeof CALLBACK_OUTCOMES)[number];

export const CALLBACK_OUTCOME_LABELS: CodeLabels<CallbackOutcome> = {
  ru: {
    reached: 'Дозвонились',
    no_answer: 'Не ответили',
    busy: 'Занято',
    wrong_person: 'Ответил другой человек',
    unsafe_to_talk: 'Говорить небезопасно',
    failed: 'Звонок не прошёл',
  },
  kk: {
    reached: 'Байланыс орнады',
    no_answer: 'Жауап бермеді',
    busy: 'Бос емес',
    wrong_person: 'Басқа адам жауап берді',
    unsafe_to_talk: 'Сөйлесу қауіпті',
    failed: 'Қоңырау өтпеді',
  },
  en: {
    reached: 'Reached',
    no_answer: 'No answer',
    busy: 'Busy',
    wrong_person: 'Someone else answered',
    unsafe_to_talk: 'Unsafe to talk',
    failed: 'Call failed',
  },
};

export const CALLBACK_METHODS = ['voice', 'sms'] as const;
export type CallbackMethod = (typeof CALLBACK_METHODS)[number];

export const CALLBACK_METHOD_LABELS: CodeLabels<CallbackMethod> = {
  ru: { voice: 'Звонок', sms: 'SMS' },
  kk: { voice: 'Қоңырау', sms: 'SMS' },
  en: { voice: 'Phone call', sms: 'SMS' },
};

/** Attempts a callback gets unless someone sets another limit. */
export const DEFAULT_CALLBACK_MAX_ATTEMPTS = 3;
/** The most attempts any callback may get: calling a person again and again can put them at risk. */
export const MAX_CALLBACK_ATTEMPTS = 10;
/** Default gap between two attempts, in minutes. */
export const CALLBACK_RETRY_MINUTES = 30;
