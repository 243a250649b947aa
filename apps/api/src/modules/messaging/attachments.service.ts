import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { ATTACHMENT_MAX_BYTES, judgeAttachment } from '@mayak/domain';
import { AuditAction } from '#api/core/audit/audit-actions';
import { AuditService } from '#api/core/audit/audit.service';
import { Clock } from '#api/core/clock/clock';
import type { Actor } from '#api/core/context/request-context';
import { FieldCipher } from '#api/core/crypto/field-cipher';
import { notFound } from '#api/core/errors/domain-error';
import { JobQueue } from '#api/core/queue/job-queue.port';
import { JobName } from '#api/core/queue/queue-names';
import { RealtimeEvents } from '#api/core/realtime/realtime-events';
import { BlobStore } from '#api/core/storage/blob-store';
import { PresenceService } from '../telephony/presence.service';
import { FileTooLargeError } from '../telephony/provider/provider-error';
import { TelephonyProvider } from '../telephony/provider/telephony-provider';
import { AttachmentsRepository } from './attachments.repository';
import { TelegramBot } from './channels/telegram-adapter';
import { Encrypted } from '#api/core/crypto/encrypted-columns';

/** A pending file is fetched again after this long without being kept (a job lost with Redis). */
const RETRY_AFTER_MS = 60_000;
/** A file not fetched within a day is given up on (the provider no longer serves it). */
const GIVE_UP_AFTER_MS = 24 * 60 * 60 * 1000;
const RETRY_ROUND_MS = 10 * 60_000;
const BATCH = 200;

export const keyOf = (id: string) => `attachments/${id}`;
/** What a sealed attachment is bound to (FieldCipher.sealBytes). */
export const contextOf = (id: string) => `attachment:${id}`;

/**
 * Files that come with messages. Filing a message writes a row per file; the worker fetches
 * each from its channel, judges it by its bytes and size (libs/domain), and keeps it sealed by
 * the field cipher (bound to its row) in the file store; the provider's copy is deleted where
 * it can be. Every view is audited; retention erases them with the message's contact.
 */
@Injectable()
export class AttachmentsService {
  private readonly logger = new Logger('Attachments');

  constructor(
    private readonly repository: AttachmentsRepository,
    private readonly store: BlobStore,
    private readonly cipher: FieldCipher,
    private readonly provider: TelephonyProvider,
    private readonly queue: JobQueue,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly realtime: RealtimeEvents,
    private readonly presence: PresenceService,
    @Optional() @Inject(TelegramBot) private readonly telegram: TelegramBot | null,
  ) {}

  /** Queues the fetch of files just filed (after their message's transaction committed). */
  async enqueue(ids: string[], round = 0): Promise<void> {
    for (const id of ids) {
      try {
        await this.queue.add(JobName.AttachmentFetch, { attachmentId: id }, { jobId: round ? `attachment-${id}-r${round}` : `attachment-${id}`, attempts: 5 });
      } catch (error) {
        // The row is pending: the reconciler queues it again.
        this.logger.warn({ err: error, attachmentId: id }, 'could not queue the fetch of a file');
      }
    }
  }

  async fetchAndStore(id: string): Promise<'stored' | 'rejected' | 'skipped'> {
    const row = await this.repository.pendingWithChannel(id);
    if (!row || !row.sourceEncrypted) return 'skipped';
    const source = this.cipher.decrypt(row.sourceEncrypted, Encrypted.attachmentSource.at(row.id));
    let bytes: Buffer;
    try {
      bytes =
        row.channel === 'telegram'
          ? await this.requireTelegram().downloadFile(source, row.declaredType, ATTACHMENT_MAX_BYTES)
          : await this.provider.fetchMedia(source, row.declaredType, ATTACHMENT_MAX_BYTES);
    } catch (error) {
      if (error instanceof FileTooLargeError) {
        await this.repository.markRejected(id, 'too_large', null);
        await this.announce(row.officeId, row.conversationId);
        return 'rejected';
      }
      throw error;
    }
    const verdict = judgeAttachment(row.declaredType, bytes.subarray(0, 32), bytes.length);
    if (!verdict.keep) {
      await this.repository.markRejected(id, verdict.reason, bytes.length);
      this.logger.log({ attachmentId: id, reason: verdict.reason }, 'a file was not kept');
      await this.announce(row.officeId, row.conversationId);
      return 'rejected';
    }
    await this.store.put(keyOf(id), this.cipher.sealBytes(bytes, contextOf(id)));
    const stored = await this.repository.markStored(id, { contentType: verdict.contentType, sizeBytes: bytes.length, storageKey: keyOf(id) });
    if (!stored) {
      // Erased (or finished elsewhere) while we fetched: the reconciler removes a file an erased row still names.
      this.logger.log({ attachmentId: id }, 'a file was fetched for a row no longer pending');
      return 'skipped';
    }
    await this.announce(row.officeId, row.conversationId);
    if (row.channel !== 'telegram') {
      await this.provider
        .deleteMedia(source)
        .catch((error: unknown) => this.logger.warn({ err: error, attachmentId: id }, 'the provider’s copy of a file could not be deleted'));
    }
    return 'stored';
  }

  /** The file, opened, for one viewing by someone who may read its conversation; audited every time. */
  async content(actor: Actor, id: string): Promise<{ contentType: string; bytes: Buffer }> {
    const row = await this.repository.find(id);
    if (!row || !actor.officeIds.includes(row.officeId) || row.status !== 'stored' || !row.storageKey || !row.contentType) throw notFound('File');
    const sealed = await this.store.get(row.storageKey);
    if (!sealed) throw notFound('File');
    const bytes = this.cipher.openBytes(sealed, contextOf(id));
    await this.audit.record({
      action: AuditAction.AttachmentViewed,
      entityType: 'message_attachment',
      entityId: id,
      officeId: row.officeId,
      summary: { contentType: row.contentType, sizeBytes: row.sizeBytes },
    });
    return { contentType: row.contentType, bytes };
  }

  /**
   * The worker's sweep: files pending past a minute are queued again (a job lost with Redis),
   * past a day given up; files of erased rows still in the store are deleted.
   */
  async reconcile(): Promise<{ requeued: number; givenUp: number; deleted: number }> {
    const now = this.clock.nowMs();
    const givenUp = await this.repository.giveUp(new Date(now - GIVE_UP_AFTER_MS));
    const pending = await this.repository.pendingSince(new Date(now - RETRY_AFTER_MS), BATCH);
    await this.enqueue(
      pending.map((p) => p.id),
      Math.floor(now / RETRY_ROUND_MS),
    );
    let deleted = 0;
    for (const erased of await this.repository.erasedWithFiles(BATCH)) {
      await this.store.delete(erased.storageKey);
      await this.repository.forgetFile(erased.id);
      deleted++;
    }
    return { requeued: pending.length, givenUp, deleted };
  }

  /** The consoles watching the office re-read the conversation: its file is ready (or refused). */
  private async announce(officeId: string, conversationId: string): Promise<void> {
    await this.realtime
      .notify(await this.presence.watchersOf(officeId), 'message.updated', { conversationId, officeId })
      .catch((error: unknown) => this.logger.warn({ err: error }, 'consoles could not be told a file is ready'));
  }

  private requireTelegram(): TelegramBot {
    if (!this.telegram) throw new Error('A Telegram file is pending but the line has no Telegram bot');
    return this.telegram;
  }
}
