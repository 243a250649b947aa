import { dateFormatOf, parseTypedDate } from './typed-date';

describe('dates typed in the console', () => {
  it.each([
    ['07.12.2026', '2026-12-07'],
    ['7.12.2026', '2026-12-07'],
    ['07/12/2026', '2026-12-07'],
    ['07-12-2026', '2026-12-07'],
    [' 29.02.2028 ', '2028-02-29'],
    ['2026-12-07', '2026-12-07'],
    ['07.12.2026 14:30', '2026-12-07 14:30:00'],
    ['07/12/2026, 9:05', '2026-12-07 09:05:00'],
    ['2026-12-07T14:30', '2026-12-07 14:30:00'],
    ['2026-12-07 14:30:00', '2026-12-07 14:30:00'],
  ])('reads %s day first as %s', (typed, value) => {
    expect(parseTypedDate(typed)).toBe(value);
  });

  it.each(['', '12/31/2026', '31.02.2026', '29.02.2027', '00.01.2026', '07.13.2026', '07.12.26', 'tomorrow', '07.12.2026 24:00', '07.12.2026 12:60'])(
    'refuses %s (not a day, or month first)',
    (typed) => {
      expect(parseTypedDate(typed)).toBeNull();
    },
  );

  it('writes dates day first in every language: dots in Russian and Kazakh, slashes in English', () => {
    expect([dateFormatOf('ru'), dateFormatOf('kk'), dateFormatOf('en')]).toEqual(['DD.MM.YYYY', 'DD.MM.YYYY', 'DD/MM/YYYY']);
  });
});
