/**
 * Code lists of the hotline's telephony: what state a live call is in, what became of it,
 * whether an operator can take a call, where a call rings, and how it is handed over.
 * Our own lists: values are snake_case and stored as they are. Also the provider's
 * (Twilio's) values that decide what became of a call.
 */
import type { CodeLabels } from './types';

/** Where a call is now: in the voice menu, waiting, ringing an operator, talking, on hold, or over. */
export const CALL_STATES = ['menu', 'queued', 'connecting', 'in_progress', 'on_hold', 'completed', 'missed', 'abandoned'] as const;
export type CallState = (typeof CALL_STATES)[number];

export const CALL_STATE_LABELS: CodeLabels<CallState> = {
  ru: {
    menu: 'Голосовое меню',
    queued: 'В очереди',
    connecting: 'Соединение',
    in_progress: 'Идёт разговор',
    on_hold: 'На удержании',
    completed: 'Завершён',
    missed: 'Пропущен',
    abandoned: 'Прерван звонящим',
  },
  kk: {
    menu: 'Дауыстық мәзір',
    queued: 'Кезекте',
    connecting: 'Қосылуда',
    in_progress: 'Сөйлесу жүріп жатыр',
    on_hold: 'Күтуде',
    completed: 'Аяқталды',
    missed: 'Өткізіп алынды',
    abandoned: 'Қоңырау шалушы үзді',
  },
  en: {
    menu: 'Voice menu',
    queued: 'Queued',
    connecting: 'Connecting',
    in_progress: 'In progress',
    on_hold: 'On hold',
    completed: 'Completed',
    missed: 'Missed',
    abandoned: 'Abandoned',
  },
};

