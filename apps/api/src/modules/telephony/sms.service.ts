import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { clampPageSize } from '@mayak/domain';
import { DataSource } from 'typeorm';
import { AuditAction } from '../../core/audit/audit-actions';
import { AuditService } from '../../core/audit/audit.service';
import type { AppConfig } from '../../core/config/app-config';
import { APP_CONFIG } from '../../core/config/config.module';
import type { Actor } from '../../core/context/request-context';
import { decodeCursor, pageOf } from '../../core/database/keyset';
import { DomainError, notFound } from '../../core/errors/domain-error';
import { RealtimeEvents } from '../../core/realtime/realtime-events';
import { loadUserRefs, refOf } from '../cases/user-refs';
import { IdentifierVault } from '../people/identifier-vault';
import { PeopleService } from '../people/people.service';
import type { SmsMessageDto, SmsThreadDto, SmsThreadsQuery } from './dto/telephony.dto';
import { LineRouter } from './line-router';
import { PresenceService } from './presence.service';
import { requireSid } from './provider-ids';
import { TelephonyProvider } from './provider/telephony-provider';
import { SmsMessage } from './sms-message.entity';
import { SmsThread } from './sms-thread.entity';
import { TelephonyUrls } from './telephony-urls';

// Delivery reports arrive out of order; a later word never goes back to an earlier one.
const STATUS_RANK: Record<string, number> = { queued: 1, accepted: 1, sending: 2, sent: 3, delivered: 4, read: 5, undelivered: 4, failed: 4 };

/**
 * Text conversations: one thread per number and office. An incoming text joins the thread's
 * open contact or starts a new one; replies go out through the provider and are logged.
 * Bodies are encrypted; the MessageSid makes provider retries harmless.
 */
