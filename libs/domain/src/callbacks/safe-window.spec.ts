import { DEFAULT_CALLBACK_MAX_ATTEMPTS, MAX_CALLBACK_ATTEMPTS } from './callback-status';
import {
  ANY_TIME_WINDOW,
  crossesMidnight,
  formatTimeOfDay,
  isInsideSafeWindow,
  nextAttemptAt,
  nextSafeTime,
  parseTimeOfDay,
  validateSafeWindow,
  zonedParts,
  zonedTimeToUtc,
  type SafeWindow,
} from './safe-window';

const at = (iso: string) => new Date(iso);
const iso = (date: Date | null) => date?.toISOString() ?? null;
const WEEKDAYS = [1, 2, 3, 4, 5];
/** Monday to Friday, 09:00–18:00 in Almaty (UTC+5 since 1 March 2024). */
const almatyOffice: SafeWindow = { days: WEEKDAYS, startMinute: 540, endMinute: 1080, timeZone: 'Asia/Almaty' };
const daily = (timeZone: string, startMinute: number, endMinute: number): SafeWindow => ({ days: [1, 2, 3, 4, 5, 6, 7], startMinute, endMinute, timeZone });

describe('times of day', () => {
  it.each([
    ['00:00', 0],
    ['00:01', 1],
    ['09:00', 540],
    ['12:30', 750],
    ['23:59', 1439],
    ['24:00', 1440],
  ])('parses %s as %p', (text, minutes) => {
    expect(parseTimeOfDay(text)).toBe(minutes);
  });

  it.each(['24:01', '25:00', '99:00', '09:60', '9:00', '09:0', '0900', '09.00', '', ' 09:00', '09:00 ', 'ab:cd', '-1:00', '09:00:00', '０９:００'])(
    'rejects %p',
    (text) => {
      expect(parseTimeOfDay(text)).toBeNull();
    },
  );

  it('rejects what is not a string', () => {
    expect(parseTimeOfDay(undefined as unknown as string)).toBeNull();
    expect(parseTimeOfDay(540 as unknown as string)).toBeNull();
  });

  it('formats minutes as HH:MM, and round-trips every minute of the day', () => {
    expect(formatTimeOfDay(540)).toBe('09:00');
    expect(formatTimeOfDay(0)).toBe('00:00');
    expect(formatTimeOfDay(5)).toBe('00:05');
    expect(formatTimeOfDay(1439)).toBe('23:59');
    expect(formatTimeOfDay(1440)).toBe('24:00');
    for (let minute = 0; minute <= 1440; minute++) expect(parseTimeOfDay(formatTimeOfDay(minute))).toBe(minute);
  });

  it.each([-1, 1441, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses to format %p', (minutes) => {
    expect(() => formatTimeOfDay(minutes)).toThrow(RangeError);
  });
});