/** What became of a call: an operator took it, nobody did, the caller hung up waiting, it broke, or it was handed over. */
export const CALL_OUTCOMES = ['answered', 'missed', 'abandoned', 'failed', 'transferred', 'after_hours', 'forwarded', 'voicemail'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

export const CALL_OUTCOME_LABELS: CodeLabels<CallOutcome> = {
  ru: {
    answered: 'Принят',
    missed: 'Пропущен',
    abandoned: 'Прерван звонящим',
    failed: 'Сбой связи',
    transferred: 'Переведён',
    after_hours: 'В нерабочее время',
    forwarded: 'Переадресован',
    voicemail: 'Голосовое сообщение',
  },
  kk: {
    answered: 'Қабылданды',
    missed: 'Өткізіп алынды',
    abandoned: 'Қоңырау шалушы үзді',
    failed: 'Байланыс ақауы',
    transferred: 'Басқаға ауыстырылды',
    after_hours: 'Жұмыс уақытынан тыс',
    forwarded: 'Басқа нөмірге бағытталды',
    voicemail: 'Дауыстық хабарлама',
  },
  en: {
    answered: 'Answered',
    missed: 'Missed',
    abandoned: 'Abandoned',
    failed: 'Failed',
    transferred: 'Transferred',
    after_hours: 'Outside opening hours',
    forwarded: 'Forwarded',
    voicemail: 'Voicemail',
  },
};

/** Whether an operator can take a call: `busy` is on a call. */
export const PRESENCE_STATUSES = ['available', 'busy', 'wrap_up', 'away'] as const;
export type PresenceStatus = (typeof PRESENCE_STATUSES)[number];

export const PRESENCE_STATUS_LABELS: CodeLabels<PresenceStatus> = {
  ru: { available: 'Доступен', busy: 'На звонке', wrap_up: 'Завершение', away: 'Нет на месте' },
  kk: { available: 'Қолжетімді', busy: 'Қоңырауда', wrap_up: 'Аяқтау', away: 'Орнында жоқ' },
  en: { available: 'Available', busy: 'On a call', wrap_up: 'Wrap-up', away: 'Away' },
};

/** Where a call rings for an operator: the console in the browser, a phone number, or a SIP phone. */
export const RING_TARGET_KINDS = ['console', 'phone', 'sip'] as const;
export type RingTargetKind = (typeof RING_TARGET_KINDS)[number];

export const RING_TARGET_KIND_LABELS: CodeLabels<RingTargetKind> = {
  ru: { console: 'Консоль в браузере', phone: 'Номер телефона', sip: 'SIP-телефон' },
  kk: { console: 'Браузердегі консоль', phone: 'Телефон нөмірі', sip: 'SIP-телефон' },
  en: { console: 'Console in the browser', phone: 'Phone number', sip: 'SIP phone' },
};

/** Warm: the operator introduces the caller first; cold: the call is handed straight over. */
export const TRANSFER_MODES = ['warm', 'cold'] as const;
export type TransferMode = (typeof TRANSFER_MODES)[number];

export const TRANSFER_MODE_LABELS: CodeLabels<TransferMode> = {
  ru: { warm: 'Перевод с представлением', cold: 'Перевод без представления' },
  kk: { warm: 'Алдын ала таныстырып ауыстыру', cold: 'Таныстырмай ауыстыру' },
  en: { warm: 'Warm transfer', cold: 'Cold transfer' },
};

/** Languages of the voice menu, in the order of their digits: 1 Russian, 2 Kazakh, 3 English. */
/**
 * The languages a caller can choose in the phone menu: the line's migrants call in Uzbek,
 * Tajik and Kyrgyz as well as Russian, Kazakh and English. Which of them the menu offers, and
 * in which order (digit 1 for the first), is the line's configuration (TELEPHONY_MENU_LANGUAGES).
 */
export const MENU_LANGUAGES = ['ru', 'kk', 'en', 'uz', 'tg', 'ky'] as const;
export type MenuLanguage = (typeof MENU_LANGUAGES)[number];

export function isMenuLanguage(value: unknown): value is MenuLanguage {
  return typeof value === 'string' && (MENU_LANGUAGES as readonly string[]).includes(value);
}

/** The menu language the caller chose by pressing a digit (1 for the menu's first language), or null for anything else. */
export function menuLanguageForDigits(digits: string | undefined, menu: readonly MenuLanguage[] = MENU_LANGUAGES): MenuLanguage | null {
  const clean = typeof digits === 'string' ? digits.trim() : '';
  if (!/^[1-9]$/.test(clean)) return null;
  return menu[Number(clean) - 1] ?? null;
}

/**
 * What became of a call, from the QueueResult of Twilio's <Enqueue> action: bridged
 * (bridged, bridging-in-process, redirected-from-bridged: an operator took it),
 * abandoned (hangup: the caller hung up waiting), missed (leave, queue-full,
 * system-shutdown: it left the queue unanswered), failed (error). Null for `redirected`
 * (the call was moved elsewhere and whoever took it over records what became of it) and
 * for a value Twilio does not document.
 */
export function callOutcomeForQueueResult(result: string): 'answered' | 'abandoned' | 'missed' | 'failed' | null {
  switch (typeof result === 'string' ? result.trim().toLowerCase() : undefined) {
    case 'bridged':
    case 'bridging-in-process':
    case 'redirected-from-bridged':
      return 'answered';
    case 'hangup':
      return 'abandoned';
    case 'leave':
    case 'queue-full':
    case 'system-shutdown':
      return 'missed';
    case 'error':
      return 'failed';
    default:
      return null; // 'redirected', or unknown
  }
}

/** Twilio's final CallStatus values: after one of these nothing more happens to the call. */
export const TWILIO_FINAL_CALL_STATUSES = ['completed', 'busy', 'failed', 'no-answer', 'canceled'] as const;
export type TwilioFinalCallStatus = (typeof TWILIO_FINAL_CALL_STATUSES)[number];

export function isTwilioFinalCallStatus(status: unknown): status is TwilioFinalCallStatus {
  return typeof status === 'string' && (TWILIO_FINAL_CALL_STATUSES as readonly string[]).includes(status);
}

/**
 * The name a browser softphone registers under, for one operator. Twilio Client identities
 * may hold only letters, digits and underscores, so the user id's hyphens are dropped.
 */
export function consoleIdentity(userId: string): string {
  return `op_${userId.replace(/-/g, '').toLowerCase()}`;
}

/** After-call work lasts at most this long (an office's setting, in seconds). */
export const MAX_WRAP_UP_SECONDS = 1800;

/**
 * Who is answered first. Callers at risk (an active at-risk flag on their number or person,
 * or an open critical case) go ahead of everyone, then callers we promised to call back
 * (an open callback for their number); within each, whoever has waited longest.
 */
export const QUEUE_PRIORITIES = ['urgent', 'callback_promised', 'normal'] as const;
export type QueuePriority = (typeof QUEUE_PRIORITIES)[number];

export const QUEUE_PRIORITY_LABELS: CodeLabels<QueuePriority> = {
  ru: { urgent: 'Срочно: под угрозой', callback_promised: 'Обещали перезвонить', normal: 'Обычный' },
  kk: { urgent: 'Шұғыл: қауіп төніп тұр', callback_promised: 'Қайта қоңырау уәде етілген', normal: 'Қалыпты' },
  en: { urgent: 'Urgent: at risk', callback_promised: 'Promised a callback', normal: 'Normal' },
};

/** 0 is answered first. */
export function queueRank(priority: QueuePriority): number {
  return QUEUE_PRIORITIES.indexOf(priority);
}

/** Queue order: priority first, then the longest wait. */
export function compareQueued(a: { priority: QueuePriority; queuedAtMs: number }, b: { priority: QueuePriority; queuedAtMs: number }): number {
  return queueRank(a.priority) - queueRank(b.priority) || a.queuedAtMs - b.queuedAtMs;
}
