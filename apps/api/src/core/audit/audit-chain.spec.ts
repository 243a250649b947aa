import { chainHash, GENESIS_HASH, type AuditRowForChain } from './audit-chain';

const row: AuditRowForChain = {
  id: '1', occurredAt: '2026-11-23T09:00:00.000000Z', actorUserId: null, actorEmail: 'a@b.kz',
  action: 'auth.login_succeeded', entityType: 'user', entityId: 'u1', officeId: null, ip: '127.0.0.1',
  userAgent: 'jest', requestId: 'r1', summary: '{}',
};

describe('chainHash', () => {
  it('is deterministic and depends on the previous hash', () => {
    expect(chainHash(GENESIS_HASH, row)).toBe(chainHash(GENESIS_HASH, { ...row }));
    expect(chainHash(GENESIS_HASH, row)).not.toBe(chainHash('f'.repeat(64), row));
  });

  it('changes when any field changes', () => {
    const base = chainHash(GENESIS_HASH, row);
    for (const key of Object.keys(row) as (keyof AuditRowForChain)[]) {
      const altered = { ...row, [key]: `${row[key] ?? ''}x` };
      expect(chainHash(GENESIS_HASH, altered)).not.toBe(base);
    }
  });

  it('does not confuse null with the text "null"', () => {
    expect(chainHash(GENESIS_HASH, { ...row, entityId: null })).not.toBe(chainHash(GENESIS_HASH, { ...row, entityId: 'null' }));
  });
});
