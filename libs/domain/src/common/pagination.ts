export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 100;

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export function clampPageSize(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_PAGE_SIZE;
  return Math.min(MAX_PAGE_SIZE, Math.max(1, Math.trunc(limit)));
}

/**
 * Keyset pages for the lists that grow without bound (contacts, cases, timelines):
 * `nextCursor` is opaque and null on the last page; there is no total to count.
 */
export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
  limit: number;
}
