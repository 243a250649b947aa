import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { clampPageSize, mayAssignConversation, mayReplyInConversation, renderTemplate, replyWindow, templatePlaceholders } from '@mayak/domain';
import { MessageTemplatesService } from './message-templates.service';
import type { EntityManager } from 'typeorm';
import { AuditAction } from '#api/core/audit/audit-actions';
import { AuditService } from '#api/core/audit/audit.service';
import { Clock } from '#api/core/clock/clock';
import type { Actor } from '#api/core/context/request-context';
import { Encrypted } from '#api/core/crypto/encrypted-columns';
import { decodeCursor, mergeNewestFirst, pageOf } from '#api/core/database/keyset';
import { DomainError, fieldInvalid, notFound } from '#api/core/errors/domain-error';
import { RealtimeEvents } from '#api/core/realtime/realtime-events';
import { AlertsService } from '../alerts/alerts.service';
import { PresenceService } from '../telephony/presence.service';
import { loadUserRefs, refOf } from '../cases/user-refs';
import { IdentifierVault, type IdentifierPresenter, type IdentifierValue, type PhoneNumber } from '../people/identifier-vault';
import { PeopleService } from '../people/people.service';
import { TelephonyUrls } from '../telephony/telephony-urls';
import { KnowledgeFilesService } from '../knowledge/knowledge-files.service';
import type { KnowledgeFileRow } from '../knowledge/knowledge-files.repository';
import { ChannelAdapters } from './channels/channel-adapters';
import type { ConversationMessage } from './conversation-message.entity';
import type { Conversation } from './conversation.entity';
import { AttachmentsRepository } from './attachments.repository';
import { ConversationsRepository, type ConversationHead } from './conversations.repository';
import type { ConversationDto, ConversationMessageDto, ConversationsQuery, SentFileDto } from './dto/conversation.dto';
import type { DeliveryReport, InboundMessage, MessageDetails } from './inbound-message';

// Delivery reports arrive out of order; a later word never goes back to an earlier one.
const STATUS_RANK: Record<string, number> = { queued: 1, accepted: 1, sending: 2, sent: 3, delivered: 4, undelivered: 4, failed: 4, read: 5 };

function sentFileOf(files: Map<string, KnowledgeFileRow>, id: string | null): SentFileDto | null {
  const file = id ? files.get(id) : undefined;
  return file ? { id: file.id, name: file.fileName, contentType: file.contentType, sizeBytes: file.sizeBytes } : null;
}

/** Where an inbound message went: the console of whoever watches the office is told after commit. */
export interface Received {
  officeId: string;
  conversationId: string;
  contactId: string;
  /** Files that came with the message, to fetch once the transaction has committed. */
  attachmentIds: string[];
}

/**
 * Written conversations on every channel: one per person's address, channel and office. An
 * inbound message joins the conversation's open contact or starts one; replies are logged
 * first and then sent through the channel's adapter.
 */
@Injectable()
export class ConversationsService {
  private readonly logger = new Logger('Conversations');

  constructor(
    private readonly repository: ConversationsRepository,
    private readonly attachments: AttachmentsRepository,
    private readonly adapters: ChannelAdapters,
    private readonly urls: TelephonyUrls,
    private readonly vault: IdentifierVault,
    private readonly people: PeopleService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly realtime: RealtimeEvents,
    private readonly presence: PresenceService,
    private readonly templates: MessageTemplatesService,
    private readonly knowledgeFiles: KnowledgeFilesService,
    private readonly alerts: AlertsService,
  ) {}