@Injectable()
export class SmsService {
  private readonly logger = new Logger('Sms');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly provider: TelephonyProvider,
    private readonly router: LineRouter,
    private readonly urls: TelephonyUrls,
    private readonly presence: PresenceService,
    private readonly vault: IdentifierVault,
    private readonly people: PeopleService,
    private readonly realtime: RealtimeEvents,
    private readonly audit: AuditService,
  ) {}

  async incoming(params: Record<string, string>): Promise<void> {
    const messageSid = requireSid(params.MessageSid, ['SM', 'MM'], 'MessageSid');
    const lineNumber = params.To || this.config.telephony.hotlineNumber;
    let phone: { encrypted: string; hash: string };
    try {
      phone = this.vault.protectPhone(params.From ?? '', 'From');
    } catch {
      this.logger.warn('a text from an unusable sender number was ignored');
      return;
    }
    const office = await this.router.officeFor(lineNumber);
    const body = (params.Body ?? '').slice(0, 5000);
    const result = await this.dataSource.transaction(async (m) => {
      // Upsert the thread first: its row lock orders concurrent deliveries of the same text.
      const [thread] = (await m.query(
        `INSERT INTO sms_threads (office_id, phone_encrypted, phone_hash, line_number, last_message_at, last_direction)
         VALUES ($1, $2, $3, $4, mayak_now(), 'inbound')
         ON CONFLICT (office_id, phone_hash) DO UPDATE SET updated_at = sms_threads.updated_at RETURNING id, contact_id`,
        [office.officeId, phone.encrypted, phone.hash, lineNumber],
      )) as { id: string; contact_id: string | null }[];
      const [message] = (await m.query(
        `INSERT INTO sms_messages (thread_id, direction, body_encrypted, message_sid, status) VALUES ($1, 'inbound', $2, $3, 'received')
         ON CONFLICT (message_sid) DO NOTHING RETURNING id`,
        [thread.id, this.vault.encrypt(body), messageSid],
      )) as { id: string }[];
      if (!message) return null; // a retry of a text we have
      let contactId = thread.contact_id;
      if (contactId) {
        const [open] = (await m.query(`SELECT id FROM contacts WHERE id = $1 AND status = 'in_progress'`, [contactId])) as { id: string }[];
        if (!open) contactId = null;
      }
      if (!contactId) {
        const [contact] = (await m.query(
          `INSERT INTO contacts (office_id, operator_id, status, channel, direction, started_at, phone_encrypted, phone_hash)
           VALUES ($1, NULL, 'in_progress', 'sms', 'inbound', mayak_now(), $2, $3) RETURNING id`,
          [office.officeId, phone.encrypted, phone.hash],
        )) as { id: string }[];
        contactId = contact.id;
      }
      await m.query(`UPDATE sms_messages SET contact_id = $2 WHERE id = $1`, [message.id, contactId]);
      await m.query(
        `UPDATE sms_threads SET contact_id = $2, last_message_at = mayak_now(), last_direction = 'inbound', unanswered = unanswered + 1, updated_at = mayak_now(), version = version + 1 WHERE id = $1`,
        [thread.id, contactId],
      );
      await this.audit.record({ action: AuditAction.SmsReceived, entityType: 'sms_thread', entityId: thread.id, officeId: office.officeId, summary: { contactId, length: body.length } }, m);
      return { threadId: thread.id, contactId };
    });
    if (result) await this.realtime.notify(await this.presence.watchersOf(office.officeId), 'sms.received', { threadId: result.threadId, contactId: result.contactId, officeId: office.officeId });
  }

  async deliveryStatus(params: Record<string, string>, messageId: string | undefined): Promise<void> {
    const status = params.MessageStatus ?? params.SmsStatus;
    if (!status || !(status in STATUS_RANK)) return;
    const ranks = Object.entries(STATUS_RANK).filter(([, rank]) => rank < STATUS_RANK[status]).map(([word]) => word);
    await this.dataSource.query(
      `UPDATE sms_messages SET status = $3, error_code = COALESCE($4, error_code), updated_at = mayak_now()
        WHERE message_sid = $1 AND ($2::uuid IS NULL OR id = $2::uuid) AND direction = 'outbound' AND status = ANY($5)`,
      [params.MessageSid, messageId && /^[0-9a-f-]{36}$/i.test(messageId) ? messageId : null, status, params.ErrorCode || null, ranks],
    );
  }

  async reply(actor: Actor, threadId: string, body: string): Promise<SmsMessageDto> {
    const thread = await this.require(actor, threadId);
    const flags = await this.people.activeFlags(this.dataSource.manager, [], [thread.phoneHash]);
    if (flags.some((f) => f.kind === 'do_not_call_back')) throw new DomainError('do_not_call_back', 'This number asked not to be contacted; texts are not sent to it');
    const created = await this.dataSource.transaction(async (m) => {
      let contactId = thread.contactId;
      if (contactId) {
        const [open] = (await m.query(`SELECT id FROM contacts WHERE id = $1 AND status = 'in_progress'`, [contactId])) as { id: string }[];
        if (!open) contactId = null;
      }
      if (!contactId) {
        const [contact] = (await m.query(
          `INSERT INTO contacts (office_id, operator_id, status, channel, direction, started_at, phone_encrypted, phone_hash)
           VALUES ($1, $2, 'in_progress', 'sms', 'outbound', mayak_now(), $3, $4) RETURNING id`,
          [thread.officeId, actor.userId, thread.phoneEncrypted, thread.phoneHash],
        )) as { id: string }[];
        contactId = contact.id;
      } else {
        // Whoever answers the conversation owns its contact from now on.
        await m.query(`UPDATE contacts SET operator_id = $2, updated_at = mayak_now(), version = version + 1 WHERE id = $1 AND operator_id IS NULL`, [contactId, actor.userId]);
      }
      const [message] = (await m.query(
        `INSERT INTO sms_messages (thread_id, contact_id, direction, body_encrypted, status, sent_by_id) VALUES ($1, $2, 'outbound', $3, 'queued', $4) RETURNING id`,
        [thread.id, contactId, this.vault.encrypt(body), actor.userId],
      )) as { id: string }[];
      await m.query(
        `UPDATE sms_threads SET contact_id = $2, last_message_at = mayak_now(), last_direction = 'outbound', unanswered = 0, updated_at = mayak_now(), version = version + 1 WHERE id = $1`,
        [thread.id, contactId],
      );
      await this.audit.record({ action: AuditAction.SmsSent, entityType: 'sms_thread', entityId: thread.id, officeId: thread.officeId, summary: { contactId, length: body.length } }, m);
      return message.id;
    });
    // Logged first, sent second: a text that fails is on record as failed, never silently lost.
    try {
      const sent = await this.provider.sendMessage({ to: this.vault.decrypt(thread.phoneEncrypted), from: thread.lineNumber, body, statusCallbackUrl: this.urls.url('/sms/status', { message: created }) });
      await this.dataSource.query(`UPDATE sms_messages SET message_sid = $2, status = $3, updated_at = mayak_now() WHERE id = $1`, [created, sent.sid, sent.status || 'queued']);
    } catch (error) {
      const code = (error as { code?: number }).code;
      await this.dataSource.query(`UPDATE sms_messages SET status = 'failed', error_code = $2, updated_at = mayak_now() WHERE id = $1`, [created, code ? String(code) : 'provider_error']);
      this.logger.warn({ err: error, threadId }, 'a text could not be sent');
    }
    const [row] = await this.dataSource.getRepository(SmsMessage).findBy({ id: created });
    return (await this.messageDtos([row]))[0];
  }

  async threads(actor: Actor, query: SmsThreadsQuery) {
    const limit = clampPageSize(query.limit);
    const position = decodeCursor(query.cursor);
    const offices = query.officeId ? actor.officeIds.filter((id) => id === query.officeId) : actor.officeIds;
    if (!offices.length) return { items: [], nextCursor: null, limit };
    // One ordered index walk per office, merged: a handful of offices at most.
    const found = await Promise.all(offices.map((officeId) => {
      const qb = this.dataSource.getRepository(SmsThread).createQueryBuilder('t').where('t.office_id = :officeId', { officeId });
      if (query.unanswered) qb.andWhere('t.unanswered > 0');
      if (position) qb.andWhere('(t.last_message_at, t.id) < (:at, :id)', { at: position.at, id: position.id });
      return qb.orderBy('t.last_message_at', 'DESC').addOrderBy('t.id', 'DESC').limit(limit + 1).getMany();
    }));
    const rows = found.flat().sort((a, b) => b.lastMessageAt.getTime() - a.lastMessageAt.getTime() || (a.id < b.id ? 1 : -1)).slice(0, limit + 1);
    const page = pageOf(rows, limit, (t) => ({ at: t.lastMessageAt, id: t.id }));
    return { items: await this.threadDtos(actor, page.items), nextCursor: page.nextCursor, limit };
  }

  async thread(actor: Actor, threadId: string): Promise<SmsThreadDto> {
    return (await this.threadDtos(actor, [await this.require(actor, threadId)]))[0];
  }

  async messages(actor: Actor, threadId: string, limitInput: number | undefined, cursor: string | undefined) {
    const thread = await this.require(actor, threadId);
    const limit = clampPageSize(limitInput);
    const position = decodeCursor(cursor);
    const qb = this.dataSource.getRepository(SmsMessage).createQueryBuilder('s').where('s.thread_id = :id', { id: thread.id });
    if (position) qb.andWhere('(s.created_at, s.id) < (:at, :mid)', { at: position.at, mid: position.id });
    const rows = await qb.orderBy('s.created_at', 'DESC').addOrderBy('s.id', 'DESC').limit(limit + 1).getMany();
    const page = pageOf(rows, limit, (s) => ({ at: s.createdAt, id: s.id }));
    await this.audit.record({ action: AuditAction.SmsThreadRead, entityType: 'sms_thread', entityId: thread.id, officeId: thread.officeId, summary: { returned: page.items.length } });
    return { items: await this.messageDtos(page.items), nextCursor: page.nextCursor, limit };
  }

  private async require(actor: Actor, threadId: string): Promise<SmsThread> {
    const thread = await this.dataSource.getRepository(SmsThread).findOneBy({ id: threadId });
    if (!thread || !actor.officeIds.includes(thread.officeId)) throw notFound('Conversation');
    return thread;
  }

  private async threadDtos(actor: Actor, threads: SmsThread[]): Promise<SmsThreadDto[]> {
    const present = this.vault.presenterFor(actor);
    const flags = await this.people.activeFlags(this.dataSource.manager, [], threads.map((t) => t.phoneHash));
    return threads.map((t) => ({
      id: t.id, officeId: t.officeId, phone: present.phone(t.phoneEncrypted)!, masked: !present.revealed, contactId: t.contactId,
      lastMessageAt: t.lastMessageAt.toISOString(), lastDirection: t.lastDirection as 'inbound' | 'outbound', unanswered: t.unanswered,
      flags: flags.filter((f) => f.phoneHash === t.phoneHash).map((f) => this.people.flagDto(f)),
    }));
  }

  private async messageDtos(rows: SmsMessage[]): Promise<SmsMessageDto[]> {
    const refs = await loadUserRefs(this.dataSource.manager, rows.map((r) => r.sentById));
    return rows.map((r) => ({
      id: r.id, threadId: r.threadId, contactId: r.contactId, direction: r.direction, body: this.vault.decrypt(r.bodyEncrypted), status: r.status,
      sentBy: refOf(refs, r.sentById), createdAt: r.createdAt.toISOString(), errorCode: r.errorCode,
    }));
  }
}
