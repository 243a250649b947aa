import type { Role } from './roles';

/**
 * Every protected API route names exactly one permission; a route without one is denied.
 * Later modules add their permissions here so the console and the API read one table.
 */
export const PERMISSIONS = [
  'users.read',
  'users.manage',
  'offices.read',
  'offices.manage',
  'audit.read',
  'queues.read',
  'identifiers.view',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  operator: [],
  case_worker: ['identifiers.view'],
  supervisor: ['identifiers.view', 'audit.read', 'users.read', 'offices.read'],
  admin: ['users.read', 'users.manage', 'offices.read', 'offices.manage', 'audit.read', 'queues.read'],
};

export function permissionsOf(roles: readonly Role[]): Permission[] {
  const granted = new Set<Permission>();
  for (const role of roles) {
    for (const permission of ROLE_PERMISSIONS[role]) granted.add(permission);
  }
  return PERMISSIONS.filter((p) => granted.has(p));
}

export function can(roles: readonly Role[], permission: Permission): boolean {
  return roles.some((role) => ROLE_PERMISSIONS[role].includes(permission));
}