  /**
   * Files a message in its conversation, inside the caller's transaction. Null when the message
   * is already filed (a provider's retry). Throws when the sender's number is unusable.
   */
  async receive(m: EntityManager, message: InboundMessage, officeId: string): Promise<Received | null> {
    const identity = this.identityOf(message);
    const conversation = await this.conversationOf(m, message, officeId, identity);
    // Few round trips on purpose: a burst of messages is bounded by them (the conversation brings its open contact along).
    const id = randomUUID();
    const messageId = await this.repository.insertInbound(m, {
      id,
      conversationId: conversation.id,
      contactId: conversation.openContactId,
      bodyEncrypted: this.vault.encrypt(message.text, Encrypted.messageBody.at(id)),
      kind: message.kind,
      detailsEncrypted: message.details ? this.vault.encrypt(JSON.stringify(message.details), Encrypted.messageDetails.at(id)) : null,
      providerMessageId: message.providerMessageId,
    });
    if (!messageId) return null;
    let contactId = conversation.openContactId;
    if (!contactId) {
      const newContactId = randomUUID();
      contactId = await this.repository.startContactFor(m, messageId, {
        id: newContactId,
        officeId,
        channel: message.channel,
        ...this.phoneForContact(conversation, newContactId, identity.phone?.e164),
      });
    }
    const attachmentIds = await this.attachments.insertPending(
      m,
      messageId,
      officeId,
      (message.details?.media ?? []).flatMap((file) => {
        const source = file.url ?? file.fileId;
        const fileId = randomUUID();
        return source
          ? [{ id: fileId, declaredType: file.contentType, sourceEncrypted: this.vault.encrypt(source, Encrypted.attachmentSource.at(fileId)) }]
          : [];
      }),
    );
    await this.repository.recordInbound(
      m,
      conversation.id,
      contactId,
      this.audit.insertFrom(
        {
          action: AuditAction.MessageReceived,
          entityType: 'conversation',
          officeId,
          summary: { contactId, channel: message.channel, kind: message.kind, length: message.text.length },
        },
        'recorded',
        'id',
        3,
      ),
    );
    return { officeId, conversationId: conversation.id, contactId, attachmentIds };
  }

  /**
   * How the person is known on the channel. On SMS and WhatsApp the address is their number
   * (one that does not parse makes the message unroutable); on Telegram it is their user id,
   * and a number they share is kept as their phone.
   */
  private identityOf(message: InboundMessage): { address: IdentifierValue; phone: PhoneNumber | null } {
    if (message.channel === 'sms' || message.channel === 'whatsapp') {
      const phone = this.vault.phone(message.address, 'From');
      return { address: { value: phone.e164, hash: phone.hash, hashes: phone.hashes }, phone };
    }
    // Matched like a person's messenger identifier ("telegram:<id>"); kept as the id the channel sends to.
    const address = this.vault.conversationAddress(message.channel, message.address, 'from');
    if (!message.phone) return { address, phone: null };
    try {
      return { address, phone: this.vault.phone(message.phone, 'phone') };
    } catch {
      return { address, phone: null };
    }
  }

  /**
   * The conversation of the person's address (found under any identifier hash key), locked, with
   * a number or name they give now kept; made on their first message. Values are encrypted for
   * the conversation's own row, so its id comes first.
   */
  private async conversationOf(
    m: EntityManager,
    message: InboundMessage,
    officeId: string,
    identity: { address: IdentifierValue; phone: PhoneNumber | null },
  ): Promise<ConversationHead> {
    for (let attempt = 0; attempt < 2; attempt++) {
      const found = await this.repository.lockByAddress(m, officeId, message.channel, identity.address.hashes);
      if (found) {
        const phone = identity.phone && !(found.phoneHash && identity.phone.hashes.includes(found.phoneHash)) ? identity.phone : null;
        const name = message.displayName && !this.holdsName(found, message.displayName) ? message.displayName : null;
        if (phone || name) {
          const phoneEncrypted = phone ? this.vault.encrypt(phone.e164, Encrypted.conversationPhone.at(found.id)) : null;
          await this.repository.updateIdentity(m, found.id, {
            phoneEncrypted,
            phoneHash: phone?.hash ?? null,
            displayNameEncrypted: name ? this.vault.encrypt(name, Encrypted.conversationDisplayName.at(found.id)) : null,
          });
          if (phone) Object.assign(found, { phoneEncrypted, phoneHash: phone.hash });
        }
        return found;
      }
      const id = randomUUID();
      const created = {
        id,
        officeId,
        channel: message.channel,
        lineNumber: message.line,
        addressEncrypted: this.vault.encrypt(identity.address.value, Encrypted.conversationAddress.at(id)),
        addressHash: identity.address.hash,
        phoneEncrypted: identity.phone ? this.vault.encrypt(identity.phone.e164, Encrypted.conversationPhone.at(id)) : null,
        phoneHash: identity.phone?.hash ?? null,
        displayNameEncrypted: message.displayName ? this.vault.encrypt(message.displayName, Encrypted.conversationDisplayName.at(id)) : null,
      };
      // Another delivery may create it first: then it is found (and locked) on the second pass.
      if (await this.repository.insert(m, created))
        return {
          id,
          contactId: null,
          openContactId: null,
          phoneEncrypted: created.phoneEncrypted,
          phoneHash: created.phoneHash,
          displayNameEncrypted: created.displayNameEncrypted,
        };
    }
    throw new Error('The conversation of this address was neither found nor made');
  }

