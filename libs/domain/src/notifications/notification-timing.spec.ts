import { groupDigest, latestDigestMoment, mailRetryDelayMs, referralReminderAt, referralReminderDue, taskDueSoon } from './notification-timing';

describe('digest moments', () => {
  it("is today's hour in the office's zone once it has passed, else yesterday's", () => {
    // 03:30 UTC is 08:30 in Almaty (UTC+5): today's 08:00 digest is due.
    expect(latestDigestMoment(new Date('2027-03-10T03:30:00Z'), 'Asia/Almaty', 8)).toEqual({ day: '2027-03-10', at: new Date('2027-03-10T03:00:00Z') });
    // 02:59 UTC is 07:59 there: the latest is yesterday's.
    expect(latestDigestMoment(new Date('2027-03-10T02:59:00Z'), 'Asia/Almaty', 8)).toEqual({ day: '2027-03-09', at: new Date('2027-03-09T03:00:00Z') });
    // Exactly at the hour: today's.
    expect(latestDigestMoment(new Date('2027-03-10T03:00:00Z'), 'Asia/Almaty', 8).day).toBe('2027-03-10');
  });

  it('counts days on the office calendar across month and year ends, not in UTC', () => {
    // 19:30 UTC on New Year's Eve is 00:30 on 1 January in Almaty: a midnight digest of the new day.
    expect(latestDigestMoment(new Date('2026-12-31T19:30:00Z'), 'Asia/Almaty', 0)).toEqual({ day: '2027-01-01', at: new Date('2026-12-31T19:00:00Z') });
    // 1 March 07:00 in Almaty, before the 8 o'clock digest: the last one was on 28 February.
    expect(latestDigestMoment(new Date('2027-03-01T02:00:00Z'), 'Asia/Almaty', 8)).toEqual({ day: '2027-02-28', at: new Date('2027-02-28T03:00:00Z') });
    // An office in another zone counts its own day.
    expect(latestDigestMoment(new Date('2027-03-10T03:30:00Z'), 'Europe/Berlin', 8).day).toBe('2027-03-09');
  });

  it('refuses an hour that is not one', () => {
    expect(() => latestDigestMoment(new Date('2026-12-07T10:00:00Z'), 'Asia/Almaty', 24)).toThrow(RangeError);
    expect(() => latestDigestMoment(new Date('2026-12-07T10:00:00Z'), 'Asia/Almaty', 7.5)).toThrow(RangeError);
  });
});

describe('digest grouping', () => {
  it("groups by kind in the kinds' order, each group oldest first, and leaves out empty kinds", () => {
    const at = (minute: number) => new Date(Date.UTC(2027, 2, 10, 4, minute));
    const items = [
      { id: 'c', kind: 'task_overdue' as const, createdAt: at(5) },
      { id: 'a', kind: 'case_assigned' as const, createdAt: at(9) },
      { id: 'b', kind: 'case_assigned' as const, createdAt: at(1) },
    ];
    expect(groupDigest(items).map((g) => ({ kind: g.kind, ids: g.items.map((i) => i.id) }))).toEqual([
      { kind: 'case_assigned', ids: ['b', 'a'] },
      { kind: 'task_overdue', ids: ['c'] },
    ]);
    expect(groupDigest([])).toEqual([]);
  });
});

describe('referral reminders', () => {
  const sent = new Date('2027-03-10T04:00:00Z');

  it('comes the lead time before the deadline, but not in the first half of the time given', () => {
    expect(referralReminderAt(sent, new Date('2027-03-12T04:00:00Z'), 12)).toEqual(new Date('2027-03-11T16:00:00Z'));
    expect(referralReminderAt(sent, new Date('2027-03-10T08:00:00Z'), 12)).toEqual(new Date('2027-03-10T06:00:00Z'));
    expect(referralReminderAt(null, new Date('2027-03-10T08:00:00Z'), 12)).toBeNull();
    expect(referralReminderAt(sent, null, 12)).toBeNull();
    expect(referralReminderAt(sent, sent, 12)).toBeNull();
  });

  it('is due between its moment and the deadline only', () => {
    const due = new Date('2027-03-11T04:00:00Z');
    expect(referralReminderDue(new Date('2027-03-10T15:59:00Z'), sent, due, 12)).toBe(false);
    expect(referralReminderDue(new Date('2027-03-10T16:00:00Z'), sent, due, 12)).toBe(true);
    expect(referralReminderDue(new Date('2027-03-11T04:00:00Z'), sent, due, 12)).toBe(false);
  });
});

describe('tasks coming due', () => {
  it('is told of from the lead time before the due time until it, not before nor after', () => {
    const due = new Date('2027-03-11T04:00:00Z');
    expect(taskDueSoon(new Date('2027-03-10T03:59:59Z'), due, 24)).toBe(false);
    expect(taskDueSoon(new Date('2027-03-10T04:00:00Z'), due, 24)).toBe(true);
    expect(taskDueSoon(new Date('2027-03-11T03:59:59Z'), due, 24)).toBe(true);
    expect(taskDueSoon(new Date('2027-03-11T04:00:00Z'), due, 24)).toBe(false);
    expect(taskDueSoon(new Date('2027-03-10T20:00:00Z'), due, 6)).toBe(false);
    expect(taskDueSoon(new Date('2027-03-10T22:00:00Z'), due, 6)).toBe(true);
    expect(taskDueSoon(new Date('2027-03-10T22:00:00Z'), null, 6)).toBe(false);
  });
});

describe('mail retries', () => {
  it('doubles the wait after each failure from the base, up to six hours', () => {
    expect([1, 2, 3, 4].map((n) => mailRetryDelayMs(n, 60))).toEqual([60_000, 120_000, 240_000, 480_000]);
    expect(mailRetryDelayMs(30, 60)).toBe(6 * 3600_000);
    expect(mailRetryDelayMs(0, 1)).toBe(1000);
  });
});
