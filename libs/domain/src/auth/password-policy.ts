export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

export type PasswordProblem = 'too_short' | 'too_long' | 'too_common' | 'contains_email';

const COMMON_PASSWORDS = new Set([
  '123456789012',
  'password1234',
  'qwertyuiop12',
  '111111111111',
  'passwordpassword',
  'qwerty123456',
  'administrator',
  'iloveyou1234',
  'welcome12345',
  'parol1234567',
]);

/**
 * Length over composition rules (NIST SP 800-63B): long passphrases in any script are
 * accepted; obviously guessable ones are not.
 */
export function checkPassword(password: string, email?: string): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) problems.push('too_short');
  if (length > PASSWORD_MAX_LENGTH) problems.push('too_long');
  if (COMMON_PASSWORDS.has(password.toLowerCase())) problems.push('too_common');
  const local = email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && password.toLowerCase().includes(local)) problems.push('contains_email');
  return problems;
}
