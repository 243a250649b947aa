import { decodeCursor, encodeCursor, mergeNewestFirst, pageOf } from './keyset';

describe('keyset pagination', () => {
  const row = (id: string, minute: number) => ({ id, at: new Date(Date.UTC(2026, 0, 1, 0, minute)) });

  it('round-trips a cursor and refuses one it did not make', () => {
    const position = { at: new Date('2026-03-01T10:00:00.000Z'), id: '7d1f7c36-0f6b-4d0e-9f53-2b1b5c0e9f00' };
    expect(decodeCursor(encodeCursor(position))).toEqual(position);
    expect(decodeCursor(undefined)).toBeNull();
    for (const bad of ['abc', Buffer.from('["x","y"]').toString('base64url'), Buffer.from('["2026-01-01T00:00:00Z","1; DROP"]').toString('base64url')]) {
      expect(() => decodeCursor(bad)).toThrow(/cursor/);
    }
  });

  it('gives a next cursor only when a page came back full', () => {
    const rows = [row('c', 3), row('b', 2), row('a', 1)];
    expect(pageOf(rows, 2, (r) => r)).toEqual({ items: rows.slice(0, 2), nextCursor: encodeCursor(rows[1]) });
    expect(pageOf(rows, 3, (r) => r).nextCursor).toBeNull();
  });

  it('merges branch pages newest first, ties broken by id descending, without duplicates', () => {
    const office = [row('b', 5), row('a', 5), row('x', 1)];
    const assigned = [row('c', 4), row('b', 5)];
    expect(mergeNewestFirst([office, assigned], 2, (r) => r.at).map((r) => r.id)).toEqual(['b', 'a', 'c']);
  });
});
