import { DEFAULT_MFA_REQUIRED_ROLES, mfaRequiredFor, normaliseRecoveryCode } from './mfa';

describe('mfa rules', () => {
  it('requires a second factor for supervisors and admins by default', () => {
    expect(mfaRequiredFor(['supervisor'], DEFAULT_MFA_REQUIRED_ROLES)).toBe(true);
    expect(mfaRequiredFor(['operator', 'admin'], DEFAULT_MFA_REQUIRED_ROLES)).toBe(true);
    expect(mfaRequiredFor(['operator'], DEFAULT_MFA_REQUIRED_ROLES)).toBe(false);
    expect(mfaRequiredFor(['operator'], ['operator'])).toBe(true);
  });

  it('normalises recovery codes typed with dashes, spaces or capitals', () => {
    expect(normaliseRecoveryCode(' AB12C-dE34f ')).toBe('ab12cde34f');
  });
});
