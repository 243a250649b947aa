import {
  CALLBACK_METHOD_LABELS,
  CALLBACK_METHODS,
  CALLBACK_OUTCOME_LABELS,
  CALLBACK_OUTCOMES,
  CALLBACK_REASON_LABELS,
  CALLBACK_REASONS,
  CALLBACK_RETRY_MINUTES,
  CALLBACK_STATUS_LABELS,
  CALLBACK_STATUSES,
  DEFAULT_CALLBACK_MAX_ATTEMPTS,
  MAX_CALLBACK_ATTEMPTS,
  allowedNextCallbackStatuses,
  checkCallbackTransition,
  isCallbackFinal,
  isCallbackOpen,
  type CallbackStatus,
} from './callback-status';
import { LOCALES } from '../common/locales';
import { codeLabel, isCode } from '../codes/registry';

describe('callback status machine', () => {
  const legal: [CallbackStatus, CallbackStatus][] = [
    ['scheduled', 'due'],
    ['scheduled', 'in_progress'],
    ['scheduled', 'cancelled'],
    ['due', 'in_progress'],
    ['due', 'cancelled'],
    ['due', 'scheduled'],
    ['in_progress', 'completed'],
    ['in_progress', 'no_answer'],
    ['in_progress', 'failed'],
    ['in_progress', 'cancelled'],
    ['no_answer', 'scheduled'],
    ['no_answer', 'failed'],
  ];

  it('allows exactly the designed moves, checked over every pair', () => {
    for (const from of CALLBACK_STATUSES) {
      for (const to of CALLBACK_STATUSES) {
        const expected = legal.some(([f, t]) => f === from && t === to);
        const result = checkCallbackTransition({ from, to, reason: 'r' });
        expect({ from, to, ok: result.ok }).toEqual({ from, to, ok: expected });
        expect(allowedNextCallbackStatuses(from).includes(to)).toBe(expected);
        if (!result.ok) expect(result).toEqual({ ok: false, problem: 'illegal_transition', allowed: allowedNextCallbackStatuses(from) });
      }
    }
  });

  it('lists the allowed moves in the designed order', () => {
    expect(allowedNextCallbackStatuses('scheduled')).toEqual(['due', 'in_progress', 'cancelled']);
    expect(allowedNextCallbackStatuses('due')).toEqual(['in_progress', 'cancelled', 'scheduled']);
    expect(allowedNextCallbackStatuses('in_progress')).toEqual(['completed', 'no_answer', 'failed', 'cancelled']);
    expect(allowedNextCallbackStatuses('no_answer')).toEqual(['scheduled', 'failed']);
    for (const final of ['completed', 'failed', 'cancelled'] as const) expect(allowedNextCallbackStatuses(final)).toEqual([]);
  });

  it('needs a reason to cancel or fail, and none for the other moves', () => {
    for (const [from, to] of legal) {
      const needsReason = to === 'cancelled' || to === 'failed';
      for (const reason of [undefined, null, '', '   ']) {
        const result = checkCallbackTransition({ from, to, reason });
        if (needsReason) expect(result).toEqual({ ok: false, problem: 'reason_required', allowed: allowedNextCallbackStatuses(from) });
        else expect(result).toEqual({ ok: true });
      }
      expect(checkCallbackTransition({ from, to, reason: 'Клиент просил не звонить' })).toEqual({ ok: true });
    }
  });

  it('reports an illegal move before a missing reason', () => {
    expect(checkCallbackTransition({ from: 'completed', to: 'cancelled' })).toEqual({ ok: false, problem: 'illegal_transition', allowed: [] });
    expect(checkCallbackTransition({ from: 'scheduled', to: 'failed' })).toMatchObject({ ok: false, problem: 'illegal_transition' });
  });

  it('knows which callbacks are still owed and which are over', () => {
    expect(CALLBACK_STATUSES.filter(isCallbackOpen)).toEqual(['scheduled', 'due', 'in_progress']);
    expect(CALLBACK_STATUSES.filter(isCallbackFinal)).toEqual(['completed', 'failed', 'cancelled']);
    // no_answer is neither: the system still owes a retry or a give-up.
    expect(isCallbackOpen('no_answer')).toBe(false);
    expect(isCallbackFinal('no_answer')).toBe(false);
  });
});

describe('callback code lists', () => {
  it('has the designed values and limits', () => {
    expect(CALLBACK_STATUSES).toEqual(['scheduled', 'due', 'in_progress', 'completed', 'no_answer', 'failed', 'cancelled']);
    expect(CALLBACK_REASONS).toEqual(['missed_call', 'abandoned_call', 'requested_in_queue', 'after_hours', 'voicemail', 'scheduled', 'sms_request']);
    expect(CALLBACK_OUTCOMES).toEqual(['reached', 'no_answer', 'busy', 'wrong_person', 'unsafe_to_talk', 'failed']);
    expect(CALLBACK_METHODS).toEqual(['voice', 'sms']);
    expect(DEFAULT_CALLBACK_MAX_ATTEMPTS).toBe(3);
    expect(MAX_CALLBACK_ATTEMPTS).toBe(10);
    expect(DEFAULT_CALLBACK_MAX_ATTEMPTS).toBeLessThanOrEqual(MAX_CALLBACK_ATTEMPTS);
    expect(CALLBACK_RETRY_MINUTES).toBe(30);
  });

  it('labels every value in ru, kk and en, and nothing else', () => {
    const lists = [
      [CALLBACK_STATUSES, CALLBACK_STATUS_LABELS],
      [CALLBACK_REASONS, CALLBACK_REASON_LABELS],
      [CALLBACK_OUTCOMES, CALLBACK_OUTCOME_LABELS],
      [CALLBACK_METHODS, CALLBACK_METHOD_LABELS],
    ] as const;
    for (const [values, labels] of lists) {
      for (const locale of LOCALES) {
        const localised: Readonly<Record<string, string>> = labels[locale];
        expect(Object.keys(localised).sort()).toEqual([...values].sort());
        for (const value of values) expect(localised[value].trim()).not.toBe('');
      }
    }
  });

  it('is registered for the console and the API', () => {
    expect(codeLabel('callbackStatus', 'no_answer', 'ru')).toBe('Нет ответа');
    expect(codeLabel('callbackStatus', 'no_answer', 'kk')).toBe('Жауап жоқ');
    expect(codeLabel('callbackOutcome', 'unsafe_to_talk', 'en')).toBe('Unsafe to talk');
    expect(codeLabel('callbackReason', 'missed_call', 'kk')).toBe('Өткізіп алынған қоңырау');
    expect(codeLabel('callbackMethod', 'voice', 'ru')).toBe('Звонок');
    expect(isCode('callbackStatus', 'due')).toBe(true);
    expect(isCode('callbackReason', 'sms_request')).toBe(true);
    expect(isCode('callbackOutcome', 'reached')).toBe(true);
    expect(isCode('callbackMethod', 'whatsapp')).toBe(false);
  });
});
