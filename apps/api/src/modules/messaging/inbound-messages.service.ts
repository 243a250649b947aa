import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { parseTwilioAddress } from '@mayak/domain';
import type { Update } from 'grammy/types';
import type { EntityManager } from 'typeorm';
import { AuditAction } from '#api/core/audit/audit-actions';
import { AuditService } from '#api/core/audit/audit.service';
import { Clock } from '#api/core/clock/clock';
import type { AppConfig } from '#api/core/config/app-config';
import { APP_CONFIG } from '#api/core/config/config.module';
import { DomainError, fieldInvalid } from '#api/core/errors/domain-error';
import { RealtimeEvents } from '#api/core/realtime/realtime-events';
import { AlertsService } from '../alerts/alerts.service';
import { IdentifierVault } from '../people/identifier-vault';
import { LineRouter } from '../telephony/line-router';
import { PresenceService } from '../telephony/presence.service';
import { requireSid } from '../telephony/provider-ids';
import { readTelegramUpdate, updateIdOf } from './channels/telegram-update';
import { readTwilioMessage, readTwilioStatus } from './channels/twilio-messaging-webhook';
import { AttachmentsService } from './attachments.service';
import { WebchatSessionsRepository } from './webchat-sessions.repository';
import { ConversationsService, type Received } from './conversations.service';
import type { InboundMessage, Unroutable } from './inbound-message';
import { InboundWebhooksRepository, type StoredWebhook } from './inbound-webhooks.repository';
import { Encrypted } from '#api/core/crypto/encrypted-columns';

type Form = Record<string, string>;
type WebchatPayload = { sessionId: string; officeId: string; clientMessageId: string; text: string; phone: string | null };

/** Pending webhooks younger than this are left to the request that stored them. */
const RETRY_AFTER_MS = 30_000;
/** After this many failed attempts the office's supervisors are told a message is stuck. */
const ALERT_AFTER_ATTEMPTS = 5;
/** Processed rows are kept this long to recognise a provider's late retry. */
const REMEMBER_PROCESSED_MS = 7 * 24 * 60 * 60 * 1000;
const BATCH = 100;

/**
 * Every inbound messaging webhook is stored as received first (idempotent on the provider's
 * id), then processed in a transaction that also marks it done. If processing fails the row
 * stays pending and the worker tries again; a message that cannot be routed is kept with its
 * payload and raises an alert. Nothing that reached us is lost, and nothing is filed twice.
 */
@Injectable()
export class InboundMessages {
  private readonly logger = new Logger('InboundMessages');

