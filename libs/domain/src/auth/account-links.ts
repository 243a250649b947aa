/**
 * Links that let a person set their password without anyone else knowing it: an invitation
 * for a new account, a reset for a forgotten password. The link carries a random token; the
 * server keeps only its hash. Each is used once, for a short time.
 */
export const ACCOUNT_LINK_PURPOSES = ['invitation', 'password_reset'] as const;
export type AccountLinkPurpose = (typeof ACCOUNT_LINK_PURPOSES)[number];

/** An invitation waits for a new colleague's first free moment; a reset for a person at the screen now. */
export const DEFAULT_INVITATION_HOURS = 72;
export const DEFAULT_PASSWORD_RESET_MINUTES = 30;
export const MAX_INVITATION_HOURS = 14 * 24;
export const MAX_PASSWORD_RESET_MINUTES = 24 * 60;

/** 32 random bytes in base64url. */
export const ACCOUNT_LINK_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Where the console takes a link. The token travels in the fragment, which browsers never send
 * to a server: it stays out of access logs, proxies and Referer headers.
 */
export const ACCOUNT_LINK_PATH = '/login/link';

export function accountLinkUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${ACCOUNT_LINK_PATH}#${token}`;
}

export type AccountLinkState = 'usable' | 'used' | 'revoked' | 'expired';

export interface AccountLinkFacts {
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
}

export function accountLinkState(link: AccountLinkFacts, now: Date): AccountLinkState {
  if (link.usedAt) return 'used';
  if (link.revokedAt) return 'revoked';
  return now.getTime() < link.expiresAt.getTime() ? 'usable' : 'expired';
}

export function accountLinkExpiry(purpose: AccountLinkPurpose, now: Date, lifetime: { invitationHours: number; passwordResetMinutes: number }): Date {
  const ms = purpose === 'invitation' ? lifetime.invitationHours * 3600_000 : lifetime.passwordResetMinutes * 60_000;
  return new Date(now.getTime() + ms);
}

/**
 * Who may receive a link. An invitation is for an account that never had a password; a reset
 * for one that has. A deactivated account gets neither.
 */
export function accountLinkRefusal(
  purpose: AccountLinkPurpose,
  account: { active: boolean; passwordSet: boolean },
): 'account_inactive' | 'already_joined' | 'not_joined' | null {
  if (!account.active) return 'account_inactive';
  if (purpose === 'invitation' && account.passwordSet) return 'already_joined';
  if (purpose === 'password_reset' && !account.passwordSet) return 'not_joined';
  return null;
}