  /** Whether the conversation already holds this name (one that does not decrypt is replaced, as a new name would be). */
  private holdsName(conversation: ConversationHead, name: string): boolean {
    if (!conversation.displayNameEncrypted) return false;
    try {
      return this.vault.decrypt(conversation.displayNameEncrypted, Encrypted.conversationDisplayName.at(conversation.id)) === name;
    } catch {
      return false;
    }
  }

  /** The conversation's number for a contact it starts, encrypted anew for that contact (`known`: the number in plain, if at hand). */
  private phoneForContact(
    conversation: { id: string; phoneEncrypted: string | null; phoneHash: string | null },
    contactId: string,
    known?: string | null,
  ): { phoneEncrypted: string | null; phoneHash: string | null } {
    if (!conversation.phoneEncrypted || !conversation.phoneHash) return { phoneEncrypted: null, phoneHash: null };
    const e164 = known ?? this.vault.decrypt(conversation.phoneEncrypted, Encrypted.conversationPhone.at(conversation.id));
    return { phoneEncrypted: this.vault.encrypt(e164, Encrypted.contactPhone.at(contactId)), phoneHash: conversation.phoneHash };
  }

  async deliveryReport(m: EntityManager, report: DeliveryReport): Promise<void> {
    const rank = STATUS_RANK[report.status];
    if (!rank) return;
    const earlier = Object.entries(STATUS_RANK)
      .filter(([, r]) => r < rank)
      .map(([word]) => word);
    await this.repository.advanceStatus(m, report, earlier);
  }

  async reply(actor: Actor, conversationId: string, body: string): Promise<ConversationMessageDto> {
    const conversation = await this.require(actor, conversationId);
    await this.assertMaySend(actor, conversation);
    this.assertWindowOpen(conversation);
    return this.logAndSend(actor, conversation, body);
  }

  /** A file of the knowledge base, with a caption, under the same rules as a reply. */
  async sendFile(actor: Actor, conversationId: string, input: { fileId: string; caption: string }): Promise<ConversationMessageDto> {
    const conversation = await this.require(actor, conversationId);
    await this.assertMaySend(actor, conversation);
    this.assertWindowOpen(conversation);
    const file = await this.knowledgeFiles.forSending(input.fileId);
    return this.logAndSend(actor, conversation, input.caption, { file });
  }

  private assertWindowOpen(conversation: Conversation): void {
    const window = replyWindow(conversation.channel, conversation.lastInboundAt, this.clock.now());
    if (window.kind === 'templates_only') {
      throw new DomainError(
        'reply_window_closed',
        'More than 24 hours have passed since this person last wrote on WhatsApp; only an approved template may be sent now',
        { closedAt: window.closedAt?.toISOString() ?? null },
      );
    }
  }

  /** An approved WhatsApp template, with a value for each of its placeholders: allowed whatever the window. */
  async sendTemplate(actor: Actor, conversationId: string, input: { templateId: string; variables: string[] }): Promise<ConversationMessageDto> {
    const conversation = await this.require(actor, conversationId);
    if (conversation.channel !== 'whatsapp')
      throw fieldInvalid('templateId', 'not_whatsapp', 'Templates are for WhatsApp conversations; write freely on this channel');
    await this.assertMaySend(actor, conversation);
    const template = await this.templates.requireActive(input.templateId);
    const placeholders = templatePlaceholders(template.body);
    const values = input.variables.map((v) => v.trim());
    if (values.length !== placeholders.length || values.some((v) => !v)) {
      throw fieldInvalid('variables', 'template_values', `This template needs ${placeholders.length} value(s), none of them empty`);
    }
    const variables = Object.fromEntries(placeholders.map((n, i) => [String(n), values[i]]));
    return this.logAndSend(actor, conversation, renderTemplate(template.body, values), { template: { contentSid: template.contentSid, variables } });
  }