  constructor(
    private readonly repository: InboundWebhooksRepository,
    private readonly conversations: ConversationsService,
    private readonly attachments: AttachmentsService,
    private readonly webchatSessions: WebchatSessionsRepository,
    private readonly router: LineRouter,
    private readonly presence: PresenceService,
    private readonly vault: IdentifierVault,
    private readonly alerts: AlertsService,
    private readonly realtime: RealtimeEvents,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Twilio's messaging webhook (SMS and WhatsApp). */
  async twilioMessage(form: Form): Promise<void> {
    const sid = requireSid(form.MessageSid, ['SM', 'MM'], 'MessageSid');
    await this.accept('twilio', 'message', sid, form);
  }

  /** Twilio's status callback for a message the line sent (`message` is Mayak's id, from the callback address). */
  async twilioStatus(form: Form, messageId: string | undefined): Promise<void> {
    const status = form.MessageStatus ?? form.SmsStatus;
    if (!form.MessageSid || !status) return;
    await this.accept('twilio', 'status', `${form.MessageSid.slice(0, 64)}:${status.slice(0, 32)}`, {
      ...form,
      ...(messageId ? { mayakMessageId: messageId } : {}),
    });
  }

  /** An Update from Telegram (its webhook, or the worker's long polling). */
  async telegramUpdate(update: unknown): Promise<void> {
    const id = updateIdOf(update);
    if (id === null) throw fieldInvalid('update_id', 'invalid_update', 'update_id is missing or not a Telegram update id');
    await this.accept('telegram', 'message', String(id), update);
  }

  /** A web chat visitor's message (the widget's API, after its token and limits were checked). */
  async webchatMessage(message: { sessionId: string; officeId: string; clientMessageId: string; text: string; phone: string | null }): Promise<void> {
    await this.accept('webchat', 'message', `${message.sessionId}:${message.clientMessageId}`, message);
  }

  /**
   * Stores the delivery and files it in one transaction (one commit per message, and as few
   * round trips as it takes: a burst is bounded by them). If filing fails, the transaction rolls
   * back and the delivery is then stored on its own, pending with its error, for the sweep;
   * if even that fails the provider is answered with an error and delivers it again.
   */
  private async accept(provider: string, kind: 'message' | 'status', externalId: string, payload: unknown): Promise<void> {
    // The row's id is made here so the payload can be encrypted for it.
    const id = randomUUID();
    const delivery = { id, provider, kind, externalId, payloadEncrypted: this.vault.encrypt(JSON.stringify(payload), Encrypted.webhookPayload.at(id)) };
    let outcome: { received: Received | null } | null;
    try {
      outcome = await this.repository.transaction(async (m) => {
        const stored = await this.repository.store(delivery, m);
        if (stored.done) return null;
        const row = stored.fresh
          ? { id: stored.id, provider, kind, payloadEncrypted: delivery.payloadEncrypted, attempts: 0 }
          : await this.repository.claim(m, stored.id);
        if (!row) return null;
        return this.handle(m, row);
      });
    } catch (error) {
      const id = await this.repository.storeFailed(delivery, error instanceof Error ? error.message : String(error));
      this.logger.warn({ err: error, inboundWebhookId: id }, 'an inbound message could not be processed; it is kept and will be tried again');
      return;
    }
    if (outcome) await this.announce(outcome.received);
  }

  private async announce(received: Received | null): Promise<void> {
    if (!received) return;
    await this.attachments.enqueue(received.attachmentIds);
    await this.realtime.notify(await this.presence.watchersOf(received.officeId), 'message.received', {
      conversationId: received.conversationId,
      contactId: received.contactId,
      officeId: received.officeId,
    });
  }

  /** Processes one stored webhook if it is still pending. Never throws: a failure is counted and left for the next attempt. */
  async process(id: string): Promise<'done' | 'skipped' | 'failed'> {
    try {
      const outcome = await this.repository.transaction(async (m) => {
        const row = await this.repository.claim(m, id);
        if (!row) return null;
        return this.handle(m, row);
      });
      if (!outcome) return 'skipped';
      await this.announce(outcome.received);
      return 'done';
    } catch (error) {
      const attempts = await this.repository.failed(id, error instanceof Error ? error.message : String(error)).catch(() => 0);
      this.logger.warn({ err: error, inboundWebhookId: id, attempts }, 'an inbound message could not be processed; it is kept and will be tried again');
      if (attempts === ALERT_AFTER_ATTEMPTS) await this.alertStuck(id).catch(() => undefined);
      return 'failed';
    }
  }

  private async handle(m: EntityManager, row: StoredWebhook): Promise<{ received: Received | null }> {
    if (!row.payloadEncrypted) {
      await this.repository.finish(m, row.id, 'ignored', null);
      return { received: null };
    }
    const payloadText = this.vault.decrypt(row.payloadEncrypted, Encrypted.webhookPayload.at(row.id));
    if (row.provider === 'telegram') return this.handleTelegram(m, row, JSON.parse(payloadText) as Update);
    if (row.provider === 'webchat') return this.handleWebchat(m, row, JSON.parse(payloadText) as WebchatPayload);
    const payload = JSON.parse(payloadText) as Form;
    if (row.kind === 'status') {
      const report = readTwilioStatus(payload, payload.mayakMessageId);
      if (report) await this.conversations.deliveryReport(m, report);
      await this.repository.finish(m, row.id, report ? 'processed' : 'ignored', null);
      return { received: null };
    }
    const message = readTwilioMessage(payload, this.config.telephony.hotlineNumber);
    if ('unroutable' in message) return this.unroutable(m, row, await this.router.officeFor(this.lineOf(payload), m), message);
    return this.file(m, row, message, await this.router.officeFor(message.line, m), () => this.router.officeFor(this.lineOf(payload), m));
  }

  private async handleTelegram(m: EntityManager, row: StoredWebhook, update: Update): Promise<{ received: Received | null }> {
    const telegram = this.config.telegram;
    const office = await this.router.officeForCode(telegram?.officeCode ?? null, m);
    const message = readTelegramUpdate(update, telegram?.botId ?? 'local');
    if ('ignored' in message) {
      await this.repository.finish(m, row.id, 'ignored', office.officeId);
      return { received: null };
    }
    return this.file(m, row, message, office, async () => office);
  }

  private async handleWebchat(m: EntityManager, row: StoredWebhook, payload: WebchatPayload): Promise<{ received: Received | null }> {
    const message: InboundMessage = {
      channel: 'webchat',
      providerMessageId: `wc:${payload.sessionId}:${payload.clientMessageId}`,
      address: payload.sessionId,
      phone: payload.phone,
      line: 'webchat',
      text: payload.text,
      kind: 'text',
      details: null,
      displayName: null,
    };
    const office = { officeId: payload.officeId };
    const filed = await this.file(m, row, message, office, async () => office);
    if (filed.received) await this.webchatSessions.setConversation(m, payload.sessionId, filed.received.conversationId);
    return filed;
  }

  /** Files a read message in its office; a sender's address that does not parse makes it unroutable. */
  private async file(
    m: EntityManager,
    row: StoredWebhook,
    message: InboundMessage,
    office: { officeId: string },
    officeIfUnroutable: () => Promise<{ officeId: string }>,
  ): Promise<{ received: Received | null }> {
    let received: Received | null;
    try {
      received = await this.conversations.receive(m, message, office.officeId);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'validation_failed')
        return this.unroutable(m, row, await officeIfUnroutable(), { unroutable: 'unusable_number' });
      throw error;
    }
    await this.repository.finish(m, row.id, 'processed', office.officeId);
    return { received };
  }

