import { formatPhone } from './phone-display';
import { maskPhone } from './phone';

describe('formatPhone', () => {
  it.each([
    ['+77011234567', '+7 701 123 45 67'],
    ['+998901234567', '+998 901 23 45 67'],
    ['+996555123456', '+996 555 12 34 56'],
    ['+992931234567', '+992 931 23 45 67'],
    ['+79161234567', '+7 916 123 45 67'],
    ['+905321234567', '+90 532 123 45 67'],
    ['+4915112345678', '+49 151 1234 56 78'],
    ['+12025550123', '+1 202 555 01 23'],
  ])('writes %s as %s', (e164, shown) => {
    expect(formatPhone(e164)).toBe(shown);
  });

  it('groups a number exactly as its mask does, so a revealed number reads like the masked one', () => {
    for (const e164 of ['+77011234567', '+998901234567', '+996555123456', '+992931234567', '+905321234567', '+4915112345678', '+12025550123']) {
      const shown = formatPhone(e164);
      const masked = maskPhone(e164);
      expect({ e164, groups: shown.split(' ').map((g) => g.length) }).toEqual({ e164, groups: masked.split(' ').map((g) => g.length) });
      expect([...masked].every((char, i) => char === '•' || char === shown[i])).toBe(true);
    }
  });

  it('leaves what is not a full number as it is', () => {
    for (const value of ['+7 701 ••• •• 67', '8 (727) 250-00-00', '', 'unknown', '+7701']) expect(formatPhone(value)).toBe(value);
  });
});