  private async assertMaySend(actor: Actor, conversation: Conversation): Promise<void> {
    const hashes = conversation.phoneHash
      ? this.vault.sameNumber(conversation.phoneHash, conversation.phoneEncrypted, Encrypted.conversationPhone.at(conversation.id))
      : [];
    const flags = hashes.length ? await this.people.activeFlags(this.repository.manager, [], hashes) : [];
    if (flags.some((f) => f.kind === 'do_not_call_back'))
      throw new DomainError('do_not_call_back', 'This number asked not to be contacted; messages are not sent to it');
    await this.assertMayReply(actor, conversation);
  }

  private async logAndSend(
    actor: Actor,
    conversation: Conversation,
    body: string,
    extra: { template?: { contentSid: string; variables: Record<string, string> }; file?: KnowledgeFileRow } = {},
  ): Promise<ConversationMessageDto> {
    const { template, file } = extra;
    const conversationId = conversation.id;
    const created = await this.repository.transaction(async (m) => {
      let contactId = await this.repository.openContact(m, conversation.contactId);
      if (contactId) await this.repository.claimContact(m, contactId, actor.userId);
      else {
        const newContactId = randomUUID();
        contactId = await this.repository.startContact(m, {
          id: newContactId,
          officeId: conversation.officeId,
          operatorId: actor.userId,
          channel: conversation.channel,
          direction: 'outbound',
          ...this.phoneForContact(conversation, newContactId),
        });
      }
      const id = randomUUID();
      const messageId = await this.repository.insertOutbound(m, {
        id,
        conversationId: conversation.id,
        contactId,
        bodyEncrypted: this.vault.encrypt(body, Encrypted.messageBody.at(id)),
        kind: file ? (file.contentType.startsWith('image/') ? 'image' : 'document') : 'text',
        detailsEncrypted: null,
        sentById: actor.userId,
        knowledgeFileId: file?.id ?? null,
      });
      await this.repository.recordOutbound(m, conversation.id, contactId);
      await this.audit.record(
        {
          action: AuditAction.MessageSent,
          entityType: 'conversation',
          entityId: conversation.id,
          officeId: conversation.officeId,
          summary: { contactId, channel: conversation.channel, length: body.length, ...(file ? { fileId: file.id } : {}) },
        },
        m,
      );
      return messageId;
    });
    // Logged first, sent second: a message that fails is on record as failed, never silently lost.
    try {
      const sent = await this.adapters.for(conversation.channel).sendText(conversation.channel, {
        to: this.vault.decrypt(conversation.addressEncrypted, Encrypted.conversationAddress.at(conversation.id)),
        from: conversation.lineNumber,
        body,
        statusCallbackUrl: this.urls.url('/sms/status', { message: created }),
        reference: created,
        ...(template ? { template } : {}),
        ...(file
          ? {
              file: {
                name: file.fileName,
                contentType: file.contentType,
                url: this.knowledgeFiles.shareUrl(file),
                read: async () => (await this.knowledgeFiles.open(file.id)).bytes,
              },
            }
          : {}),
      });
      await this.repository.markSent(created, sent.providerMessageId, sent.status);
    } catch (error) {
      const code = (error as { code?: number | string }).code;
      await this.repository.markFailed(created, code ? String(code) : 'provider_error');
      this.logger.warn({ err: error, conversationId }, 'a message could not be sent');
    }
    const row = await this.repository.findMessage(created);
    if (!row) throw notFound('Message');
    return (await this.messageDtos([row]))[0];
  }

  /** Takes the conversation: its open contact (a new one if the last was completed) is now the actor's. */
  async claim(actor: Actor, conversationId: string): Promise<ConversationDto> {
    return this.putInHands(actor, conversationId, actor.userId);
  }

  /** Hands the conversation to a colleague of its office who answers conversations. */
  async assign(actor: Actor, conversationId: string, userId: string): Promise<ConversationDto> {
    return this.putInHands(actor, conversationId, userId);
  }