describe('validateSafeWindow', () => {
  it('accepts a usable window', () => {
    expect(validateSafeWindow(almatyOffice)).toEqual([]);
    expect(validateSafeWindow(ANY_TIME_WINDOW('Europe/Berlin'))).toEqual([]);
    expect(validateSafeWindow({ days: [7], startMinute: 1439, endMinute: 1440, timeZone: 'UTC' })).toEqual([]);
  });

  it('names each problem', () => {
    expect(validateSafeWindow({ ...almatyOffice, days: [] })).toEqual(['days_empty']);
    expect(validateSafeWindow({ ...almatyOffice, days: [0] })).toEqual(['day_invalid']);
    expect(validateSafeWindow({ ...almatyOffice, days: [1, 8] })).toEqual(['day_invalid']);
    expect(validateSafeWindow({ ...almatyOffice, days: [1.5] })).toEqual(['day_invalid']);
    expect(validateSafeWindow({ ...almatyOffice, days: null as unknown as number[] })).toEqual(['days_empty', 'day_invalid']);
    expect(validateSafeWindow({ ...almatyOffice, startMinute: -1 })).toEqual(['start_invalid']);
    expect(validateSafeWindow({ ...almatyOffice, startMinute: 1440 })).toEqual(['start_invalid']);
    expect(validateSafeWindow({ ...almatyOffice, startMinute: 540.5 })).toEqual(['start_invalid']);
    expect(validateSafeWindow({ ...almatyOffice, endMinute: 1441 })).toEqual(['end_invalid']);
    expect(validateSafeWindow({ ...almatyOffice, endMinute: Number.NaN })).toEqual(['end_invalid']);
    expect(validateSafeWindow({ ...almatyOffice, endMinute: 540 })).toEqual(['empty_window']);
    expect(validateSafeWindow({ ...almatyOffice, timeZone: 'Mars/Olympus_Mons' })).toEqual(['time_zone_invalid']);
    expect(validateSafeWindow({ ...almatyOffice, timeZone: '' })).toEqual(['time_zone_invalid']);
    expect(validateSafeWindow({ days: [], startMinute: -5, endMinute: 2000, timeZone: 'nowhere' })).toEqual([
      'days_empty',
      'start_invalid',
      'end_invalid',
      'time_zone_invalid',
    ]);
  });

  it('accepts a window across midnight, and refuses one that opens and closes at the same minute', () => {
    const [startMinute, endMinute] = [parseTimeOfDay('22:00'), parseTimeOfDay('02:00')];
    expect([startMinute, endMinute]).toEqual([1320, 120]);
    expect(validateSafeWindow({ ...almatyOffice, startMinute: 1320, endMinute: 120 })).toEqual([]);
    expect(crossesMidnight({ startMinute: 1320, endMinute: 120 })).toBe(true);
    expect(crossesMidnight(almatyOffice)).toBe(false);
    expect(validateSafeWindow({ ...almatyOffice, startMinute: 1320, endMinute: 1320 })).toEqual(['empty_window']);
    expect(validateSafeWindow({ ...almatyOffice, startMinute: 0, endMinute: 0 })).toEqual(['empty_window']);
  });
});

describe('a window across midnight (a client who works nights)', () => {
  /** Friday and Saturday nights, 22:00 to 02:00 the next morning, in Almaty (UTC+5). */
  const nights: SafeWindow = { days: [5, 6], startMinute: 1320, endMinute: 120, timeZone: 'Asia/Almaty' };

  it('is open from the start on a listed day until the end the next morning', () => {
    // Friday 4 December 2026, 22:00 Almaty = 17:00 UTC.
    expect(isInsideSafeWindow(at('2026-12-04T16:59:00Z'), nights)).toBe(false);
    expect(isInsideSafeWindow(at('2026-12-04T17:00:00Z'), nights)).toBe(true);
    expect(isInsideSafeWindow(at('2026-12-04T19:30:00Z'), nights)).toBe(true); // Saturday 00:30
    expect(isInsideSafeWindow(at('2026-12-04T20:59:00Z'), nights)).toBe(true); // Saturday 01:59
    expect(isInsideSafeWindow(at('2026-12-04T21:00:00Z'), nights)).toBe(false); // Saturday 02:00
    expect(isInsideSafeWindow(at('2026-12-05T20:30:00Z'), nights)).toBe(true); // Sunday 01:30, Saturday night's window
    expect(isInsideSafeWindow(at('2026-12-06T20:30:00Z'), nights)).toBe(false); // Monday 01:30: Sunday is not listed
    expect(isInsideSafeWindow(at('2026-12-03T20:30:00Z'), nights)).toBe(false); // Friday 01:30: Thursday is not listed
  });

  it('finds the next safe time, including last night’s window still open after midnight', () => {
    expect(iso(nextSafeTime(at('2026-12-07T06:00:00Z'), nights))).toBe('2026-12-11T17:00:00.000Z'); // Monday 11:00 -> Friday 22:00
    expect(iso(nextSafeTime(at('2026-12-05T19:00:00Z'), nights))).toBe('2026-12-05T19:00:00.000Z'); // Sunday 00:00, inside
    expect(iso(nextSafeTime(at('2026-12-05T21:00:00Z'), nights))).toBe('2026-12-11T17:00:00.000Z'); // Sunday 02:00, just closed
    // Sunday to Monday across the week's end: day 7 opens, day 1 holds its end.
    const sundays: SafeWindow = { days: [7], startMinute: 1380, endMinute: 60, timeZone: 'UTC' };
    expect(isInsideSafeWindow(at('2026-12-07T00:30:00Z'), sundays)).toBe(true);
    expect(iso(nextSafeTime(at('2026-12-07T01:00:00Z'), sundays))).toBe('2026-12-13T23:00:00.000Z');
  });

  it('tries again the same night when the gap fits, else on the next listed night', () => {
    // Attempt at Friday 23:10 Almaty; 30 minutes later is still inside.
    expect(iso(nextAttemptAt(at('2026-12-04T18:10:00Z'), 1, 3, nights, 30))).toBe('2026-12-04T18:40:00.000Z');
    // Attempt at Sunday 01:45: 30 minutes later is past 02:00 and Sunday is not listed: Friday 22:00.
    expect(iso(nextAttemptAt(at('2026-12-05T20:45:00Z'), 1, 3, nights, 30))).toBe('2026-12-11T17:00:00.000Z');
  });
});

