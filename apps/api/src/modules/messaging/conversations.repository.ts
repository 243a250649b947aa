import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { MessageChannel, MessageContentKind } from '@mayak/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { updateReturning } from '#api/core/database/update-returning';
import type { KeysetPosition } from '#api/core/database/keyset';
import { ConversationMessage } from './conversation-message.entity';
import { Conversation } from './conversation.entity';

/** A new conversation: its values encrypted for its id. */
export interface NewConversation {
  id: string;
  officeId: string;
  channel: MessageChannel;
  addressEncrypted: string;
  addressHash: string;
  phoneEncrypted: string | null;
  phoneHash: string | null;
  lineNumber: string;
  displayNameEncrypted: string | null;
}

/** A conversation as a new message finds it (locked), with its contact if that is still open. */
export interface ConversationHead {
  id: string;
  contactId: string | null;
  openContactId: string | null;
  phoneEncrypted: string | null;
  phoneHash: string | null;
  displayNameEncrypted: string | null;
}

export interface NewMessage {
  /** Made by the caller, so the body can be encrypted for this row. */
  id: string;
  conversationId: string;
  contactId: string | null;
  bodyEncrypted: string;
  kind: MessageContentKind;
  detailsEncrypted: string | null;
}

/** The SQL of conversations and their messages. */
@Injectable()
export class ConversationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * The conversation of a person's address (any of its hashes: one per identifier hash key), locked:
   * the row lock orders concurrent deliveries. Null before their first message.
   */
  async lockByAddress(m: EntityManager, officeId: string, channel: MessageChannel, addressHashes: string[]): Promise<ConversationHead | null> {
    const [row] = (await m.query(
      `SELECT id, contact_id, phone_encrypted, phone_hash, display_name_encrypted,
              (SELECT c.id FROM contacts c WHERE c.id = conversations.contact_id AND c.status = 'in_progress') AS open_contact_id
         FROM conversations WHERE office_id = $1 AND channel = $2 AND address_hash = ANY($3) ORDER BY created_at LIMIT 1 FOR UPDATE`,
      [officeId, channel, addressHashes],
    )) as {
      id: string;
      contact_id: string | null;
      open_contact_id: string | null;
      phone_encrypted: string | null;
      phone_hash: string | null;
      display_name_encrypted: string | null;
    }[];
    return row
      ? {
          id: row.id,
          contactId: row.contact_id,
          openContactId: row.open_contact_id,
          phoneEncrypted: row.phone_encrypted,
          phoneHash: row.phone_hash,
          displayNameEncrypted: row.display_name_encrypted,
        }
      : null;
  }

  /** The first message of an address: false when another delivery created its conversation meanwhile. */
  async insert(m: EntityManager, c: NewConversation): Promise<boolean> {
    const rows = (await m.query(
      `INSERT INTO conversations (id, office_id, channel, address_encrypted, address_hash, phone_encrypted, phone_hash, line_number, display_name_encrypted, last_message_at, last_direction)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, mayak_now(), 'inbound')
       ON CONFLICT (office_id, channel, address_hash) DO NOTHING RETURNING id`,
      [c.id, c.officeId, c.channel, c.addressEncrypted, c.addressHash, c.phoneEncrypted, c.phoneHash, c.lineNumber, c.displayNameEncrypted],
    )) as { id: string }[];
    return rows.length === 1;
  }

  /** A number or a name the person gave with a later message (null: keep the one on record). */
  async updateIdentity(
    m: EntityManager,
    id: string,
    identity: { phoneEncrypted: string | null; phoneHash: string | null; displayNameEncrypted: string | null },
  ): Promise<void> {
    await m.query(
      `UPDATE conversations SET display_name_encrypted = COALESCE($2, display_name_encrypted), phone_encrypted = COALESCE($3, phone_encrypted), phone_hash = COALESCE($4, phone_hash) WHERE id = $1`,
      [id, identity.displayNameEncrypted, identity.phoneEncrypted, identity.phoneHash],
    );
  }

  /** Null when a message with this provider id is already stored (a retry). */
  async insertInbound(m: EntityManager, message: NewMessage & { providerMessageId: string }): Promise<string | null> {
    const [row] = (await m.query(
      `INSERT INTO conversation_messages (id, conversation_id, contact_id, direction, body_encrypted, content_kind, details_encrypted, provider_message_id, status)
       VALUES ($7, $1, $2, 'inbound', $3, $4, $5, $6, 'received') ON CONFLICT (provider_message_id) DO NOTHING RETURNING id`,
      [message.conversationId, message.contactId, message.bodyEncrypted, message.kind, message.detailsEncrypted, message.providerMessageId, message.id],
    )) as { id: string }[];
    return row?.id ?? null;
  }

  async insertOutbound(m: EntityManager, message: NewMessage & { sentById: string; knowledgeFileId?: string | null }): Promise<string> {
    const [row] = (await m.query(
      `INSERT INTO conversation_messages (id, conversation_id, contact_id, direction, body_encrypted, content_kind, details_encrypted, status, sent_by_id, knowledge_file_id)
       VALUES ($8, $1, $2, 'outbound', $3, $4, $5, 'queued', $6, $7) RETURNING id`,
      [
        message.conversationId,
        message.contactId,
        message.bodyEncrypted,
        message.kind,
        message.detailsEncrypted,
        message.sentById,
        message.knowledgeFileId ?? null,
        message.id,
      ],
    )) as { id: string }[];
    return row.id;
  }

  /** Starts a contact for a message that opens one, and files the message in it: one statement. */
  async startContactFor(
    m: EntityManager,
    messageId: string,
    contact: { id: string; officeId: string; channel: MessageChannel; phoneEncrypted: string | null; phoneHash: string | null },
  ): Promise<string> {
    const [row] = await updateReturning<{ id: string }>(
      m,
      `WITH started AS (
         INSERT INTO contacts (id, office_id, operator_id, status, channel, direction, started_at, phone_encrypted, phone_hash)
         VALUES ($6, $2, NULL, 'in_progress', $3, 'inbound', mayak_now(), $4, $5) RETURNING id)
       UPDATE conversation_messages SET contact_id = started.id FROM started WHERE conversation_messages.id = $1 RETURNING started.id`,
      [messageId, contact.officeId, contact.channel, contact.phoneEncrypted, contact.phoneHash, contact.id],
    );
    return row.id;
  }

  /** The conversation's contact if it is still open (a completed one is not joined again). */
  async openContact(m: EntityManager, contactId: string | null): Promise<string | null> {
    if (!contactId) return null;
    const [open] = (await m.query(`SELECT id FROM contacts WHERE id = $1 AND status = 'in_progress'`, [contactId])) as { id: string }[];
    return open?.id ?? null;
  }

  async startContact(
    m: EntityManager,
    contact: {
      id: string;
      officeId: string;
      operatorId: string | null;
      channel: MessageChannel;
      direction: 'inbound' | 'outbound';
      phoneEncrypted: string | null;
      phoneHash: string | null;
    },
  ): Promise<string> {
    const [row] = (await m.query(
      `INSERT INTO contacts (id, office_id, operator_id, status, channel, direction, started_at, phone_encrypted, phone_hash)
       VALUES ($7, $1, $2, 'in_progress', $3, $4, mayak_now(), $5, $6) RETURNING id`,
      [contact.officeId, contact.operatorId, contact.channel, contact.direction, contact.phoneEncrypted, contact.phoneHash, contact.id],
    )) as { id: string }[];
    return row.id;
  }

  /** The one who holds an open contact (locked for the change that follows); undefined when it is not open. */
  async lockHolder(m: EntityManager, contactId: string): Promise<string | null | undefined> {
    const [row] = (await m.query(`SELECT operator_id FROM contacts WHERE id = $1 AND status = 'in_progress' FOR UPDATE`, [contactId])) as {
      operator_id: string | null;
    }[];
    return row ? row.operator_id : undefined;
  }

  async setHolder(m: EntityManager, contactId: string, userId: string): Promise<void> {
    await m.query(`UPDATE contacts SET operator_id = $2, updated_at = mayak_now(), version = version + 1 WHERE id = $1`, [contactId, userId]);
  }

  /** Whether a user answers conversations of this office (active, in it, in a front-line role). */
  async answersFor(officeId: string, userId: string): Promise<boolean> {
    const [row] = (await this.dataSource.query(
      `SELECT 1 AS ok FROM users u JOIN user_offices uo ON uo.user_id = u.id WHERE u.id = $1 AND uo.office_id = $2 AND u.active AND u.roles && ARRAY['operator', 'case_worker', 'supervisor']::text[]`,
      [userId, officeId],
    )) as { ok: number }[];
    return !!row;
  }

  /** Who holds the open contacts of these conversations. */
  async holders(contactIds: string[]): Promise<Map<string, string | null>> {
    if (!contactIds.length) return new Map();
    const rows = (await this.dataSource.query(`SELECT id, operator_id FROM contacts WHERE id = ANY($1) AND status = 'in_progress'`, [contactIds])) as {
      id: string;
      operator_id: string | null;
    }[];
    return new Map(rows.map((r) => [r.id, r.operator_id]));
  }

  /** Whoever answers the conversation owns its contact from then on. */
  async claimContact(m: EntityManager, contactId: string, userId: string): Promise<void> {
    await m.query(`UPDATE contacts SET operator_id = $2, updated_at = mayak_now(), version = version + 1 WHERE id = $1 AND operator_id IS NULL`, [
      contactId,
      userId,
    ]);
  }

  /** The conversation has a new message from the person: with its audit row (AuditService.insertFrom over `recorded`, from $3), in one statement. */
  async recordInbound(m: EntityManager, conversationId: string, contactId: string, audit: { sql: string; params: unknown[] }): Promise<void> {
    await m.query(
      `WITH recorded AS (
         UPDATE conversations SET contact_id = $2, last_message_at = mayak_now(), last_inbound_at = mayak_now(), last_direction = 'inbound',
           unanswered = unanswered + 1, updated_at = mayak_now(), version = version + 1 WHERE id = $1 RETURNING id)
       ${audit.sql}`,
      [conversationId, contactId, ...audit.params],
    );
  }

  /** The conversation's current contact (a new one started when the last was completed). */
  async setContact(m: EntityManager, conversationId: string, contactId: string): Promise<void> {
    await m.query(`UPDATE conversations SET contact_id = $2, updated_at = mayak_now(), version = version + 1 WHERE id = $1`, [conversationId, contactId]);
  }

  async recordOutbound(m: EntityManager, conversationId: string, contactId: string): Promise<void> {
    await m.query(
      `UPDATE conversations SET contact_id = $2, last_message_at = mayak_now(), last_direction = 'outbound', unanswered = 0, updated_at = mayak_now(), version = version + 1 WHERE id = $1`,
      [conversationId, contactId],
    );
  }

  async markSent(messageId: string, providerMessageId: string, status: string): Promise<void> {
    await this.dataSource.query(`UPDATE conversation_messages SET provider_message_id = $2, status = $3, updated_at = mayak_now() WHERE id = $1`, [
      messageId,
      providerMessageId,
      status,
    ]);
  }

  async markFailed(messageId: string, errorCode: string): Promise<void> {
    await this.dataSource.query(`UPDATE conversation_messages SET status = 'failed', error_code = $2, updated_at = mayak_now() WHERE id = $1`, [
      messageId,
      errorCode,
    ]);
  }

  /** Moves an outbound message's status forward only (from one of `earlier`). */
  async advanceStatus(
    m: EntityManager,
    report: { providerMessageId: string; messageId: string | null; status: string; errorCode: string | null },
    earlier: string[],
  ): Promise<void> {
    await m.query(
      `UPDATE conversation_messages SET status = $3, error_code = COALESCE($4, error_code), updated_at = mayak_now()
        WHERE provider_message_id = $1 AND ($2::uuid IS NULL OR id = $2::uuid) AND direction = 'outbound' AND status = ANY($5)`,
      [report.providerMessageId, report.messageId, report.status, report.errorCode, earlier],
    );
  }

  /** Conversations of these numbers in these offices (the same caller on other channels); a handful per number. */
  async ofPhones(officeIds: string[], phoneHashes: string[]): Promise<{ id: string; channel: MessageChannel; phoneHash: string }[]> {
    if (!phoneHashes.length || !officeIds.length) return [];
    const rows = (await this.dataSource.query(
      `SELECT id, channel, phone_hash FROM conversations WHERE phone_hash = ANY($1) AND office_id = ANY($2) ORDER BY last_message_at DESC LIMIT 200`,
      [phoneHashes, officeIds],
    )) as { id: string; channel: MessageChannel; phone_hash: string }[];
    return rows.map((r) => ({ id: r.id, channel: r.channel, phoneHash: r.phone_hash }));
  }

  find(id: string): Promise<Conversation | null> {
    return this.dataSource.getRepository(Conversation).findOneBy({ id });
  }

  findMessage(id: string): Promise<ConversationMessage | null> {
    return this.dataSource.getRepository(ConversationMessage).findOneBy({ id });
  }

  /** One office's conversations, most recent first: an ordered index walk. */
  pageOfOffice(
    officeId: string,
    filter: { unanswered?: boolean; channel?: MessageChannel; holder?: { userId: string } | 'nobody' },
    position: KeysetPosition | null,
    take: number,
  ): Promise<Conversation[]> {
    const qb = this.dataSource.getRepository(Conversation).createQueryBuilder('t').where('t.office_id = :officeId', { officeId });
    if (filter.holder === 'nobody') {
      qb.andWhere(`NOT EXISTS (SELECT 1 FROM contacts k WHERE k.id = t.contact_id AND k.status = 'in_progress' AND k.operator_id IS NOT NULL)`);
    } else if (filter.holder) {
      qb.andWhere(`EXISTS (SELECT 1 FROM contacts k WHERE k.id = t.contact_id AND k.status = 'in_progress' AND k.operator_id = :holder)`, {
        holder: filter.holder.userId,
      });
    }
    if (filter.unanswered) qb.andWhere('t.unanswered > 0');
    if (filter.channel) qb.andWhere('t.channel = :channel', { channel: filter.channel });
    if (position) qb.andWhere('(t.last_message_at, t.id) < (:at, :id)', { at: position.at, id: position.id });
    return qb.orderBy('t.last_message_at', 'DESC').addOrderBy('t.id', 'DESC').limit(take).getMany();
  }

  pageOfMessages(conversationId: string, position: KeysetPosition | null, take: number): Promise<ConversationMessage[]> {
    const qb = this.dataSource.getRepository(ConversationMessage).createQueryBuilder('s').where('s.conversation_id = :id', { id: conversationId });
    if (position) qb.andWhere('(s.created_at, s.id) < (:at, :mid)', { at: position.at, mid: position.id });
    return qb.orderBy('s.created_at', 'DESC').addOrderBy('s.id', 'DESC').limit(take).getMany();
  }
}
