import { fieldInvalid } from '../errors/domain-error';

/** The position after the last row of a page: its sort timestamp and id. */
export interface KeysetPosition {
  at: Date;
  id: string;
}

export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify([position.at.toISOString(), position.id])).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): KeysetPosition | null {
  if (cursor === undefined || cursor === '') return null;
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    const date = typeof at === 'string' ? new Date(at) : new Date(NaN);
    if (Number.isNaN(date.getTime()) || typeof id !== 'string' || !/^[0-9a-f-]{1,36}$/i.test(id)) throw new Error('bad');
    return { at: date, id };
  } catch {
    throw fieldInvalid('cursor', 'invalid_cursor', 'cursor is not one this API gave out; start again from the first page');
  }
}

/** Next cursor when the page came back full (we fetch limit + 1 rows to know). */
export function pageOf<T>(rows: T[], limit: number, positionOf: (row: T) => KeysetPosition): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const more = rows.length > limit;
  return { items, nextCursor: more && items.length ? encodeCursor(positionOf(items[items.length - 1])) : null };
}

/**
 * Merges the pages of several branch queries (each newest first, each limit + 1 long) into
 * one page in the same order as Postgres would give: by timestamp, then id, descending.
 * A row in two branches appears once.
 */
export function mergeNewestFirst<T extends { id: string }>(lists: T[][], limit: number, at: (row: T) => Date): T[] {
  const unique = new Map<string, T>();
  for (const row of lists.flat()) unique.set(row.id, row);
  return [...unique.values()].sort((a, b) => at(b).getTime() - at(a).getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)).slice(0, limit + 1);
}
