import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { mailRetryDelayMs } from '@mayak/domain';
import type { EntityManager } from 'typeorm';
import { Clock } from '../clock/clock';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Encrypted } from '../crypto/encrypted-columns';
import { FieldCipher } from '../crypto/field-cipher';
import { JobQueue } from '../queue/job-queue.port';
import { JobName } from '../queue/queue-names';
import { MailSendError, MailTransport } from './mail-transport';
import { MailsRepository, type MailFailureRow } from './mails.repository';

/** What a mail says; rendered before it is written, sealed until it is sent. */
export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

export interface NewMail extends MailContent {
  /** What the mail is about, once: writing the same key again writes nothing (`notification:<id>`, `invitation:<id>`, ...). */
  idempotencyKey: string;
  /** The template it was rendered from (administrators see it, never the content). */
  kind: string;
  recipientId: string | null;
  to: string;
  locale: string;
}

export type DeliveryResult = 'sent' | 'retry' | 'failed' | 'skipped';

/** A sender gives a mail up to this long before another may take it again (SMTP timeouts are 20 s each). */
const CLAIM_MS = 2 * 60_000;
const RECONCILE_BATCH = 200;
/** Transactions whose commit should queue the mails they wrote (see MailDispatchSubscriber). */
export const PENDING_MAILS = 'mayak:pendingMails';

/**
 * The outbox, for every mail Mayak sends (notifications now; invitations and password resets can
 * use the same): `enqueue` writes a mail in the caller's transaction, the commit queues its job,
 * the worker `deliver`s it once, retrying with doubling waits, and `reconcile` puts back what
 * Redis lost. Failures stay visible to administrators with the server's reason, never the content.
 */
@Injectable()
export class MailOutbox {
  private readonly logger = new Logger('MailOutbox');

  constructor(
    private readonly repository: MailsRepository,
    private readonly transport: MailTransport,
    private readonly cipher: FieldCipher,
    private readonly queue: JobQueue,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get enabled(): boolean {
    return this.config.mail.enabled;
  }

  /**
   * Writes the mail in `m`'s transaction unless its key was written before; its id when written
   * now. Its job is queued when the transaction commits (at once outside one).
   */
  async enqueue(m: EntityManager, mail: NewMail): Promise<string | null> {
    const id = randomUUID();
    const content = this.cipher.encrypt(
      JSON.stringify({ subject: mail.subject, text: mail.text, html: mail.html } satisfies MailContent),
      Encrypted.mailContent.at(id),
    );
    const written = await this.repository.insert(m, {
      id,
      idempotencyKey: mail.idempotencyKey,
      kind: mail.kind,
      recipientId: mail.recipientId,
      toAddress: mail.to,
      locale: mail.locale,
      contentEncrypted: content,
    });
    if (!written) return null;
    const runner = m.queryRunner;
    if (runner?.isTransactionActive) {
      const pending = (runner.data[PENDING_MAILS] ??= []) as string[];
      pending.push(id);
    } else {
      await this.dispatch([id]);
    }
    return id;
  }

  /** Queues the sending of mails just committed. A job that cannot be queued is left to the reconciler. */
  async dispatch(ids: readonly string[]): Promise<void> {
    for (const id of ids) await this.queueSend(id, 0);
  }

  private async queueSend(id: string, attempts: number, delayMs = 0): Promise<void> {
    try {
      // One job per attempt; gone once done, so a reconciled attempt can be queued again.
      await this.queue.add(JobName.MailSend, { mailId: id }, { jobId: `mail-${id}-${attempts}`, delayMs, removeOnComplete: true });
    } catch (error) {
      this.logger.warn({ err: error, mailId: id }, 'could not queue a mail; the reconciler will');
    }
  }

  /** The worker's part: sends the mail if it is still due and nobody else has it; never twice after a success. */
  async deliver(id: string): Promise<DeliveryResult> {
    const now = this.clock.now();
    const mail = await this.repository.claim(id, now, new Date(now.getTime() + CLAIM_MS));
    if (!mail) return 'skipped';
    if (!mail.contentEncrypted) {
      await this.repository.markFailed(id, now, 'the mail has no content');
      return 'failed';
    }
    const content = JSON.parse(this.cipher.decrypt(mail.contentEncrypted, Encrypted.mailContent.at(id))) as MailContent;
    try {
      const sent = await this.transport.send({ to: mail.toAddress, ...content, messageId: `<${id}@${this.messageIdHost()}>` });
      await this.repository.markSent(id, this.clock.now(), sent.serverMessageId);
      return 'sent';
    } catch (error) {
      const failure = error instanceof MailSendError ? error : new MailSendError(error instanceof Error ? error.message : String(error), false);
      const at = this.clock.now();
      if (failure.permanent || mail.attempts >= this.config.mail.maxAttempts) {
        await this.repository.markFailed(id, at, failure.message);
        this.logger.warn({ mailId: id, kind: mail.kind, attempts: mail.attempts, code: failure.responseCode }, 'a mail could not be sent and was given up');
        return 'failed';
      }
      const delayMs = mailRetryDelayMs(mail.attempts, this.config.mail.retryBaseSeconds);
      await this.repository.scheduleRetry(id, new Date(at.getTime() + delayMs), failure.message);
      await this.queueSend(id, mail.attempts, delayMs);
      return 'retry';
    }
  }

  /** Queues again every mail that should be on its way (a job Redis lost, a sender that died). */
  async reconcile(): Promise<{ requeued: number }> {
    if (!this.enabled) return { requeued: 0 };
    const due = await this.repository.due(this.clock.now(), RECONCILE_BATCH);
    for (const mail of due) await this.queueSend(mail.id, mail.attempts);
    return { requeued: due.length };
  }

  /** For administrators: recent mails given up, newest first, and how the outbox stands. */
  async overview(limit: number): Promise<{ enabled: boolean; pending: number; failed: number; sentLastDay: number; failures: MailFailureRow[] }> {
    const since = new Date(this.clock.nowMs() - 24 * 3600_000);
    const [counts, failures] = await Promise.all([this.repository.counts(since), this.repository.failures(limit)]);
    return { enabled: this.enabled, pending: counts.pending, failed: counts.failed, sentLastDay: counts.sentSince, failures };
  }

  /** Failed mails tried again from the start (after the mail server was fixed); the ids requeued. */
  async retryFailed(ids: string[]): Promise<string[]> {
    const requeued = await this.repository.requeueFailed(ids, this.clock.now());
    await this.dispatch(requeued);
    return requeued;
  }

  private messageIdHost(): string {
    return new URL(this.config.publicUrl).hostname || 'mayak.invalid';
  }
}
