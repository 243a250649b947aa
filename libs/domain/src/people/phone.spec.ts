import { maskName, maskPhone, normalisePhone } from './phone';

describe('normalisePhone', () => {
  it.each([
    ['+7 701 123 45 67', '+77011234567'],
    ['8 (701) 123-45-67', '+77011234567'],
    ['87011234567', '+77011234567'],
    ['7011234567', '+77011234567'],
    ['+7 (701) 123 4567', '+77011234567'],
    ['00 998 90 123 45 67', '+998901234567'],
    ['+996 555 123 456', '+996555123456'],
    ['+992 93 123 4567', '+992931234567'],
    ['+7 916 123-45-67', '+79161234567'],
  ])('reads %s as %s', (input, e164) => {
    expect(normalisePhone(input)).toMatchObject({ ok: true, e164 });
  });

  it('refuses what is not a phone number', () => {
    expect(normalisePhone('')).toEqual({ ok: false, reason: 'empty' });
    expect(normalisePhone('call me maybe')).toEqual({ ok: false, reason: 'not_a_number' });
    expect(normalisePhone("1'; DROP TABLE people;--")).toEqual({ ok: false, reason: 'not_a_number' });
    expect(normalisePhone('123')).toEqual({ ok: false, reason: 'invalid' });
    expect(normalisePhone('9'.repeat(60))).toEqual({ ok: false, reason: 'not_a_number' });
  });
});

describe('masking', () => {
  it('shows the operator code and the last two digits only', () => {
    expect(maskPhone('+77011234567')).toBe('+7 701 ••• •• 67');
    expect(maskPhone('+998901234567')).toBe('+998 901 •• •• 67');
    expect(maskPhone('+77011234567')).not.toContain('12345');
  });

  it('reduces names to initials', () => {
    expect(maskName('Айгерим Нурланова')).toBe('А. Н.');
    expect(maskName('  ')).toBe('•••');
  });
});
