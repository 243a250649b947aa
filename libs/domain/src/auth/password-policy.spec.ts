import { checkPassword, PASSWORD_MIN_LENGTH } from './password-policy';

describe('checkPassword', () => {
  it('accepts a long passphrase in any script', () => {
    expect(checkPassword('Алматы-маяк-2026')).toEqual([]);
    expect(checkPassword('correct horse battery')).toEqual([]);
  });

  it('rejects short, common and email-derived passwords', () => {
    expect(checkPassword('a'.repeat(PASSWORD_MIN_LENGTH - 1))).toEqual(['too_short']);
    expect(checkPassword('Password1234')).toContain('too_common');
    expect(checkPassword('aigerim.k-secret-2026', 'aigerim.k@example.kz')).toEqual(['contains_email']);
    expect(checkPassword('x'.repeat(129))).toEqual(['too_long']);
  });

  it('counts characters, not UTF-16 units', () => {
    expect(checkPassword('🔒'.repeat(PASSWORD_MIN_LENGTH - 1))).toEqual(['too_short']);
  });
});
