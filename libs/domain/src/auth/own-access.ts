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
  /** The change sets a password. */
  setsPassword?: boolean;
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');

/**
 * Nobody changes their own roles or offices: an administrator who could give themselves the
 * supervisor role or another office could read the personal data the design keeps from
 * administrators. A second administrator makes such a change (and it is audited as theirs).
 * Nor does an administrator set their own password through user administration.
 * Returns what is refused, or null when the change may go ahead.
 */
export function ownAccessChangeRefusal(change: AccessChange): 'own_roles' | 'own_offices' | 'own_password' | null {
  if (change.actorId !== change.targetId) return null;
  // One's own password changes only where the current one is given again (step-up), so a
  // session left open cannot take the account over.
  if (change.setsPassword) return 'own_password';
  if (change.roles && !sameSet(change.roles, change.currentRoles)) return 'own_roles';
  if (change.officeIds && !sameSet(change.officeIds, change.currentOfficeIds)) return 'own_offices';
  return null;
}
