/**
 * Roles a user can hold; a user may hold several (e.g. admin and supervisor). A `partner`
 * works for an organisation of the service directory and only answers its referrals.
 */
export const ROLES = ['operator', 'case_worker', 'supervisor', 'admin', 'partner'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
