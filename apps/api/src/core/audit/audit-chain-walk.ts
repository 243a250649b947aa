import { GENESIS_HASH, keyedChainHash, legacyChainHash, type AuditRowForChain } from './audit-chain';

export type ChainBreakReason =
  /** The row no longer matches the hash sealed for it (or the seal was recomputed without the key). */
  | 'row_altered'
  /** The sealed row was deleted. */
  | 'row_missing'
  /** The seal does not link to the one before it. */
  | 'seal_altered'
  /** A seal is missing before this one. */
  | 'position_gap'
  /** The seal names a key id AUDIT_CHAIN_KEY does not list. */
  | 'unknown_key'
  /** A plain SHA-256 seal after keyed ones: only the chain's first stretch may be unkeyed. */
  | 'unkeyed_seal'
  /** The chain at the checkpoint's position does not have the checkpoint's hash. */
  | 'checkpoint_mismatch'
  /** The chain ends before the checkpoint's position: its tail was cut off. */
  | 'tail_cut'
  /** The checkpoint itself does not verify under AUDIT_CHAIN_KEY. */
  | 'checkpoint_forged';

export interface ChainBreak {
  /** The first position that does not hold (for tail_cut: the first one missing). Null only for a checkpoint that is not one. */
  position: string | null;
  /** The audit row there, when the database still has a seal naming it. */
  auditId: string | null;
  reason: ChainBreakReason;
}

/** One seal with its audit row (null: the row is gone), in position order. */
export interface SealToCheck {
  position: string;
  auditId: string;
  prevHash: string;
  hash: string;
  keyId: string | null;
  row: AuditRowForChain | null;
}

/** Where the chain must pass: a checkpoint's position and hash, and how many seals it counted. */
export interface ChainAnchor {
  position: string;
  hash: string;
  sealed: number;
}

/** A verified position to resume from (the seal at `position` is taken as sound). */
export interface ChainStart {
  position: string;
  hash: string;
  keyed: boolean;
}

export interface ChainHead {
  position: string;
  auditId: string;
  hash: string;
  keyId: string | null;
}

/**
 * Checks seals one after another, in position order, with no I/O: the verifier feeds it pages
 * from the database. The first break found is final.
 */
export class ChainWalk {
  private prev: string;
  private expected: bigint;
  private keyedSeen: boolean;
  private broken: ChainBreak | null = null;
  checked = 0;
  /** Plain SHA-256 seals at the start of the chain (made before keyed seals). */
  legacy = 0;
  head: ChainHead | null = null;

  constructor(
    private readonly keys: ReadonlyMap<string, Buffer>,
    private readonly anchor: ChainAnchor | null = null,
    start: ChainStart | null = null,
  ) {
    this.prev = start?.hash ?? GENESIS_HASH;
    this.expected = BigInt(start?.position ?? '0') + 1n;
    this.keyedSeen = start?.keyed ?? false;
  }

  get firstBreak(): ChainBreak | null {
    return this.broken;
  }

  /** Checks the next seal; returns the break (this one or an earlier one), or null. */
  next(seal: SealToCheck): ChainBreak | null {
    if (this.broken) return this.broken;
    const reason = this.reasonAt(seal);
    if (reason) {
      this.broken = { position: seal.position, auditId: seal.auditId, reason };
      return this.broken;
    }
    if (seal.keyId === null) this.legacy += 1;
    else this.keyedSeen = true;
    this.prev = seal.hash;
    this.expected += 1n;
    this.checked += 1;
    this.head = { position: seal.position, auditId: seal.auditId, hash: seal.hash, keyId: seal.keyId };
    return null;
  }

  /** After the last seal: a chain that ends before the checkpoint lost its tail. */
  end(): ChainBreak | null {
    if (this.broken) return this.broken;
    if (this.anchor && this.expected <= BigInt(this.anchor.position)) {
      this.broken = { position: this.expected.toString(), auditId: null, reason: 'tail_cut' };
    }
    return this.broken;
  }

  private reasonAt(seal: SealToCheck): ChainBreakReason | null {
    if (BigInt(seal.position) !== this.expected) return 'position_gap';
    if (!seal.row) return 'row_missing';
    if (seal.prevHash !== this.prev) return 'seal_altered';
    let hash: string;
    if (seal.keyId === null) {
      if (this.keyedSeen) return 'unkeyed_seal';
      hash = legacyChainHash(this.prev, seal.row);
    } else {
      const key = this.keys.get(seal.keyId);
      if (!key) return 'unknown_key';
      hash = keyedChainHash(key, this.prev, seal.row);
    }
    // Either the row or its seal changed; a seal recomputed by someone without the key does not match.
    if (hash !== seal.hash) return 'row_altered';
    if (this.anchor && BigInt(seal.position) === BigInt(this.anchor.position)) {
      // Positions run without gaps from 1 here, so the count sealed up to this one is its position.
      if (seal.hash !== this.anchor.hash || BigInt(this.anchor.sealed) !== this.expected) return 'checkpoint_mismatch';
    }
    return null;
  }
}
