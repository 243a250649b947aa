import { GENESIS_HASH, keyedChainHash, legacyChainHash, type AuditRowForChain } from './audit-chain';
import { ChainWalk, type ChainAnchor, type SealToCheck } from './audit-chain-walk';

const K1 = Buffer.alloc(32, 1);
const K2 = Buffer.alloc(32, 2);
const KEYS = new Map([
  ['k1', K1],
  ['k2', K2],
]);

function row(id: number): AuditRowForChain {
  return {
    id: String(id),
    occurredAt: `2026-11-23T09:00:0${id % 10}.000000Z`,
    actorUserId: null,
    actorEmail: 'a@b.kz',
    action: 'cases.read',
    entityType: 'case',
    entityId: `c${id}`,
    officeId: null,
    ip: '127.0.0.1',
    userAgent: 'jest',
    requestId: `r${id}`,
    summary: '{}',
  };
}

/** Seals rows the way the sealer does: `keyIds[i]` null for a legacy seal. */
function chain(keyIds: (string | null)[]): SealToCheck[] {
  let prev = GENESIS_HASH;
  return keyIds.map((keyId, i) => {
    const r = row(100 + i);
    const hash = keyId === null ? legacyChainHash(prev, r) : keyedChainHash(KEYS.get(keyId)!, prev, r);
    const seal = { position: String(i + 1), auditId: r.id, prevHash: prev, hash, keyId, row: r };
    prev = hash;
    return seal;
  });
}

function walkAll(seals: SealToCheck[], anchor: ChainAnchor | null = null) {
  const walk = new ChainWalk(KEYS, anchor);
  for (const seal of seals) if (walk.next(seal)) break;
  return { walk, firstBreak: walk.end() };
}

describe('ChainWalk', () => {
  it('accepts a keyed chain, keys rotated along the way, after a legacy prefix', () => {
    const { walk, firstBreak } = walkAll(chain([null, null, 'k1', 'k1', 'k2']));
    expect(firstBreak).toBeNull();
    expect({ checked: walk.checked, legacy: walk.legacy, head: walk.head?.position, key: walk.head?.keyId }).toEqual({
      checked: 5,
      legacy: 2,
      head: '5',
      key: 'k2',
    });
  });

  it('names an altered row', () => {
    const seals = chain(['k1', 'k1', 'k1']);
    seals[1] = { ...seals[1], row: { ...seals[1].row!, actorEmail: 'someone.else@b.kz' } };
    expect(walkAll(seals).firstBreak).toEqual({ position: '2', auditId: '101', reason: 'row_altered' });
  });

  it('names a row re-sealed from there on with plain SHA-256 or with a key it does not hold', () => {
    const original = chain(['k1', 'k1', 'k1', 'k1']);
    const resealed = (hash: (prev: string, r: AuditRowForChain) => string, keyId: string | null) => {
      let prev = original[1].prevHash;
      return original.map((seal, i) => {
        if (i < 1) return seal;
        const r = i === 1 ? { ...seal.row!, actorEmail: 'x@b.kz' } : seal.row!;
        const next = { ...seal, row: r, prevHash: prev, hash: hash(prev, r), keyId };
        prev = next.hash;
        return next;
      });
    };
    expect(walkAll(resealed(legacyChainHash, null)).firstBreak).toEqual({ position: '2', auditId: '101', reason: 'unkeyed_seal' });
    expect(walkAll(resealed(legacyChainHash, 'k1')).firstBreak).toEqual({ position: '2', auditId: '101', reason: 'row_altered' });
    expect(walkAll(resealed((prev, r) => keyedChainHash(Buffer.alloc(32, 9), prev, r), 'k1')).firstBreak).toEqual({
      position: '2',
      auditId: '101',
      reason: 'row_altered',
    });
    expect(walkAll(resealed((prev, r) => keyedChainHash(Buffer.alloc(32, 9), prev, r), 'k9')).firstBreak).toEqual({
      position: '2',
      auditId: '101',
      reason: 'unknown_key',
    });
  });

  it('names a deleted row, a missing seal and a seal that does not link', () => {
    const seals = chain(['k1', 'k1', 'k1']);
    expect(walkAll([seals[0], { ...seals[1], row: null }, seals[2]]).firstBreak).toEqual({ position: '2', auditId: '101', reason: 'row_missing' });
    expect(walkAll([seals[0], seals[2]]).firstBreak).toEqual({ position: '3', auditId: '102', reason: 'position_gap' });
    expect(walkAll([seals[0], { ...seals[1], prevHash: 'f'.repeat(64) }]).firstBreak).toEqual({ position: '2', auditId: '101', reason: 'seal_altered' });
  });

  it('holds the chain against a checkpoint: its hash at the position, and no shorter', () => {
    const seals = chain(['k1', 'k1', 'k1', 'k1']);
    const anchor = { position: '3', hash: seals[2].hash, sealed: 3 };
    expect(walkAll(seals, anchor).firstBreak).toBeNull();
    expect(walkAll(seals.slice(0, 3), anchor).firstBreak).toBeNull();
    expect(walkAll(seals.slice(0, 2), anchor).firstBreak).toEqual({ position: '3', auditId: null, reason: 'tail_cut' });
    expect(walkAll([], anchor).firstBreak).toEqual({ position: '1', auditId: null, reason: 'tail_cut' });
    expect(walkAll(seals, { ...anchor, hash: 'a'.repeat(64) }).firstBreak).toEqual({ position: '3', auditId: '102', reason: 'checkpoint_mismatch' });
    expect(walkAll(seals, { ...anchor, sealed: 4 }).firstBreak).toEqual({ position: '3', auditId: '102', reason: 'checkpoint_mismatch' });
  });

  it('catches a whole chain re-sealed as legacy from the start only through the checkpoint', () => {
    const keyed = chain(['k1', 'k1', 'k1']);
    const downgraded = chain([null, null, null]).map((seal, i) => ({
      ...seal,
      row: { ...keyed[i].row!, actorEmail: i === 1 ? 'x@b.kz' : keyed[i].row!.actorEmail },
    }));
    let prev = GENESIS_HASH;
    for (const seal of downgraded) {
      seal.prevHash = prev;
      seal.hash = legacyChainHash(prev, seal.row);
      prev = seal.hash;
    }
    expect(walkAll(downgraded).firstBreak).toBeNull();
    expect(walkAll(downgraded, { position: '3', hash: keyed[2].hash, sealed: 3 }).firstBreak).toEqual({
      position: '3',
      auditId: '102',
      reason: 'checkpoint_mismatch',
    });
  });

  it('resumes from a verified position', () => {
    const seals = chain(['k1', 'k1', 'k1', 'k1']);
    const walk = new ChainWalk(KEYS, null, { position: '2', hash: seals[1].hash, keyed: true });
    for (const seal of seals.slice(2)) expect(walk.next(seal)).toBeNull();
    expect(walk.end()).toBeNull();
    expect(walk.head?.position).toBe('4');
    const afterKeyed = new ChainWalk(KEYS, null, { position: '2', hash: seals[1].hash, keyed: true });
    const unkeyed = { ...seals[2], keyId: null, hash: legacyChainHash(seals[1].hash, seals[2].row!) };
    expect(afterKeyed.next(unkeyed)).toEqual({ position: '3', auditId: '102', reason: 'unkeyed_seal' });
  });
});