  private async unroutable(m: EntityManager, row: StoredWebhook, office: { officeId: string }, why: Unroutable): Promise<{ received: null }> {
    await this.repository.finish(m, row.id, 'unroutable', office.officeId);
    await this.audit.record(
      {
        action: AuditAction.MessageUnroutable,
        entityType: 'inbound_webhook',
        entityId: row.id,
        officeId: office.officeId,
        summary: { provider: row.provider, reason: why.unroutable },
      },
      m,
    );
    await this.alerts.raiseForOfficeSupervisors(
      {
        kind: 'message_unroutable',
        dedupeKey: `inbound-webhook-${row.id}`,
        officeId: office.officeId,
        entityType: 'inbound_webhook',
        entityId: row.id,
        data: { provider: row.provider, reason: why.unroutable },
      },
      m,
    );
    this.logger.warn({ inboundWebhookId: row.id, reason: why.unroutable }, 'an inbound message could not be routed; it is kept and supervisors are alerted');
    return { received: null };
  }

  private async alertStuck(id: string): Promise<void> {
    const office = await this.router.officeFor(this.config.telephony.hotlineNumber);
    await this.alerts.raiseForOfficeSupervisors({
      kind: 'message_unprocessed',
      dedupeKey: `inbound-webhook-stuck-${id}`,
      officeId: office.officeId,
      entityType: 'inbound_webhook',
      entityId: id,
      data: { attempts: ALERT_AFTER_ATTEMPTS },
    });
  }

  private lineOf(payload: Form): string {
    const to = parseTwilioAddress(payload.To);
    return to.ok ? to.number : this.config.telephony.hotlineNumber;
  }

  /** The worker's sweep: pending webhooks the request could not finish, then old processed rows. */
  async reprocessPending(): Promise<{ processed: number; failed: number; forgotten: number }> {
    const now = this.clock.nowMs();
    const ids = await this.repository.pending(new Date(now - RETRY_AFTER_MS), BATCH);
    let processed = 0;
    let failed = 0;
    for (const id of ids) {
      const result = await this.process(id);
      if (result === 'done') processed++;
      if (result === 'failed') failed++;
    }
    const forgotten = await this.repository.forgetProcessed(new Date(now - REMEMBER_PROCESSED_MS), 1000);
    return { processed, failed, forgotten };
  }
}
