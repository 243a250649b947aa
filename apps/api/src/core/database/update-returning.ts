import type { EntityManager } from 'typeorm';

/**
 * Runs an UPDATE ... RETURNING and gives back the returned rows. TypeORM's `query()` answers
 * UPDATE and DELETE with `[rows, affectedCount]` rather than the rows, so reading `.length`
 * of its result directly would always see two "rows".
 */
export async function updateReturning<T>(m: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  const result: unknown = await m.query(sql, params);
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}
