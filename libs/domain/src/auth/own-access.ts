import type { Role } from './roles';

export interface AccessChange {
  actorId: string;
  targetId: string;
  /** The target's roles and offices now. */
  currentRoles: readonly Role[];
  currentOfficeIds: readonly string[];
  /** What the change asks for (absent: unchanged). */
  roles?: readonly Role[];
  officeIds?: readonly string[];
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');

/**
 * Nobody changes their own roles or offices: an administrator who could give themselves the
 * supervisor role or another office could read the personal data the design keeps from
 * administrators. A second administrator makes such a change (and it is audited as theirs).
 * Returns what is refused, or null when the change may go ahead.
 */
export function ownAccessChangeRefusal(change: AccessChange): 'own_roles' | 'own_offices' | null {
  if (change.actorId !== change.targetId) return null;
  if (change.roles && !sameSet(change.roles, change.currentRoles)) return 'own_roles';
  if (change.officeIds && !sameSet(change.officeIds, change.currentOfficeIds)) return 'own_offices';
  return null;
}
