import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { OnJob } from '../queue/job-handler';
import { JobName } from '../queue/queue-names';
import { activeChainKey, CHAIN_COLUMNS, GENESIS_HASH, keyedChainHash, type AuditRowForChain, type ChainKey } from './audit-chain';

const SEAL_LOCK_KEY = 7_316_160_001; // pg advisory lock: one sealer at a time, across workers
const BATCH = 500;

/**
 * Seals audit rows into the hash chain after they are written, so writers never wait on
 * a chain lock. Rows are chained in (transaction id, id) order and only once every
 * transaction that could still add an earlier row has finished (its id is below the
 * snapshot's xmin), so the chain order can never be undercut by a late commit. Each seal is an
 * HMAC under the active AUDIT_CHAIN_KEY, whose id it records.
 */
@Injectable()
export class AuditSealer {
  private readonly logger = new Logger('AuditSealer');

  private readonly key: ChainKey;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.key = activeChainKey(config.auditChain);
  }

  @OnJob(JobName.AuditSeal)
  async onSealJob(): Promise<{ sealed: number }> {
    return { sealed: await this.sealPending() };
  }

  async sealPending(maxBatches = 100): Promise<number> {
    let sealed = 0;
    for (let batch = 0; batch < maxBatches; batch++) {
      const count = await this.sealBatch();
      sealed += count;
      if (count < BATCH) break;
    }
    if (sealed > 0) this.logger.debug(`sealed ${sealed} audit row(s)`);
    return sealed;
  }

  private sealBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const [{ locked }] = await manager.query(`SELECT pg_try_advisory_xact_lock($1) AS locked`, [SEAL_LOCK_KEY]);
      if (!locked) return 0;
      const last: { position: string; hash: string; auditTxId: string; auditId: string }[] = await manager.query(
        `SELECT s.position::text AS position, s.hash, s.audit_tx_id::text AS "auditTxId", s.audit_id::text AS "auditId"
           FROM audit_seals s ORDER BY s.position DESC LIMIT 1`,
      );
      const [{ xmin }] = await manager.query(`SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin`);
      const cursor = last[0] ?? { position: '0', hash: GENESIS_HASH, auditTxId: '-1', auditId: '-1' };
      const rows: (AuditRowForChain & { txId: string })[] = await manager.query(
        `SELECT ${CHAIN_COLUMNS}, a.tx_id::text AS "txId"
           FROM audit_log a
          WHERE (a.tx_id, a.id) > ($1::bigint, $2::bigint) AND a.tx_id < $3::bigint
          ORDER BY a.tx_id, a.id
          LIMIT ${BATCH}`,
        [cursor.auditTxId, cursor.auditId, xmin],
      );
      if (rows.length === 0) return 0;

      let prev = cursor.hash;
      let position = BigInt(cursor.position);
      const values: string[] = [];
      const params: string[] = [];
      for (const row of rows) {
        position += 1n;
        const hash = keyedChainHash(this.key.key, prev, row);
        const i = params.length;
        values.push(`($${i + 1}::bigint, $${i + 2}::bigint, $${i + 3}::bigint, $${i + 4}, $${i + 5}, $${i + 6})`);
        params.push(position.toString(), row.id, row.txId, prev, hash, this.key.id);
        prev = hash;
      }
      await manager.query(`INSERT INTO audit_seals (position, audit_id, audit_tx_id, prev_hash, hash, key_id) VALUES ${values.join(', ')}`, params);
      return rows.length;
    });
  }
}