  private async putInHands(actor: Actor, conversationId: string, userId: string): Promise<ConversationDto> {
    const conversation = await this.require(actor, conversationId);
    if (userId !== actor.userId && !(await this.repository.answersFor(conversation.officeId, userId))) {
      throw fieldInvalid('userId', 'not_a_colleague', 'Conversations go to active colleagues of the office who answer them');
    }
    const previous = await this.repository.transaction(async (m): Promise<string | null> => {
      let contactId = await this.repository.openContact(m, conversation.contactId);
      if (!contactId) {
        const newContactId = randomUUID();
        contactId = await this.repository.startContact(m, {
          id: newContactId,
          officeId: conversation.officeId,
          operatorId: null,
          channel: conversation.channel,
          direction: 'inbound',
          ...this.phoneForContact(conversation, newContactId),
        });
        await this.repository.setContact(m, conversation.id, contactId);
      }
      const holder = (await this.repository.lockHolder(m, contactId)) ?? null;
      if (!mayAssignConversation({ userId: actor.userId, supervises: actor.permissions.includes('telephony.supervise') }, holder)) {
        throw await this.taken(holder!);
      }
      if (holder === userId) return holder;
      await this.repository.setHolder(m, contactId, userId);
      await this.audit.record(
        {
          action: AuditAction.ConversationAssigned,
          entityType: 'conversation',
          entityId: conversation.id,
          officeId: conversation.officeId,
          summary: { contactId, from: holder, to: userId },
        },
        m,
      );
      // Handed to someone else: an alert waits for them even if their console is closed (once per contact).
      if (userId !== actor.userId) {
        await this.alerts.raiseFor(
          userId,
          {
            kind: 'conversation_assigned',
            dedupeKey: `conversation-assigned-${contactId}`,
            officeId: conversation.officeId,
            entityType: 'conversation',
            entityId: conversation.id,
            data: { channel: conversation.channel, byUserId: actor.userId },
          },
          m,
        );
      }
      return holder;
    });
    // The office's consoles, and the two hands it passed between whether or not they take calls now.
    const told = new Set([...(await this.presence.watchersOf(conversation.officeId)), userId, ...(previous ? [previous] : [])]);
    await this.realtime.notify([...told], 'message.updated', { conversationId: conversation.id, officeId: conversation.officeId });
    return this.get(actor, conversation.id);
  }

  private async assertMayReply(actor: Actor, conversation: Conversation): Promise<void> {
    const holder = (await this.repository.holders(conversation.contactId ? [conversation.contactId] : [])).get(conversation.contactId ?? '') ?? null;
    if (!mayReplyInConversation({ userId: actor.userId, supervises: actor.permissions.includes('telephony.supervise') }, holder))
      throw await this.taken(holder!);
  }

  private async taken(holderId: string): Promise<DomainError> {
    const refs = await loadUserRefs(this.repository.manager, [holderId]);
    const name = refOf(refs, holderId)?.displayName ?? 'a colleague';
    return new DomainError('conversation_taken', `${name} is answering this conversation; ask them or a supervisor to hand it over`, {
      holder: refOf(refs, holderId),
    });
  }

  async list(actor: Actor, query: ConversationsQuery) {
    const limit = clampPageSize(query.limit);
    const position = decodeCursor(query.cursor);
    const offices = query.officeId ? actor.officeIds.filter((id) => id === query.officeId) : actor.officeIds;
    if (!offices.length) return { items: [], nextCursor: null, limit };
    // One ordered index walk per office, merged: a handful of offices at most.
    const holder = query.holder === 'me' ? { userId: actor.userId } : query.holder === 'nobody' ? ('nobody' as const) : undefined;
    const found = await Promise.all(
      offices.map((officeId) => this.repository.pageOfOffice(officeId, { unanswered: query.unanswered, channel: query.channel, holder }, position, limit + 1)),
    );
    const rows = mergeNewestFirst(found, limit, (t) => t.lastMessageAt);
    const page = pageOf(rows, limit, (t) => ({ at: t.lastMessageAt, id: t.id }));
    return { items: await this.conversationDtos(actor, page.items), nextCursor: page.nextCursor, limit };
  }

  async get(actor: Actor, conversationId: string): Promise<ConversationDto> {
    return (await this.conversationDtos(actor, [await this.require(actor, conversationId)]))[0];
  }

  async messages(actor: Actor, conversationId: string, limitInput: number | undefined, cursor: string | undefined) {
    const conversation = await this.require(actor, conversationId);
    const limit = clampPageSize(limitInput);
    const rows = await this.repository.pageOfMessages(conversation.id, decodeCursor(cursor), limit + 1);
    const page = pageOf(rows, limit, (s) => ({ at: s.createdAt, id: s.id }));
    await this.audit.record({
      action: AuditAction.ConversationRead,
      entityType: 'conversation',
      entityId: conversation.id,
      officeId: conversation.officeId,
      summary: { returned: page.items.length },
    });
    return { items: await this.messageDtos(page.items), nextCursor: page.nextCursor, limit };
  }

