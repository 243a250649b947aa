import { isLineOpen, validateOpeningHours, type OpeningHours } from './opening-hours';

const ALMATY = 'Asia/Almaty'; // UTC+5
const weekdays9to18: OpeningHours = {
  periods: [1, 2, 3, 4, 5].map((day) => ({ day, start: 9 * 60, end: 18 * 60 })),
  holidays: ['2026-12-16'],
};

describe('opening hours', () => {
  it('is open around the clock without hours', () => {
    expect(isLineOpen(null, new Date('2026-12-06T21:00:00Z'), ALMATY)).toBe(true);
  });

  it('opens at the start and closes at the end, in the office’s time zone', () => {
    // Monday 7 December 2026 in Almaty.
    expect(isLineOpen(weekdays9to18, new Date('2026-12-07T03:59:00Z'), ALMATY)).toBe(false); // 08:59
    expect(isLineOpen(weekdays9to18, new Date('2026-12-07T04:00:00Z'), ALMATY)).toBe(true); // 09:00
    expect(isLineOpen(weekdays9to18, new Date('2026-12-07T12:59:00Z'), ALMATY)).toBe(true); // 17:59
    expect(isLineOpen(weekdays9to18, new Date('2026-12-07T13:00:00Z'), ALMATY)).toBe(false); // 18:00
    // Sunday 6 December, noon in Almaty: closed; but Monday already began in Almaty at 19:00 UTC on Sunday.
    expect(isLineOpen(weekdays9to18, new Date('2026-12-06T07:00:00Z'), ALMATY)).toBe(false);
  });

  it('is closed all day on a public holiday', () => {
    expect(isLineOpen(weekdays9to18, new Date('2026-12-16T06:00:00Z'), ALMATY)).toBe(false); // Wednesday 11:00, Independence Day
    expect(isLineOpen(weekdays9to18, new Date('2026-12-17T06:00:00Z'), ALMATY)).toBe(true);
  });

  it('takes several periods a day and around midnight as two', () => {
    const nights: OpeningHours = {
      periods: [
        { day: 6, start: 20 * 60, end: 1440 },
        { day: 7, start: 0, end: 2 * 60 },
      ],
      holidays: [],
    };
    expect(isLineOpen(nights, new Date('2026-12-12T18:30:00Z'), ALMATY)).toBe(true); // Saturday 23:30
    expect(isLineOpen(nights, new Date('2026-12-12T20:30:00Z'), ALMATY)).toBe(true); // Sunday 01:30
    expect(isLineOpen(nights, new Date('2026-12-12T21:30:00Z'), ALMATY)).toBe(false); // Sunday 02:30
  });

  it('says what is wrong with hours it cannot use', () => {
    expect(validateOpeningHours(weekdays9to18)).toEqual([]);
    expect(validateOpeningHours({ periods: [{ day: 8, start: 0, end: 60 }], holidays: [] })).toEqual(['period_day']);
    expect(validateOpeningHours({ periods: [{ day: 1, start: 600, end: 600 }], holidays: [] })).toEqual(['period_times']);
    expect(validateOpeningHours({ periods: [{ day: 1, start: 0, end: 1441 }], holidays: [] })).toEqual(['period_times']);
    expect(
      validateOpeningHours({
        periods: [
          { day: 1, start: 0, end: 600 },
          { day: 1, start: 500, end: 700 },
        ],
        holidays: [],
      }),
    ).toEqual(['periods_overlap']);
    expect(validateOpeningHours({ periods: [], holidays: ['2026-02-30'] })).toEqual(['holiday_date']);
  });
});
