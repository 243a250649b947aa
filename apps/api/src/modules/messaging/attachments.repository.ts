import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { MessageChannel } from '@mayak/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { updateReturning } from '#api/core/database/update-returning';
import { MessageAttachment } from './message-attachment.entity';

/** The SQL of message attachments. */
@Injectable()
export class AttachmentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The files of a message just filed, in their order; their ids. */
  /** `files`: each with the id its source was encrypted for. */
  async insertPending(
    m: EntityManager,
    messageId: string,
    officeId: string,
    files: { id: string; declaredType: string; sourceEncrypted: string }[],
  ): Promise<string[]> {
    if (!files.length) return [];
    const rows = (await m.query(
      `INSERT INTO message_attachments (id, message_id, office_id, position, declared_type, source_encrypted)
       SELECT f.id, $1, $2, f.position - 1, f.declared_type, f.source FROM unnest($3::uuid[], $4::text[], $5::text[]) WITH ORDINALITY AS f(id, declared_type, source, position)
       RETURNING id`,
      [messageId, officeId, files.map((f) => f.id), files.map((f) => f.declaredType.slice(0, 200)), files.map((f) => f.sourceEncrypted)],
    )) as { id: string }[];
    return rows.map((r) => r.id);
  }

  /** A pending file with the channel its message came on. */
  async pendingWithChannel(id: string): Promise<(MessageAttachment & { channel: MessageChannel; conversationId: string }) | null> {
    const [row] = (await this.dataSource.query(
      `SELECT a.id, a.declared_type, a.source_encrypted, a.office_id, c.channel, c.id AS conversation_id FROM message_attachments a
         JOIN conversation_messages m ON m.id = a.message_id JOIN conversations c ON c.id = m.conversation_id
        WHERE a.id = $1 AND a.status = 'pending'`,
      [id],
    )) as { id: string; declared_type: string; source_encrypted: string | null; office_id: string; channel: MessageChannel; conversation_id: string }[];
    if (!row) return null;
    return Object.assign(new MessageAttachment(), {
      id: row.id,
      declaredType: row.declared_type,
      sourceEncrypted: row.source_encrypted,
      officeId: row.office_id,
      channel: row.channel,
      conversationId: row.conversation_id,
    });
  }

  /** Stored, if still pending (false: someone else finished it, or it was erased meanwhile). */
  async markStored(id: string, file: { contentType: string; sizeBytes: number; storageKey: string }): Promise<boolean> {
    const rows = await updateReturning(
      this.dataSource.manager,
      `UPDATE message_attachments SET status = 'stored', content_type = $2, size_bytes = $3, storage_key = $4, source_encrypted = NULL, fetched_at = mayak_now(), updated_at = mayak_now()
        WHERE id = $1 AND status = 'pending' RETURNING id`,
      [id, file.contentType, file.sizeBytes, file.storageKey],
    );
    return rows.length === 1;
  }

  async markRejected(id: string, reason: string, sizeBytes: number | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE message_attachments SET status = 'rejected', reject_reason = $2, size_bytes = $3, source_encrypted = NULL, updated_at = mayak_now() WHERE id = $1 AND status = 'pending'`,
      [id, reason, sizeBytes],
    );
  }

  /** Pending ones created before `before`, oldest first. */
  async pendingSince(before: Date, limit: number): Promise<{ id: string; createdAt: Date }[]> {
    const rows = (await this.dataSource.query(
      `SELECT id, created_at FROM message_attachments WHERE status = 'pending' AND created_at < $1 ORDER BY created_at LIMIT $2`,
      [before, limit],
    )) as { id: string; created_at: Date }[];
    return rows.map((r) => ({ id: r.id, createdAt: r.created_at }));
  }

  async giveUp(before: Date): Promise<number> {
    const rows = await updateReturning(
      this.dataSource.manager,
      `UPDATE message_attachments SET status = 'failed', source_encrypted = NULL, updated_at = mayak_now() WHERE status = 'pending' AND created_at < $1 RETURNING id`,
      [before],
    );
    return rows.length;
  }

  /** Erased rows whose file may still be in the store. */
  async erasedWithFiles(limit: number): Promise<{ id: string; storageKey: string }[]> {
    const rows = (await this.dataSource.query(
      `SELECT id, storage_key FROM message_attachments WHERE status = 'erased' AND storage_key IS NOT NULL ORDER BY updated_at LIMIT $1`,
      [limit],
    )) as { id: string; storage_key: string }[];
    return rows.map((r) => ({ id: r.id, storageKey: r.storage_key }));
  }

  async forgetFile(id: string): Promise<void> {
    await this.dataSource.query(`UPDATE message_attachments SET storage_key = NULL WHERE id = $1 AND status = 'erased'`, [id]);
  }

  /** Files of these messages, for showing them. */
  ofMessages(messageIds: string[]): Promise<MessageAttachment[]> {
    if (!messageIds.length) return Promise.resolve([]);
    return this.dataSource
      .getRepository(MessageAttachment)
      .createQueryBuilder('a')
      .where('a.message_id IN (:...ids)', { ids: messageIds })
      .orderBy('a.position')
      .getMany();
  }

  find(id: string): Promise<MessageAttachment | null> {
    return this.dataSource.getRepository(MessageAttachment).findOneBy({ id });
  }
}
