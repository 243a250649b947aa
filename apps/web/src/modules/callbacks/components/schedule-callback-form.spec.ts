import {
  assigneeIdOf,
  blankValues,
  defaultDue,
  errorsAfterChange,
  errorsFromApi,
  scheduleBody,
  scheduleProblems,
  windowOfValues,
  type DueCheck,
} from './schedule-callback-form';

const ZONE = 'Asia/Almaty';
const fine: DueCheck = { at: new Date('2026-12-08T05:00:00Z'), past: false, outside: false };

describe('the schedule-callback form', () => {
  it('opens with a working-day window from 09:00 to 18:00 in the given zone, called by me, not yet due', () => {
    const values = blankValues(ZONE);
    expect(values).toMatchObject({
      due: '',
      useWindow: true,
      days: ['1', '2', '3', '4', '5'],
      start: '09:00',
      end: '18:00',
      timeZone: ZONE,
      method: 'voice',
      assignee: 'me',
    });
    expect(windowOfValues(values)).toEqual({ days: [1, 2, 3, 4, 5], startMinute: 540, endMinute: 1080, timeZone: ZONE });
  });

  it('has no window when it is switched off, and marks unreadable times as -1', () => {
    expect(windowOfValues({ ...blankValues(ZONE), useWindow: false })).toBeNull();
    expect(windowOfValues({ ...blankValues(ZONE), start: 'x', end: '' })).toMatchObject({ startMinute: -1, endMinute: -1 });
  });

  it('proposes a quarter of an hour from now on the next five minutes, moved into the window', () => {
    const now = new Date(2026, 11, 7, 10, 1, 30).getTime();
    expect(defaultDue(null, now)).toEqual(new Date(2026, 11, 7, 10, 20, 0));
    const window = windowOfValues(blankValues(ZONE));
    const due = defaultDue(window, Date.parse('2026-12-05T06:00:00Z')); // a Saturday, noon in Almaty
    expect(due.getTime()).toBe(Date.parse('2026-12-07T04:00:00Z')); // Monday 09:00 in Almaty
  });

  it("drops a field's error when it changes, and the due time's when the window moves", () => {
    const errors = { phone: 'p', due: 'd', days: 'x' };
    expect(errorsAfterChange(errors, { phone: '1' })).toEqual({ due: 'd', days: 'x' });
    expect(errorsAfterChange(errors, { notes: 'n' })).toEqual(errors);
    for (const patch of [{ days: [] }, { start: '10:00' }, { end: '11:00' }, { timeZone: 'UTC' }, { useWindow: false }]) {
      expect(errorsAfterChange(errors, patch)).not.toHaveProperty('due');
    }
  });

  it('finds nothing wrong with a complete form', () => {
    expect(scheduleProblems(blankValues(ZONE), { timeZoneKnown: true, due: fine, target: { hasPhone: true, contactBack: 'given' } })).toEqual({});
  });

  it('says what is wrong in the order of the form, so the first field gets the focus', () => {
    const values = { ...blankValues(ZONE), days: [], start: '12:00', end: '12:00' };
    const problems = scheduleProblems(values, {
      timeZoneKnown: false,
      due: { at: null, past: false, outside: false },
      target: { hasPhone: false, contactBack: 'not_asked' },
    });
    expect(problems).toEqual({
      timeZone: 'fieldErrors.isTimeZone',
      days: 'callbacks.window.daysRequired',
      end: 'callbacks.window.endBeforeStart',
      due: 'fieldErrors.required',
      phone: 'callbacks.phoneRequired',
      consentNow: 'callbacks.consent.required',
    });
    expect(Object.keys(problems)[0]).toBe('timeZone');
  });

  it('reports a due time in the past before one outside the window, and ignores the window when it is off', () => {
    const target = { hasPhone: true, contactBack: 'given' as const };
    expect(scheduleProblems(blankValues(ZONE), { timeZoneKnown: true, due: { ...fine, past: true, outside: true }, target }).due).toBe('fieldErrors.in_past');
    expect(scheduleProblems(blankValues(ZONE), { timeZoneKnown: true, due: { ...fine, outside: true }, target }).due).toBe('callbacks.outsideWindow');
    expect(scheduleProblems({ ...blankValues(ZONE), useWindow: false, days: [], start: 'x' }, { timeZoneKnown: true, due: fine, target })).toEqual({});
  });

  it('names the assignee: me, nobody (the office queue) or a colleague', () => {
    expect([assigneeIdOf('me', 'u1'), assigneeIdOf('none', 'u1'), assigneeIdOf('u2', 'u1')]).toEqual(['u1', null, 'u2']);
  });

  it('sends only what the form holds, with the days in order and the consent only when it was asked', () => {
    const values = { ...blankValues(ZONE), days: ['5', '1', '3'], phone: ' +77011234567 ', notes: '  ', assignee: 'none', maxAttempts: '2', consentNow: true };
    const dueAt = new Date('2026-12-08T05:00:00Z');
    expect(scheduleBody(values, { contactId: 'c1', contactBack: 'not_asked' }, 'u1', dueAt)).toEqual({
      contactId: 'c1',
      phone: '+77011234567',
      dueAt: '2026-12-08T05:00:00.000Z',
      safeWindow: { days: [1, 3, 5], start: '09:00', end: '18:00', timeZone: ZONE },
      method: 'voice',
      assigneeId: null,
      maxAttempts: 2,
      consentToContactBack: true,
    });
    expect(scheduleBody({ ...blankValues(ZONE), useWindow: false, notes: ' call after six ' }, { caseId: 'k1', contactBack: 'given' }, 'u1', dueAt)).toEqual({
      caseId: 'k1',
      dueAt: '2026-12-08T05:00:00.000Z',
      method: 'voice',
      assigneeId: 'u1',
      maxAttempts: 3,
      notes: 'call after six',
    });
  });

  it("puts the API's field errors on the form's fields", () => {
    expect(
      errorsFromApi({ dueAt: 'late', safeWindow: 'w', phone: 'p', assigneeId: 'a', maxAttempts: 'm', consentToContactBack: 'c' }, null, 'outside'),
    ).toEqual({
      due: 'late',
      days: 'w',
      phone: 'p',
      assignee: 'a',
      maxAttempts: 'm',
      consentNow: 'c',
    });
    expect(errorsFromApi({}, 'outside_safe_window', 'outside')).toEqual({ due: 'outside' });
    expect(errorsFromApi({}, 'conflict', 'outside')).toEqual({});
  });
});
