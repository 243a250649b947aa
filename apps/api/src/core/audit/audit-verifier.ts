import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CHAIN_COLUMNS, chainHash, GENESIS_HASH, type AuditRowForChain } from './audit-chain';

export interface ChainBreak {
  position: string;
  auditId: string;
  reason: 'row_altered' | 'row_missing' | 'seal_altered' | 'position_gap';
}

export interface VerificationReport {
  ok: boolean;
  checked: number;
  firstBreak: ChainBreak | null;
  /** Rows written but not sealed yet (normally only the last few seconds' worth). */
  unsealed: number;
}

const PAGE = 2_000;

/** Walks the whole chain from the start, in pages, and names the first row that does not hold. */
@Injectable()
export class AuditVerifier {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async verify(): Promise<VerificationReport> {
    let prev = GENESIS_HASH;
    let expectedPosition = 1n;
    let checked = 0;
    let after = '0';
    for (;;) {
      const seals: (Partial<AuditRowForChain> & { position: string; auditId: string; prevHash: string; hash: string; present: boolean })[] =
        await this.dataSource.query(
          `SELECT s.position::text AS position, s.audit_id::text AS "auditId", s.prev_hash AS "prevHash", s.hash,
                  (a.id IS NOT NULL) AS present, ${CHAIN_COLUMNS}
             FROM audit_seals s LEFT JOIN audit_log a ON a.id = s.audit_id
            WHERE s.position > $1::bigint ORDER BY s.position LIMIT ${PAGE}`,
          [after],
        );
      for (const seal of seals) {
        const at = { position: seal.position, auditId: seal.auditId };
        if (BigInt(seal.position) !== expectedPosition) return this.broken(checked, { ...at, reason: 'position_gap' });
        if (!seal.present) return this.broken(checked, { ...at, reason: 'row_missing' });
        if (seal.prevHash !== prev) return this.broken(checked, { ...at, reason: 'seal_altered' });
        const recomputed = chainHash(prev, seal as AuditRowForChain);
        if (recomputed !== seal.hash) {
          // Either the row or its seal changed; a seal recomputed by an attacker would not match the next link.
          return this.broken(checked, { ...at, reason: 'row_altered' });
        }
        prev = seal.hash;
        expectedPosition += 1n;
        checked += 1;
      }
      if (seals.length < PAGE) break;
      after = seals[seals.length - 1].position;
    }
    return { ok: true, checked, firstBreak: null, unsealed: await this.countUnsealed() };
  }

  private async broken(checked: number, firstBreak: ChainBreak): Promise<VerificationReport> {
    return { ok: false, checked, firstBreak, unsealed: await this.countUnsealed() };
  }

  private async countUnsealed(): Promise<number> {
    const [{ count }] = await this.dataSource.query(
      `SELECT count(*)::int AS count FROM audit_log a WHERE NOT EXISTS (SELECT 1 FROM audit_seals s WHERE s.audit_id = a.id)`,
    );
    return count;
  }
}
