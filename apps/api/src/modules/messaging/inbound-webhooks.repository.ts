import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { updateReturning } from '#api/core/database/update-returning';

export interface StoredWebhook {
  id: string;
  provider: string;
  kind: 'message' | 'status';
  payloadEncrypted: string | null;
  attempts: number;
}

/** The SQL of stored inbound webhooks. */
@Injectable()
export class InboundWebhooksRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * Stores a delivery once; the id of the row holding it, whether it is already dealt with, and
   * whether this transaction just stored it (then it is this transaction's alone: no claim needed).
   */
  async store(
    row: { id: string; provider: string; kind: 'message' | 'status'; externalId: string; payloadEncrypted: string },
    m: EntityManager = this.dataSource.manager,
  ): Promise<{ id: string; done: boolean; fresh: boolean }> {
    const [inserted] = (await m.query(
      `INSERT INTO inbound_webhooks (id, provider, kind, external_id, payload_encrypted) VALUES ($5, $1, $2, $3, $4)
       ON CONFLICT (provider, kind, external_id) DO NOTHING RETURNING id`,
      [row.provider, row.kind, row.externalId, row.payloadEncrypted, row.id],
    )) as { id: string }[];
    if (inserted) return { id: inserted.id, done: false, fresh: true };
    const [existing] = (await m.query(`SELECT id, processed_at FROM inbound_webhooks WHERE provider = $1 AND kind = $2 AND external_id = $3`, [
      row.provider,
      row.kind,
      row.externalId,
    ])) as { id: string; processed_at: Date | null }[];
    return { id: existing.id, done: existing.processed_at !== null, fresh: false };
  }

  /** Stores a delivery whose filing failed (its transaction rolled back): pending, with the error, for the sweep. */
  async storeFailed(
    row: { id: string; provider: string; kind: 'message' | 'status'; externalId: string; payloadEncrypted: string },
    error: string,
  ): Promise<string> {
    const [stored] = (await this.dataSource.query(
      `INSERT INTO inbound_webhooks (id, provider, kind, external_id, payload_encrypted, attempts, last_error) VALUES ($6, $1, $2, $3, $4, 1, $5)
       ON CONFLICT (provider, kind, external_id) DO UPDATE SET attempts = inbound_webhooks.attempts + 1, last_error = EXCLUDED.last_error
       RETURNING id`,
      [row.provider, row.kind, row.externalId, row.payloadEncrypted, error.slice(0, 500), row.id],
    )) as { id: string }[];
    return stored.id;
  }

  /** Locks a pending row for processing; null when it is done or another process holds it. */
  async claim(m: EntityManager, id: string): Promise<StoredWebhook | null> {
    const [row] = (await m.query(
      `SELECT id, provider, kind, payload_encrypted, attempts FROM inbound_webhooks WHERE id = $1 AND processed_at IS NULL FOR UPDATE SKIP LOCKED`,
      [id],
    )) as { id: string; provider: string; kind: 'message' | 'status'; payload_encrypted: string | null; attempts: number }[];
    return row ? { id: row.id, provider: row.provider, kind: row.kind, payloadEncrypted: row.payload_encrypted, attempts: row.attempts } : null;
  }

  /** Done: a processed payload is dropped (the conversation holds it); an unroutable one is kept. */
  async finish(m: EntityManager, id: string, outcome: 'processed' | 'unroutable' | 'ignored', officeId: string | null): Promise<void> {
    await m.query(
      `UPDATE inbound_webhooks SET processed_at = mayak_now(), outcome = $2, office_id = $3, attempts = attempts + 1, last_error = NULL,
         payload_encrypted = CASE WHEN $2 = 'unroutable' THEN payload_encrypted ELSE NULL END
       WHERE id = $1`,
      [id, outcome, officeId],
    );
  }

  /** A failed attempt: counted, and left pending for the next. */
  async failed(id: string, error: string, m: EntityManager = this.dataSource.manager): Promise<number> {
    const [row] = await updateReturning<{ attempts: number }>(
      m,
      `UPDATE inbound_webhooks SET attempts = attempts + 1, last_error = $2 WHERE id = $1 AND processed_at IS NULL RETURNING attempts`,
      [id, error.slice(0, 500)],
    );
    return row?.attempts ?? 0;
  }

  /** Pending rows received before `before`, oldest first. */
  async pending(before: Date, limit: number): Promise<string[]> {
    const rows = (await this.dataSource.query(`SELECT id FROM inbound_webhooks WHERE processed_at IS NULL AND received_at < $1 ORDER BY received_at LIMIT $2`, [
      before,
      limit,
    ])) as { id: string }[];
    return rows.map((r) => r.id);
  }

  /** Processed rows hold no payload; after a while the row itself (the retry guard) can go. */
  async forgetProcessed(before: Date, limit: number): Promise<number> {
    const rows = await updateReturning<{ id: string }>(
      this.dataSource.manager,
      `DELETE FROM inbound_webhooks WHERE id IN (SELECT id FROM inbound_webhooks WHERE processed_at < $1 AND outcome <> 'unroutable' ORDER BY processed_at LIMIT $2) RETURNING id`,
      [before, limit],
    );
    return rows.length;
  }
}