describe('zoned time', () => {
  it('reads the local day and time from the zone data, not a fixed offset', () => {
    // Almaty moved from UTC+6 to UTC+5 on 1 March 2024.
    expect(zonedParts(at('2024-02-15T12:00:00Z'), 'Asia/Almaty')).toEqual({ year: 2024, month: 2, day: 15, weekday: 4, minute: 18 * 60 });
    expect(zonedParts(at('2026-03-02T03:59:30Z'), 'Asia/Almaty')).toEqual({ year: 2026, month: 3, day: 2, weekday: 1, minute: 8 * 60 + 59 });
    expect(zonedParts(at('2026-03-01T19:00:00Z'), 'Asia/Almaty')).toEqual({ year: 2026, month: 3, day: 2, weekday: 1, minute: 0 });
    expect(zonedParts(at('2026-03-08T04:59:00Z'), 'America/New_York')).toEqual({ year: 2026, month: 3, day: 7, weekday: 6, minute: 23 * 60 + 59 });
    expect(zonedParts(at('2026-03-08T07:00:00Z'), 'America/New_York')).toEqual({ year: 2026, month: 3, day: 8, weekday: 7, minute: 3 * 60 });
    expect(zonedParts(at('2026-12-31T23:30:00Z'), 'UTC')).toEqual({ year: 2026, month: 12, day: 31, weekday: 4, minute: 23 * 60 + 30 });
  });

  it('finds the instant of a local time', () => {
    expect(iso(zonedTimeToUtc(2026, 6, 1, 540, 'Asia/Almaty'))).toBe('2026-06-01T04:00:00.000Z');
    expect(iso(zonedTimeToUtc(2024, 2, 15, 540, 'Asia/Almaty'))).toBe('2024-02-15T03:00:00.000Z');
    expect(iso(zonedTimeToUtc(2026, 1, 15, 540, 'Europe/Berlin'))).toBe('2026-01-15T08:00:00.000Z');
    expect(iso(zonedTimeToUtc(2026, 7, 15, 540, 'Europe/Berlin'))).toBe('2026-07-15T07:00:00.000Z');
    expect(iso(zonedTimeToUtc(2026, 7, 15, 540, 'America/New_York'))).toBe('2026-07-15T13:00:00.000Z');
    expect(iso(zonedTimeToUtc(2026, 12, 31, 1440, 'UTC'))).toBe('2027-01-01T00:00:00.000Z');
  });

  it('moves a skipped local time (spring forward) to the first existing minute', () => {
    // Berlin, 29 March 2026: 02:00 CET becomes 03:00 CEST (01:00Z).
    expect(iso(zonedTimeToUtc(2026, 3, 29, 150, 'Europe/Berlin'))).toBe('2026-03-29T01:00:00.000Z');
    expect(iso(zonedTimeToUtc(2026, 3, 29, 120, 'Europe/Berlin'))).toBe('2026-03-29T01:00:00.000Z');
    expect(iso(zonedTimeToUtc(2026, 3, 29, 180, 'Europe/Berlin'))).toBe('2026-03-29T01:00:00.000Z');
    expect(iso(zonedTimeToUtc(2026, 3, 29, 119, 'Europe/Berlin'))).toBe('2026-03-29T00:59:00.000Z');
    // New York, 8 March 2026: 02:00 EST becomes 03:00 EDT (07:00Z).
    expect(iso(zonedTimeToUtc(2026, 3, 8, 150, 'America/New_York'))).toBe('2026-03-08T07:00:00.000Z');
  });

  it('takes the first of a repeated local time (fall back)', () => {
    // Berlin, 25 October 2026: 03:00 CEST becomes 02:00 CET; 02:30 happens at 00:30Z and at 01:30Z.
    expect(iso(zonedTimeToUtc(2026, 10, 25, 150, 'Europe/Berlin'))).toBe('2026-10-25T00:30:00.000Z');
    expect(iso(zonedTimeToUtc(2026, 10, 25, 180, 'Europe/Berlin'))).toBe('2026-10-25T02:00:00.000Z');
    // New York, 1 November 2026: 02:00 EDT becomes 01:00 EST; 01:30 happens at 05:30Z and 06:30Z.
    expect(iso(zonedTimeToUtc(2026, 11, 1, 90, 'America/New_York'))).toBe('2026-11-01T05:30:00.000Z');
    // Almaty, 1 March 2024 00:00 (+06) became 29 February 23:00 (+05): 23:30 on the 29th happened twice.
    expect(iso(zonedTimeToUtc(2024, 2, 29, 23 * 60 + 30, 'Asia/Almaty'))).toBe('2024-02-29T17:30:00.000Z');
  });

  it('throws for an unknown zone', () => {
    expect(() => zonedParts(at('2026-01-01T00:00:00Z'), 'Mars/Olympus_Mons')).toThrow(RangeError);
    expect(() => zonedTimeToUtc(2026, 1, 1, 0, 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});

describe('isInsideSafeWindow', () => {
  // Monday 2 March 2026 in Almaty (UTC+5): the window is 04:00Z–13:00Z.
  it('includes the start and excludes the end', () => {
    expect(isInsideSafeWindow(at('2026-03-02T03:59:59.999Z'), almatyOffice)).toBe(false);
    expect(isInsideSafeWindow(at('2026-03-02T04:00:00Z'), almatyOffice)).toBe(true);
    expect(isInsideSafeWindow(at('2026-03-02T08:00:00Z'), almatyOffice)).toBe(true);
    expect(isInsideSafeWindow(at('2026-03-02T12:59:59.999Z'), almatyOffice)).toBe(true);
    expect(isInsideSafeWindow(at('2026-03-02T13:00:00Z'), almatyOffice)).toBe(false);
  });

  it('keeps to the days', () => {
    expect(isInsideSafeWindow(at('2026-03-06T08:00:00Z'), almatyOffice)).toBe(true); // Friday
    expect(isInsideSafeWindow(at('2026-03-07T08:00:00Z'), almatyOffice)).toBe(false); // Saturday
    expect(isInsideSafeWindow(at('2026-03-08T08:00:00Z'), almatyOffice)).toBe(false); // Sunday
    // Sunday 20:00Z is already Monday 01:00 in Almaty.
    expect(isInsideSafeWindow(at('2026-03-08T20:00:00Z'), { ...almatyOffice, startMinute: 0 })).toBe(true);
  });

  it('runs a window to the end of the day at 24:00', () => {
    const evening = { days: [1], startMinute: 1320, endMinute: 1440, timeZone: 'Asia/Almaty' };
    expect(isInsideSafeWindow(at('2026-03-02T18:59:00Z'), evening)).toBe(true); // Monday 23:59
    expect(isInsideSafeWindow(at('2026-03-02T19:00:00Z'), evening)).toBe(false); // Tuesday 00:00
  });

  it('is never inside an empty window', () => {
    expect(isInsideSafeWindow(at('2026-03-02T08:00:00Z'), { ...almatyOffice, days: [] })).toBe(false);
    expect(isInsideSafeWindow(at('2026-03-02T08:00:00Z'), { ...almatyOffice, startMinute: 600, endMinute: 600 })).toBe(false);
  });
});

describe('nextSafeTime', () => {
  it('is the instant itself when it is inside', () => {
    expect(iso(nextSafeTime(at('2026-03-02T04:00:00Z'), almatyOffice))).toBe('2026-03-02T04:00:00.000Z');
    expect(iso(nextSafeTime(at('2026-03-02T08:17:23.456Z'), almatyOffice))).toBe('2026-03-02T08:17:23.456Z');
    expect(iso(nextSafeTime(at('2026-03-02T12:59:59.999Z'), almatyOffice))).toBe('2026-03-02T12:59:59.999Z');
  });

  it('waits for the start on the same day', () => {
    expect(iso(nextSafeTime(at('2026-03-02T01:00:00Z'), almatyOffice))).toBe('2026-03-02T04:00:00.000Z');
    expect(iso(nextSafeTime(at('2026-03-02T03:59:59.999Z'), almatyOffice))).toBe('2026-03-02T04:00:00.000Z');
  });

  it('goes to the next allowed day once the window has passed today', () => {
    expect(iso(nextSafeTime(at('2026-03-02T13:00:00Z'), almatyOffice))).toBe('2026-03-03T04:00:00.000Z'); // exactly at the end
    expect(iso(nextSafeTime(at('2026-03-02T15:00:00Z'), almatyOffice))).toBe('2026-03-03T04:00:00.000Z');
    // Friday 18:00 in Almaty: Monday 09:00.
    expect(iso(nextSafeTime(at('2026-03-06T13:00:00Z'), almatyOffice))).toBe('2026-03-09T04:00:00.000Z');
    // Saturday and Sunday: Monday 09:00.
    expect(iso(nextSafeTime(at('2026-03-07T08:00:00Z'), almatyOffice))).toBe('2026-03-09T04:00:00.000Z');
    expect(iso(nextSafeTime(at('2026-03-08T20:00:00Z'), almatyOffice))).toBe('2026-03-09T04:00:00.000Z');
  });

  it('uses the local day, not the UTC day', () => {
    // Sunday 22:00Z is Monday 03:00 in Almaty; the window opens at 09:00 that Monday.
    expect(iso(nextSafeTime(at('2026-03-08T22:00:00Z'), almatyOffice))).toBe('2026-03-09T04:00:00.000Z');
    // Friday 20:00Z is Saturday 01:00 in Almaty: too late for Friday.
    expect(iso(nextSafeTime(at('2026-03-06T20:00:00Z'), { ...almatyOffice, startMinute: 0, endMinute: 1440 }))).toBe('2026-03-08T19:00:00.000Z');
  });

  it('waits up to a week for a window on a single day', () => {
    const sundays = { days: [7], startMinute: 600, endMinute: 660, timeZone: 'Asia/Almaty' };
    expect(iso(nextSafeTime(at('2026-03-08T05:00:00Z'), sundays))).toBe('2026-03-08T05:00:00.000Z'); // Sunday 10:00
    expect(iso(nextSafeTime(at('2026-03-08T06:00:00Z'), sundays))).toBe('2026-03-15T05:00:00.000Z'); // Sunday 11:00: next Sunday
    expect(iso(nextSafeTime(at('2026-03-09T05:00:00Z'), sundays))).toBe('2026-03-15T05:00:00.000Z'); // Monday
  });

  it('never finds a time in a window without a day or without minutes', () => {
    expect(nextSafeTime(at('2026-03-02T08:00:00Z'), { ...almatyOffice, days: [] })).toBeNull();
    expect(nextSafeTime(at('2026-03-02T08:00:00Z'), { ...almatyOffice, days: [0, 8] })).toBeNull();
    expect(nextSafeTime(at('2026-03-02T08:00:00Z'), { ...almatyOffice, endMinute: 540 })).toBeNull();
    expect(nextSafeTime(at('2026-03-02T08:00:00Z'), { ...almatyOffice, startMinute: 600, endMinute: 600 })).toBeNull();
  });

  it('throws for an unknown zone', () => {
    expect(() => nextSafeTime(at('2026-03-02T08:00:00Z'), { ...almatyOffice, timeZone: 'Mars/Olympus_Mons' })).toThrow(RangeError);
  });

  it('takes any time with the any-time window', () => {
    const any = ANY_TIME_WINDOW('Asia/Almaty');
    expect(any).toEqual({ days: [1, 2, 3, 4, 5, 6, 7], startMinute: 0, endMinute: 1440, timeZone: 'Asia/Almaty' });
    for (const time of ['2026-03-07T18:59:59.999Z', '2026-03-07T19:00:00Z', '2026-11-01T06:30:00Z'])
      expect(iso(nextSafeTime(at(time), any))).toBe(at(time).toISOString());
  });

  describe('across daylight saving changes', () => {
    it('follows the new offset after spring forward (Berlin, 29 March 2026)', () => {
      const berlin = daily('Europe/Berlin', 540, 1080);
      // Saturday 20:00 CET: Sunday 09:00 CEST is 07:00Z, not 08:00Z.
      expect(iso(nextSafeTime(at('2026-03-28T19:00:00Z'), berlin))).toBe('2026-03-29T07:00:00.000Z');
      // Saturday 18:00 CET (the end, exclusive).
      expect(iso(nextSafeTime(at('2026-03-28T17:00:00Z'), berlin))).toBe('2026-03-29T07:00:00.000Z');
    });

    it('follows the new offset after fall back (Berlin, 25 October 2026)', () => {
      const berlin = daily('Europe/Berlin', 540, 1080);
      // Saturday 19:00 CEST: Sunday 09:00 CET is 08:00Z, not 07:00Z.
      expect(iso(nextSafeTime(at('2026-10-24T17:00:00Z'), berlin))).toBe('2026-10-25T08:00:00.000Z');
      expect(isInsideSafeWindow(at('2026-10-25T07:59:59Z'), berlin)).toBe(false);
      expect(isInsideSafeWindow(at('2026-10-25T08:00:00Z'), berlin)).toBe(true);
    });

    it('opens a window that starts in the skipped hour at the first existing minute', () => {
      // Berlin: 02:00–02:59 does not exist on 29 March 2026; a window from 02:30 opens at 03:00 CEST.
      expect(iso(nextSafeTime(at('2026-03-28T12:00:00Z'), daily('Europe/Berlin', 150, 300)))).toBe('2026-03-29T01:00:00.000Z');
      // New York, 8 March 2026: the same at 03:00 EDT (07:00Z).
      expect(iso(nextSafeTime(at('2026-03-07T17:00:00Z'), { days: [7], startMinute: 150, endMinute: 240, timeZone: 'America/New_York' }))).toBe(
        '2026-03-08T07:00:00.000Z',
      );
    });

    it('skips a day whose whole window falls in the skipped hour', () => {
      const sundayNight = { days: [7], startMinute: 120, endMinute: 150, timeZone: 'America/New_York' };
      expect(iso(nextSafeTime(at('2026-03-07T17:00:00Z'), sundayNight))).toBe('2026-03-15T06:00:00.000Z'); // 02:00 EDT a week later
    });

    it('follows the new offset in New York (8 March and 1 November 2026)', () => {
      const ny = daily('America/New_York', 540, 1080);
      // Saturday 20:00 EST: Sunday 09:00 EDT is 13:00Z.
      expect(iso(nextSafeTime(at('2026-03-08T01:00:00Z'), ny))).toBe('2026-03-08T13:00:00.000Z');
      // Saturday 20:00 EDT: Sunday 09:00 EST is 14:00Z.
      expect(iso(nextSafeTime(at('2026-11-01T00:00:00Z'), ny))).toBe('2026-11-01T14:00:00.000Z');
    });

    it('counts a repeated hour both times (New York, 1 November 2026)', () => {
      const night = { days: [7], startMinute: 0, endMinute: 90, timeZone: 'America/New_York' };
      // 00:30 EDT is inside; 01:45 EDT is not; the clocks then go back to 01:00 EST, which is inside again.
      expect(iso(nextSafeTime(at('2026-11-01T04:30:00Z'), night))).toBe('2026-11-01T04:30:00.000Z');
      expect(iso(nextSafeTime(at('2026-11-01T05:45:00Z'), night))).toBe('2026-11-01T06:00:00.000Z');
      expect(iso(nextSafeTime(at('2026-11-01T06:30:00Z'), night))).toBe('2026-11-08T05:00:00.000Z'); // 01:30 EST: next Sunday 00:00 EST
    });

    it('handles Almaty leaving UTC+6 (1 March 2024)', () => {
      const almaty = daily('Asia/Almaty', 540, 1080);
      // Thursday 29 February 2024 19:00 (+06): next day 09:00 is already +05, 04:00Z.
      expect(iso(nextSafeTime(at('2024-02-29T13:00:00Z'), almaty))).toBe('2024-03-01T04:00:00.000Z');
      // A day earlier, still +06: 09:00 is 03:00Z.
      expect(iso(nextSafeTime(at('2024-02-28T13:00:00Z'), almaty))).toBe('2024-02-29T03:00:00.000Z');
    });
  });

  it('agrees with a minute-by-minute search around offset changes', () => {
    let seed = 20260329;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const zones = ['Europe/Berlin', 'America/New_York', 'Asia/Almaty', 'Australia/Lord_Howe', 'Asia/Kolkata'];
    const changes = [
      '2026-03-29T01:00:00Z',
      '2026-10-25T01:00:00Z',
      '2026-03-08T07:00:00Z',
      '2026-11-01T06:00:00Z',
      '2024-02-29T18:00:00Z',
      '2026-04-04T15:00:00Z',
    ];
    for (let n = 0; n < 60; n++) {
      const timeZone = zones[Math.floor(random() * zones.length)];
      const start = Math.floor(random() * 1440);
      // One window in three crosses midnight (its end before its start).
      const end = n % 3 === 2 && start > 0 ? Math.floor(random() * start) : start + 1 + Math.floor(random() * (1440 - start));
      const window: SafeWindow = {
        days: [1, 2, 3, 4, 5, 6, 7].filter(() => random() < 0.5),
        startMinute: start,
        endMinute: end,
        timeZone,
      };
      if (window.days.length === 0) window.days = [1 + Math.floor(random() * 7)];
      const from = new Date(at(changes[Math.floor(random() * changes.length)]).getTime() - Math.floor(random() * 3 * 86_400_000));
      const found = nextSafeTime(from, window);
      if (!found) throw new Error(`no safe time for ${JSON.stringify(window)} from ${from.toISOString()}`);
      const result = found.getTime();
      const context = { window, from: from.toISOString(), found: found.toISOString() };
      expect({ ...context, inside: isInsideSafeWindow(found, window), notBefore: result >= from.getTime() }).toEqual({
        ...context,
        inside: true,
        notBefore: true,
      });
      if (result > from.getTime()) {
        // Nothing earlier is inside: neither the start nor any whole minute before the result.
        expect({ ...context, earlier: isInsideSafeWindow(from, window) }).toEqual({ ...context, earlier: false });
        for (let t = Math.ceil(from.getTime() / 60_000) * 60_000; t < result; t += 60_000) {
          if (isInsideSafeWindow(new Date(t), window))
            throw new Error(`${new Date(t).toISOString()} is inside before ${found.toISOString()} for ${JSON.stringify(window)}`);
        }
      }
    }
  });

  it('does a handful of zone look-ups, not one per minute', () => {
    const spy = jest.spyOn(Intl.DateTimeFormat.prototype, 'formatToParts');
    try {
      nextSafeTime(at('2026-03-06T13:00:00Z'), almatyOffice); // Friday evening to Monday
      expect(spy.mock.calls.length).toBeLessThanOrEqual(4);
      spy.mockClear();
      nextSafeTime(at('2026-03-07T17:00:00Z'), { days: [7], startMinute: 120, endMinute: 150, timeZone: 'America/New_York' });
      expect(spy.mock.calls.length).toBeLessThanOrEqual(60);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('nextAttemptAt', () => {
  const after = at('2026-03-02T08:00:00Z'); // Monday 13:00 in Almaty

  it('tries again after the gap, any time without a window', () => {
    expect(iso(nextAttemptAt(after, 1, 3, null))).toBe('2026-03-02T08:30:00.000Z');
    expect(iso(nextAttemptAt(after, 1, 3, null, 120))).toBe('2026-03-02T10:00:00.000Z');
    expect(iso(nextAttemptAt(after, 1, 3, null, 0))).toBe('2026-03-02T08:00:00.000Z');
    expect(iso(nextAttemptAt(after, 1, 3, null, -10))).toBe('2026-03-02T08:00:00.000Z');
  });

  it('tries again inside the safe window', () => {
    expect(iso(nextAttemptAt(after, 1, 3, almatyOffice))).toBe('2026-03-02T08:30:00.000Z');
    // 17:45 + 30 minutes is past 18:00: Tuesday 09:00.
    expect(iso(nextAttemptAt(at('2026-03-02T12:45:00Z'), 1, 3, almatyOffice))).toBe('2026-03-03T04:00:00.000Z');
    // 17:29 + 30 minutes is 17:59: still inside.
    expect(iso(nextAttemptAt(at('2026-03-02T12:29:00Z'), 1, 3, almatyOffice))).toBe('2026-03-02T12:59:00.000Z');
    // Friday 17:45: Monday 09:00.
    expect(iso(nextAttemptAt(at('2026-03-06T12:45:00Z'), 2, 3, almatyOffice))).toBe('2026-03-09T04:00:00.000Z');
  });

  it('gives up at the limit', () => {
    expect(nextAttemptAt(after, 0, DEFAULT_CALLBACK_MAX_ATTEMPTS, null)).not.toBeNull();
    expect(nextAttemptAt(after, 2, DEFAULT_CALLBACK_MAX_ATTEMPTS, almatyOffice)).not.toBeNull();
    expect(nextAttemptAt(after, 3, DEFAULT_CALLBACK_MAX_ATTEMPTS, almatyOffice)).toBeNull();
    expect(nextAttemptAt(after, 4, DEFAULT_CALLBACK_MAX_ATTEMPTS, null)).toBeNull();
    expect(nextAttemptAt(after, 0, 0, null)).toBeNull();
    expect(nextAttemptAt(after, Number.NaN, 3, null)).toBeNull();
  });

  it('never goes past MAX_CALLBACK_ATTEMPTS, whatever limit was stored', () => {
    expect(nextAttemptAt(after, MAX_CALLBACK_ATTEMPTS - 1, 50, null)).not.toBeNull();
    expect(nextAttemptAt(after, MAX_CALLBACK_ATTEMPTS, 50, null)).toBeNull();
  });

  it('gives up when the window is never open', () => {
    expect(nextAttemptAt(after, 1, 3, { ...almatyOffice, days: [] })).toBeNull();
  });
});
