import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { CHAIN_COLUMNS, type AuditRowForChain } from './audit-chain';
import { ChainWalk, type ChainBreak, type ChainHead, type ChainStart, type SealToCheck } from './audit-chain-walk';
import { readCheckpoint, type AuditCheckpoint } from './audit-checkpoint';
import { AuditCheckpointStore } from './audit-checkpoint-store';

export type { ChainBreak, ChainBreakReason, ChainHead } from './audit-chain-walk';

/** What the checkpoint verification was held against said, and where it came from. */
export type CheckpointCheck =
  /** No checkpoint yet (a fresh installation, or the worker has not written one): reported, not a failure. */
  | { status: 'none'; source: string }
  | { status: 'valid'; source: string; line: string; checkpoint: AuditCheckpoint }
  | { status: 'forged'; source: string; line: string; detail: string; claimedPosition: string | null };

export interface VerificationReport {
  ok: boolean;
  checked: number;
  /** Seals at the start of the chain made with plain SHA-256, before keyed seals. */
  legacy: number;
  firstBreak: ChainBreak | null;
  /** Rows written but not sealed yet (normally only the last few seconds' worth). */
  unsealed: number;
  /** The last seal verified. */
  head: ChainHead | null;
  checkpoint: CheckpointCheck;
}

/** A checkpoint line to verify against, instead of the latest one in AUDIT_CHECKPOINT_DIR. */
export interface GivenCheckpoint {
  line: string;
  source: string;
}

const PAGE = 2_000;

type SealRow = Partial<AuditRowForChain> & { position: string; auditId: string; prevHash: string; hash: string; keyId: string | null; present: boolean };

/**
 * Walks the whole chain from the start, in pages, checking every seal with the chain keys and
 * the chain against the latest checkpoint, and names the first row that does not hold.
 */
@Injectable()
export class AuditVerifier {
  private readonly keys: ReadonlyMap<string, Buffer>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly store: AuditCheckpointStore,
  ) {
    this.keys = new Map(config.auditChain.keys.map((k) => [k.id, k.key]));
  }

  async database(): Promise<string> {
    const [{ name }] = await this.dataSource.query(`SELECT current_database() AS name`);
    return name;
  }

  /** The latest checkpoint of this database's chain (or the one given), read and its MAC checked. */
  async checkpoint(given?: GivenCheckpoint): Promise<CheckpointCheck> {
    const source = given?.source ?? this.store.fileFor(await this.database());
    const line = given ? given.line : await this.store.latest(await this.database());
    if (line === null) return { status: 'none', source };
    const reading = readCheckpoint(line, this.keys);
    if (reading.valid) return { status: 'valid', source, line, checkpoint: reading.checkpoint };
    const claimed = reading.claimed?.position;
    return {
      status: 'forged',
      source,
      line,
      detail: reading.detail,
      claimedPosition: typeof claimed === 'string' && /^[0-9]{1,19}$/.test(claimed) ? claimed : null,
    };
  }

  async verify(options: { checkpoint?: GivenCheckpoint } = {}): Promise<VerificationReport> {
    const checkpoint = await this.checkpoint(options.checkpoint);
    const anchor = checkpoint.status === 'valid' ? checkpoint.checkpoint : null;
    const walk = new ChainWalk(this.keys, anchor);
    await this.walk(walk, '0');
    let firstBreak = walk.firstBreak;
    if (!firstBreak && checkpoint.status === 'forged') {
      // No row is broken, but someone wrote a checkpoint without the key: that is tampering too.
      firstBreak = { position: checkpoint.claimedPosition, auditId: null, reason: 'checkpoint_forged' };
    }
    return {
      ok: firstBreak === null,
      checked: walk.checked,
      legacy: walk.legacy,
      firstBreak,
      unsealed: await this.countUnsealed(),
      head: walk.head,
      checkpoint,
    };
  }

  /**
   * From a checkpoint already verified to the head: the seal at its position must still have
   * its hash, and every seal after it must hold. What the checkpoint writer runs each time, so
   * each checkpoint extends a verified chain without walking it all again.
   */
  async verifySince(from: AuditCheckpoint): Promise<{ firstBreak: ChainBreak | null; head: ChainHead | null }> {
    const [seal]: { hash: string; keyId: string | null }[] = await this.dataSource.query(
      `SELECT hash, key_id AS "keyId" FROM audit_seals WHERE position = $1::bigint`,
      [from.position],
    );
    if (!seal || seal.hash !== from.hash) {
      // The chain no longer passes the checkpoint: walk it all to name the first row that does not hold.
      const walk = new ChainWalk(this.keys, from);
      await this.walk(walk, '0');
      return { firstBreak: walk.firstBreak, head: walk.head };
    }
    const start: ChainStart = { position: from.position, hash: from.hash, keyed: seal.keyId !== null };
    const walk = new ChainWalk(this.keys, null, start);
    await this.walk(walk, from.position);
    return { firstBreak: walk.firstBreak, head: walk.head ?? { position: from.position, auditId: from.auditId, hash: from.hash, keyId: seal.keyId } };
  }

  private async walk(walk: ChainWalk, after: string): Promise<void> {
    for (;;) {
      const seals: SealRow[] = await this.dataSource.query(
        `SELECT s.position::text AS position, s.audit_id::text AS "auditId", s.prev_hash AS "prevHash", s.hash, s.key_id AS "keyId",
                (a.id IS NOT NULL) AS present, ${CHAIN_COLUMNS}
           FROM audit_seals s LEFT JOIN audit_log a ON a.id = s.audit_id
          WHERE s.position > $1::bigint ORDER BY s.position LIMIT ${PAGE}`,
        [after],
      );
      for (const seal of seals) if (walk.next(toSealToCheck(seal))) return;
      if (seals.length < PAGE) break;
      after = seals[seals.length - 1].position;
    }
    walk.end();
  }

  private async countUnsealed(): Promise<number> {
    const [{ count }] = await this.dataSource.query(
      `SELECT count(*)::int AS count FROM audit_log a WHERE NOT EXISTS (SELECT 1 FROM audit_seals s WHERE s.audit_id = a.id)`,
    );
    return count;
  }
}

function toSealToCheck(seal: SealRow): SealToCheck {
  const { position, auditId, prevHash, hash, keyId, present, ...row } = seal;
  return { position, auditId, prevHash, hash, keyId, row: present ? (row as AuditRowForChain) : null };
}