  private async require(actor: Actor, conversationId: string): Promise<Conversation> {
    const conversation = await this.repository.find(conversationId);
    if (!conversation || !actor.officeIds.includes(conversation.officeId)) throw notFound('Conversation');
    return conversation;
  }

  private async conversationDtos(actor: Actor, conversations: Conversation[]): Promise<ConversationDto[]> {
    const present = this.vault.presenterFor(actor);
    const phoneHashes = conversations.flatMap((t) => (t.phoneHash ? [t.phoneHash] : []));
    const flags = await this.people.activeFlags(this.repository.manager, [], phoneHashes);
    const sameNumber = await this.repository.ofPhones(actor.officeIds, phoneHashes);
    const holders = await this.repository.holders(conversations.flatMap((t) => (t.contactId ? [t.contactId] : [])));
    const holderRefs = await loadUserRefs(this.repository.manager, [...holders.values()]);
    const now = this.clock.now();
    return conversations.map((t) => {
      const window = replyWindow(t.channel, t.lastInboundAt, now);
      return {
        id: t.id,
        officeId: t.officeId,
        channel: t.channel,
        address: this.addressOf(present, t),
        phone: present.phone(t.phoneEncrypted, Encrypted.conversationPhone.at(t.id)),
        masked: !present.revealed,
        displayName: present.name(t.displayNameEncrypted, Encrypted.conversationDisplayName.at(t.id)),
        contactId: t.contactId,
        lastMessageAt: t.lastMessageAt.toISOString(),
        lastDirection: t.lastDirection as 'inbound' | 'outbound',
        unanswered: t.unanswered,
        replyWindow:
          window.kind === 'open'
            ? { kind: 'open', closesAt: window.closesAt?.toISOString() ?? null }
            : { kind: 'templates_only', closesAt: window.closedAt?.toISOString() ?? null },
        holder: t.contactId ? refOf(holderRefs, holders.get(t.contactId) ?? null) : null,
        sameCaller: sameNumber.filter((o) => o.phoneHash === t.phoneHash && o.id !== t.id).map((o) => ({ id: o.id, channel: o.channel })),
        flags: t.phoneHash ? flags.filter((f) => f.phoneHash === t.phoneHash).map((f) => this.people.flagDto(f)) : [],
      };
    });
  }

  /** The address as staff see it: a number masked like numbers, anything else like identifiers. */
  private addressOf(present: IdentifierPresenter, t: Conversation): string {
    const at = Encrypted.conversationAddress.at(t.id);
    return t.channel === 'sms' || t.channel === 'whatsapp'
      ? (present.phone(t.addressEncrypted, at) ?? '')
      : present.identifier('messenger', t.addressEncrypted, at);
  }

  private async messageDtos(rows: ConversationMessage[]): Promise<ConversationMessageDto[]> {
    const refs = await loadUserRefs(
      this.repository.manager,
      rows.map((r) => r.sentById),
    );
    const files = await this.attachments.ofMessages(rows.map((r) => r.id));
    const sentFiles = await this.knowledgeFiles.describe(rows.flatMap((r) => (r.knowledgeFileId ? [r.knowledgeFileId] : [])));
    return rows.map((r) => {
      const details = r.detailsEncrypted ? (JSON.parse(this.vault.decrypt(r.detailsEncrypted, Encrypted.messageDetails.at(r.id))) as MessageDetails) : null;
      return {
        id: r.id,
        conversationId: r.conversationId,
        contactId: r.contactId,
        direction: r.direction,
        body: this.vault.decrypt(r.bodyEncrypted, Encrypted.messageBody.at(r.id)),
        contentKind: r.contentKind,
        details: details
          ? {
              mediaTypes: (details.media ?? []).map((d) => d.contentType),
              location: details.location ?? null,
              button: details.button?.text ?? null,
              forwarded: !!details.forwarded,
            }
          : null,
        attachments: files
          .filter((f) => f.messageId === r.id)
          .map((f) => ({ id: f.id, status: f.status, contentType: f.contentType ?? f.declaredType, sizeBytes: f.sizeBytes, rejectReason: f.rejectReason })),
        file: sentFileOf(sentFiles, r.knowledgeFileId),
        status: r.status,
        sentBy: refOf(refs, r.sentById),
        createdAt: r.createdAt.toISOString(),
        errorCode: r.errorCode,
      };
    });
  }
}
