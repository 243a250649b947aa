import { localDayOf, startOfLocalDay } from './local-days';

describe('local days', () => {
  it('names the day of an instant on the office calendar, not the UTC one', () => {
    // 19:00:30 UTC on New Year's Eve is already the new year in Almaty (UTC+5).
    expect(localDayOf(new Date('2026-12-31T19:00:30Z'), 'Asia/Almaty')).toBe('2027-01-01');
    expect(localDayOf(new Date('2026-12-31T18:59:59Z'), 'Asia/Almaty')).toBe('2026-12-31');
    expect(localDayOf(new Date('2026-12-31T19:00:30Z'), 'UTC')).toBe('2026-12-31');
  });

  it('gives the instant a local day begins, across month and year ends', () => {
    expect(startOfLocalDay('2027-01-01', 'Asia/Almaty').toISOString()).toBe('2026-12-31T19:00:00.000Z');
    expect(startOfLocalDay('2027-04-30', 'Asia/Almaty', 1).toISOString()).toBe('2027-04-30T19:00:00.000Z');
    expect(startOfLocalDay('2026-12-31', 'Asia/Almaty', 1).toISOString()).toBe('2026-12-31T19:00:00.000Z');
    // A day with a daylight-saving change begins at its own offset.
    expect(startOfLocalDay('2027-03-28', 'Europe/Berlin').toISOString()).toBe('2027-03-27T23:00:00.000Z');
    expect(startOfLocalDay('2027-03-29', 'Europe/Berlin').toISOString()).toBe('2027-03-28T22:00:00.000Z');
  });

  it('refuses what is not a calendar day', () => {
    expect(() => startOfLocalDay('2027-01-01T00:00:00Z', 'Asia/Almaty')).toThrow(RangeError);
    expect(() => startOfLocalDay('tomorrow', 'Asia/Almaty')).toThrow(RangeError);
  });
});
