import { GENESIS_HASH, keyedChainHash, legacyChainHash, type AuditRowForChain } from './audit-chain';

const row: AuditRowForChain = {
  id: '1',
  occurredAt: '2026-11-23T09:00:00.000000Z',
  actorUserId: null,
  actorEmail: 'a@b.kz',
  action: 'auth.login_succeeded',
  entityType: 'user',
  entityId: 'u1',
  officeId: null,
  ip: '127.0.0.1',
  userAgent: 'jest',
  requestId: 'r1',
  summary: '{}',
};
const key = Buffer.alloc(32, 7);

describe.each([
  ['legacyChainHash', (prev: string, r: AuditRowForChain) => legacyChainHash(prev, r)],
  ['keyedChainHash', (prev: string, r: AuditRowForChain) => keyedChainHash(key, prev, r)],
])('%s', (_name, hash) => {
  it('is deterministic and depends on the previous hash', () => {
    expect(hash(GENESIS_HASH, row)).toBe(hash(GENESIS_HASH, { ...row }));
    expect(hash(GENESIS_HASH, row)).not.toBe(hash('f'.repeat(64), row));
    expect(hash(GENESIS_HASH, row)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes when any field changes', () => {
    const base = hash(GENESIS_HASH, row);
    for (const field of Object.keys(row) as (keyof AuditRowForChain)[]) {
      const altered = { ...row, [field]: `${row[field] ?? ''}x` };
      expect(hash(GENESIS_HASH, altered)).not.toBe(base);
    }
  });

  it('does not confuse null with the text "null"', () => {
    expect(hash(GENESIS_HASH, { ...row, entityId: null })).not.toBe(hash(GENESIS_HASH, { ...row, entityId: 'null' }));
  });
});

describe('keyedChainHash', () => {
  it('cannot be recomputed without the key: plain SHA-256 and another key give other hashes', () => {
    const keyed = keyedChainHash(key, GENESIS_HASH, row);
    expect(keyed).not.toBe(legacyChainHash(GENESIS_HASH, row));
    expect(keyed).not.toBe(keyedChainHash(Buffer.alloc(32, 8), GENESIS_HASH, row));
  });
});
