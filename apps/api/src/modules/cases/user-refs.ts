import type { EntityManager } from 'typeorm';

export interface UserRef {
  id: string;
  displayName: string;
}

/** Display names for a batch of user ids, in one query. */
export async function loadUserRefs(m: EntityManager, ids: Iterable<string | null | undefined>): Promise<Map<string, UserRef>> {
  const unique = [...new Set([...ids].filter((id): id is string => !!id))];
  if (!unique.length) return new Map();
  const rows: UserRef[] = await m.query(`SELECT id, display_name AS "displayName" FROM users WHERE id = ANY($1)`, [unique]);
  return new Map(rows.map((r) => [r.id, r]));
}

export function refOf(refs: Map<string, UserRef>, id: string | null | undefined): UserRef | null {
  if (!id) return null;
  return refs.get(id) ?? { id, displayName: '—' };
}
