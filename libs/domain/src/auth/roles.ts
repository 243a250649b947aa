/** Roles a hotline user can hold; a user may hold several (e.g. admin and supervisor). */
export const ROLES = ['operator', 'case_worker', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
