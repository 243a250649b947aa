import { accountLinkExpiry, accountLinkRefusal, accountLinkState, accountLinkUrl, ACCOUNT_LINK_TOKEN_PATTERN } from './account-links';

const now = new Date('2026-12-07T10:00:00Z');

describe('account links', () => {
  it('are usable until they expire, and never again once used or revoked', () => {
    const fresh = { expiresAt: new Date('2026-12-07T10:30:00Z'), usedAt: null, revokedAt: null };
    expect(accountLinkState(fresh, now)).toBe('usable');
    expect(accountLinkState(fresh, new Date('2026-12-07T10:29:59.999Z'))).toBe('usable');
    expect(accountLinkState(fresh, new Date('2026-12-07T10:30:00Z'))).toBe('expired');
    expect(accountLinkState({ ...fresh, usedAt: now }, now)).toBe('used');
    expect(accountLinkState({ ...fresh, revokedAt: now }, now)).toBe('revoked');
    expect(accountLinkState({ ...fresh, usedAt: now, revokedAt: now }, new Date('2027-01-01T00:00:00Z'))).toBe('used');
  });

  it('last hours for an invitation and minutes for a reset', () => {
    const lifetime = { invitationHours: 72, passwordResetMinutes: 30 };
    expect(accountLinkExpiry('invitation', now, lifetime).toISOString()).toBe('2026-12-10T10:00:00.000Z');
    expect(accountLinkExpiry('password_reset', now, lifetime).toISOString()).toBe('2026-12-07T10:30:00.000Z');
  });

  it('carry the token in the fragment, never in the path or query a server logs', () => {
    const url = accountLinkUrl('https://mayak.example.org/', 'a'.repeat(43));
    expect(url).toBe(`https://mayak.example.org/login/link#${'a'.repeat(43)}`);
    expect(new URL(url).pathname).toBe('/login/link');
    expect(new URL(url).search).toBe('');
  });

  it('take tokens of 32 random bytes in base64url only', () => {
    expect(ACCOUNT_LINK_TOKEN_PATTERN.test('A'.repeat(42) + '_')).toBe(true);
    expect(ACCOUNT_LINK_TOKEN_PATTERN.test('A'.repeat(42))).toBe(false);
    expect(ACCOUNT_LINK_TOKEN_PATTERN.test('A'.repeat(42) + '=')).toBe(false);
    expect(ACCOUNT_LINK_TOKEN_PATTERN.test('A'.repeat(44))).toBe(false);
  });

  it('invite only those who never set a password, reset only those who did, and neither for a deactivated account', () => {
    expect(accountLinkRefusal('invitation', { active: true, passwordSet: false })).toBeNull();
    expect(accountLinkRefusal('invitation', { active: true, passwordSet: true })).toBe('already_joined');
    expect(accountLinkRefusal('password_reset', { active: true, passwordSet: true })).toBeNull();
    expect(accountLinkRefusal('password_reset', { active: true, passwordSet: false })).toBe('not_joined');
    expect(accountLinkRefusal('password_reset', { active: false, passwordSet: true })).toBe('account_inactive');
    expect(accountLinkRefusal('invitation', { active: false, passwordSet: false })).toBe('account_inactive');
  });
});
