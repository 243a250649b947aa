import { LOCALES } from '../common/locales';
import { codeLabel, isCode } from './registry';
import {
  CALL_OUTCOME_LABELS,
  CALL_OUTCOMES,
  CALL_STATE_LABELS,
  CALL_STATES,
  MENU_LANGUAGES,
  PRESENCE_STATUS_LABELS,
  PRESENCE_STATUSES,
  RING_TARGET_KIND_LABELS,
  RING_TARGET_KINDS,
  TRANSFER_MODE_LABELS,
  TRANSFER_MODES,
  TWILIO_FINAL_CALL_STATUSES,
  callOutcomeForQueueResult,
  compareQueued,
  consoleIdentity,
  QUEUE_PRIORITIES,
  queueRank,
  isTwilioFinalCallStatus,
  menuLanguageForDigits,
} from './telephony';

describe('telephony code lists', () => {
  it('has the designed values', () => {
    expect(CALL_STATES).toEqual(['menu', 'queued', 'connecting', 'in_progress', 'on_hold', 'completed', 'missed', 'abandoned']);
    expect(CALL_OUTCOMES).toEqual(['answered', 'missed', 'abandoned', 'failed', 'transferred', 'after_hours', 'forwarded', 'voicemail']);
    expect(PRESENCE_STATUSES).toEqual(['available', 'busy', 'wrap_up', 'away']);
    expect(RING_TARGET_KINDS).toEqual(['console', 'phone', 'sip']);
    expect(TRANSFER_MODES).toEqual(['warm', 'cold']);
    expect(MENU_LANGUAGES).toEqual(['ru', 'kk', 'en', 'uz', 'tg', 'ky']);
    // The console's languages keep their digits (1, 2, 3) whatever follows them.
    expect(MENU_LANGUAGES.slice(0, 3)).toEqual(LOCALES);
  });

  it('labels every value in ru, kk and en, and nothing else', () => {
    const lists = [
      [CALL_STATES, CALL_STATE_LABELS],
      [CALL_OUTCOMES, CALL_OUTCOME_LABELS],
      [PRESENCE_STATUSES, PRESENCE_STATUS_LABELS],
      [RING_TARGET_KINDS, RING_TARGET_KIND_LABELS],
      [TRANSFER_MODES, TRANSFER_MODE_LABELS],
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
    expect(codeLabel('presenceStatus', 'busy', 'en')).toBe('On a call');
    expect(codeLabel('presenceStatus', 'busy', 'ru')).toBe('На звонке');
    expect(codeLabel('presenceStatus', 'busy', 'kk')).toBe('Қоңырауда');
    expect(codeLabel('callState', 'queued', 'kk')).toBe('Кезекте');
    expect(codeLabel('callOutcome', 'abandoned', 'ru')).toBe('Прерван звонящим');
    expect(codeLabel('ringTargetKind', 'sip', 'en')).toBe('SIP phone');
    expect(codeLabel('transferMode', 'warm', 'en')).toBe('Warm transfer');
    expect(isCode('callState', 'on_hold')).toBe(true);
    expect(isCode('callOutcome', 'transferred')).toBe(true);
    expect(isCode('presenceStatus', 'offline')).toBe(false);
    expect(isCode('ringTargetKind', 'console')).toBe(true);
    expect(isCode('transferMode', 'cold')).toBe(true);
  });
});

describe('menuLanguageForDigits', () => {
  it.each([
    ['1', 'ru'],
    ['2', 'kk'],
    ['3', 'en'],
    ['4', 'uz'],
    ['5', 'tg'],
    [' 6 ', 'ky'],
  ])('takes %p as %p', (digits, language) => {
    expect(menuLanguageForDigits(digits)).toBe(language);
  });

  it.each([undefined, '', '0', '7', '9', '*', '#', '12', '11', 'ru', 'one'])('takes %p as no choice', (digits) => {
    expect(menuLanguageForDigits(digits)).toBeNull();
  });

  it('follows the line’s own menu', () => {
    const menu = ['ru', 'tg', 'uz'] as const;
    expect(['1', '2', '3', '4'].map((d) => menuLanguageForDigits(d, menu))).toEqual(['ru', 'tg', 'uz', null]);
  });

  it('numbers the languages in menu order', () => {
    MENU_LANGUAGES.forEach((language, index) => expect(menuLanguageForDigits(String(index + 1))).toBe(language));
  });
});

describe('callOutcomeForQueueResult', () => {
  it.each([
    ['bridged', 'answered'],
    ['bridging-in-process', 'answered'],
    ['redirected-from-bridged', 'answered'],
    ['redirected', null],
    ['hangup', 'abandoned'],
    ['leave', 'missed'],
    ['queue-full', 'missed'],
    ['system-shutdown', 'missed'],
    ['error', 'failed'],
  ])('maps %p to %p', (result, outcome) => {
    expect(callOutcomeForQueueResult(result)).toBe(outcome);
  });

  it('knows nothing of other values', () => {
    expect(callOutcomeForQueueResult('')).toBeNull();
    expect(callOutcomeForQueueResult('completed')).toBeNull();
    expect(callOutcomeForQueueResult(undefined as unknown as string)).toBeNull();
  });

  it('only yields call outcomes', () => {
    for (const result of ['bridged', 'hangup', 'leave', 'error']) expect(CALL_OUTCOMES).toContain(callOutcomeForQueueResult(result));
  });
});

describe('Twilio final call statuses', () => {
  it('lists the statuses after which nothing more happens', () => {
    expect(TWILIO_FINAL_CALL_STATUSES).toEqual(['completed', 'busy', 'failed', 'no-answer', 'canceled']);
    for (const status of TWILIO_FINAL_CALL_STATUSES) expect(isTwilioFinalCallStatus(status)).toBe(true);
    for (const status of ['queued', 'ringing', 'in-progress', 'initiated', 'cancelled', 'no_answer', '', null])
      expect(isTwilioFinalCallStatus(status)).toBe(false);
  });
});

describe('console identity', () => {
  it('names an operator with letters, digits and underscores only', () => {
    expect(consoleIdentity('5B0C6a2e-1d7f-4c1e-9a43-0f6b8f4c2d11')).toBe('op_5b0c6a2e1d7f4c1e9a430f6b8f4c2d11');
    expect(consoleIdentity('5b0c6a2e-1d7f-4c1e-9a43-0f6b8f4c2d11')).toMatch(/^[A-Za-z0-9_]{1,121}$/);
  });
});

describe('queue order', () => {
  it('answers callers at risk first, then those promised a callback, each by the longest wait', () => {
    const queued = [
      { id: 'a', priority: 'normal' as const, queuedAtMs: 1_000 },
      { id: 'b', priority: 'callback_promised' as const, queuedAtMs: 3_000 },
      { id: 'c', priority: 'urgent' as const, queuedAtMs: 5_000 },
      { id: 'd', priority: 'callback_promised' as const, queuedAtMs: 2_000 },
      { id: 'e', priority: 'normal' as const, queuedAtMs: 500 },
    ];
    expect([...queued].sort(compareQueued).map((q) => q.id)).toEqual(['c', 'd', 'b', 'e', 'a']);
    expect(QUEUE_PRIORITIES.map(queueRank)).toEqual([0, 1, 2]);
  });
});
