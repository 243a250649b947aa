import type { Role } from './roles';

/** Roles that must enrol a TOTP second factor unless configuration says otherwise. */
/** Partners see referrals of many people, from outside the hotline's offices: a second factor like supervisors. */
export const DEFAULT_MFA_REQUIRED_ROLES: readonly Role[] = ['supervisor', 'admin', 'partner'];

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
export const RECOVERY_CODE_COUNT = 10;

export function mfaRequiredFor(roles: readonly Role[], requiredRoles: readonly Role[]): boolean {
  return roles.some((role) => requiredRoles.includes(role));
}

/** Recovery codes are shown as `xxxxx-xxxxx`; users type them with or without the dash or spaces. */
export function normaliseRecoveryCode(input: string): string {
  return input.replace(/[\s-]/g, '').toLowerCase();
}
