import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { updateReturning } from '../database/update-returning';

export interface MailRow {
  id: string;
  kind: string;
  toAddress: string;
  locale: string;
  contentEncrypted: string | null;
  attempts: number;
}

export interface MailFailureRow {
  id: string;
  kind: string;
  toAddress: string;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  failedAt: Date | null;
}

type Raw = Record<string, unknown>;
const toRow = (r: Raw): MailRow => ({
  id: r.id as string,
  kind: r.kind as string,
  toAddress: r.to_address as string,
  locale: r.locale as string,
  contentEncrypted: (r.content_encrypted as string | null) ?? null,
  attempts: Number(r.attempts),
});

/** The SQL of the outbox: every change of a mail's state is one conditional UPDATE, so two workers never both send it. */
@Injectable()
export class MailsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Writes a mail unless one with its key exists; true when written now. */
  async insert(
    m: EntityManager,
    mail: { id: string; idempotencyKey: string; kind: string; recipientId: string | null; toAddress: string; locale: string; contentEncrypted: string },
  ): Promise<boolean> {
    const rows = (await m.query(
      `INSERT INTO mails (id, idempotency_key, kind, recipient_id, to_address, locale, content_encrypted) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
      [mail.id, mail.idempotencyKey, mail.kind, mail.recipientId, mail.toAddress, mail.locale, mail.contentEncrypted],
    )) as { id: string }[];
    return rows.length === 1;
  }

  /**
   * Takes a mail to send: a pending one whose time has come, or one whose sender let its claim
   * lapse (a worker that died mid-send). Null when another worker has it, or it is done.
   */
  async claim(id: string, now: Date, claimUntil: Date): Promise<MailRow | null> {
    const [row] = await updateReturning<Raw>(
      this.dataSource.manager,
      `UPDATE mails SET status = 'sending', attempts = attempts + 1, claimed_until = $3, updated_at = mayak_now()
        WHERE id = $1 AND ((status = 'pending' AND next_attempt_at <= $2) OR (status = 'sending' AND claimed_until < $2))
        RETURNING id, kind, to_address, locale, content_encrypted, attempts`,
      [id, now, claimUntil],
    );
    return row ? toRow(row) : null;
  }

  /** Sent: the content goes (nothing of it is kept once it has left). */
  async markSent(id: string, at: Date, serverMessageId: string | null): Promise<boolean> {
    const rows = await updateReturning(
      this.dataSource.manager,
      `UPDATE mails SET status = 'sent', sent_at = $2, smtp_message_id = $3, content_encrypted = NULL, claimed_until = NULL, last_error = NULL, updated_at = mayak_now()
        WHERE id = $1 AND status = 'sending' RETURNING id`,
      [id, at, serverMessageId],
    );
    return rows.length === 1;
  }

  async scheduleRetry(id: string, nextAttemptAt: Date, error: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE mails SET status = 'pending', next_attempt_at = $2, last_error = $3, claimed_until = NULL, updated_at = mayak_now() WHERE id = $1 AND status = 'sending'`,
      [id, nextAttemptAt, error],
    );
  }

  async markFailed(id: string, at: Date, error: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE mails SET status = 'failed', failed_at = $2, last_error = $3, claimed_until = NULL, updated_at = mayak_now() WHERE id = $1 AND status = 'sending'`,
      [id, at, error],
    );
  }

  /** Mails that should be on their way: due and pending, or claimed by a sender that let go. */
  async due(now: Date, limit: number): Promise<{ id: string; attempts: number }[]> {
    const rows = (await this.dataSource.query(
      `SELECT id, attempts FROM mails WHERE (status = 'pending' AND next_attempt_at <= $1) OR (status = 'sending' AND claimed_until < $1)
        ORDER BY next_attempt_at LIMIT $2`,
      [now, limit],
    )) as { id: string; attempts: number }[];
    return rows.map((r) => ({ id: r.id, attempts: Number(r.attempts) }));
  }

  async failures(limit: number): Promise<MailFailureRow[]> {
    const rows = (await this.dataSource.query(
      `SELECT id, kind, to_address, attempts, last_error, created_at, failed_at FROM mails WHERE status = 'failed' ORDER BY failed_at DESC, id DESC LIMIT $1`,
      [limit],
    )) as Raw[];
    return rows.map((r) => ({
      id: r.id as string,
      kind: r.kind as string,
      toAddress: r.to_address as string,
      attempts: Number(r.attempts),
      lastError: (r.last_error as string | null) ?? null,
      createdAt: r.created_at as Date,
      failedAt: (r.failed_at as Date | null) ?? null,
    }));
  }

  async counts(since: Date): Promise<{ pending: number; failed: number; sentSince: number }> {
    const [row] = (await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE status IN ('pending', 'sending'))::int AS pending, count(*) FILTER (WHERE status = 'failed')::int AS failed,
              count(*) FILTER (WHERE status = 'sent' AND sent_at >= $1)::int AS sent_since
         FROM mails WHERE status IN ('pending', 'sending', 'failed') OR sent_at >= $1`,
      [since],
    )) as { pending: number; failed: number; sent_since: number }[];
    return { pending: row.pending, failed: row.failed, sentSince: row.sent_since };
  }

  /** Failed mails (still holding their content) made pending again, from the first attempt; their ids. */
  async requeueFailed(ids: string[], now: Date): Promise<string[]> {
    const rows = await updateReturning<{ id: string }>(
      this.dataSource.manager,
      `UPDATE mails SET status = 'pending', attempts = 0, next_attempt_at = $2, failed_at = NULL, claimed_until = NULL, updated_at = mayak_now()
        WHERE id = ANY($1::uuid[]) AND status = 'failed' AND content_encrypted IS NOT NULL RETURNING id`,
      [ids, now],
    );
    return rows.map((r) => r.id);
  }
}
