import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { clampPageSize, isCriticalRisk, normalisePhone, type RiskLevel } from '@mayak/domain';
import type { EntityManager } from 'typeorm';
import { AuditAction } from '#api/core/audit/audit-actions';
import { AuditService } from '#api/core/audit/audit.service';
import { Clock } from '#api/core/clock/clock';
import { currentContext, type Actor } from '#api/core/context/request-context';
import { Encrypted } from '#api/core/crypto/encrypted-columns';
import { MicroBatcher } from '#api/core/batching/micro-batcher';
import { decodeCursor, pageOf } from '#api/core/database/keyset';
import { DomainError, fieldInvalid, forbidden, notFound, staleVersion } from '#api/core/errors/domain-error';
import { AlertsService } from '../alerts/alerts.service';
import { CaseTimeline } from '../cases/case-timeline.service';
import type { Case } from '../cases/case.entity';
import { CasesService } from '../cases/cases.service';
import { refOf } from '../cases/user-refs';
import { IdentifierVault } from '../people/identifier-vault';
import type { FlagDto } from '../people/dto/person.dto';
import { PeopleService } from '../people/people.service';
import type { Contact } from './contact.entity';
import { ContactsRepository, type ContactSearch, type PlainIntake, type WrittenIntake } from './contacts.repository';
import type { CompleteContactDto, ContactDto, CreateContactDto, ListContactsQuery, OpenCaseFromContactDto, UpdateContactDto } from './dto/contact.dto';
import { PresenceService } from '../telephony/presence.service';

const EDITABLE = [
  'channel',
  'direction',
  'language',
  'callerType',
  'category',
  'riskLevel',
  'consentToRecord',
  'consentToRefer',
  'consentToContactBack',
  'safeContactTimes',
  'safeContactMethod',
  'notes',
] as const;

@Injectable()
export class ContactsService {
  constructor(
    private readonly repository: ContactsRepository,
    private readonly vault: IdentifierVault,
    private readonly people: PeopleService,
    private readonly cases: CasesService,
    private readonly timeline: CaseTimeline,
    private readonly alerts: AlertsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly presence: PresenceService,
  ) {}

  /** A contact the actor may see, or 404. */
  async require(actor: Actor, id: string, m?: EntityManager, lock = false): Promise<Contact> {
    const contact = await this.repository.findVisible(actor, id, m, lock);
    if (!contact) throw notFound('Contact');
    return contact;
  }

  /**
   * A contact that may be put in a case: by anyone who sees it (its operator, the office's
   * supervisors, whoever sees its case) and works cases, whether or not it is completed (a
   * caller's story often becomes a case after the call).
   */
  private async requireCaseable(actor: Actor, id: string, m: EntityManager): Promise<Contact> {
    const contact = await this.require(actor, id, m, true);
    if (!actor.permissions.includes('cases.contribute')) throw forbidden();
    return contact;
  }

  /** Only whoever logged the contact, or a supervisor of its office, edits it. */
  private async requireEditable(actor: Actor, id: string, m: EntityManager): Promise<Contact> {
    const contact = await this.require(actor, id, m, true);
    const supervisor = actor.roles.includes('supervisor') && actor.officeIds.includes(contact.officeId);
    if (contact.operatorId !== actor.userId && !supervisor) throw forbidden('Only the operator who logged this contact or a supervisor may change it');
    return contact;
  }

  async create(actor: Actor, input: CreateContactDto): Promise<ContactDto> {
    const riskLevel = input.riskLevel ?? 'none';
    // Most intakes start at the first ring: no person, no case, not critical yet.
    if (!input.personId && !input.caseId && !isCriticalRisk(riskLevel as RiskLevel)) return this.createPlain(actor, input, riskLevel);
    const contact = await this.repository.transaction(async (m) => {
      const officeId = this.officeFor(actor, input);
      // The id is made here so the number can be encrypted for this row.
      const id = randomUUID();
      const phone = input.phone ? this.vault.protectPhone(input.phone, Encrypted.contactPhone.at(id)) : null;
      if (input.personId) await this.people.requireLinkable(actor, input.personId, m);
      const startedAt = this.startedAt(input);
      const contact = await this.repository.insert(m, {
        id,
        officeId,
        operatorId: actor.userId,
        status: 'in_progress',
        channel: input.channel,
        direction: input.direction ?? 'inbound',
        language: input.language ?? null,
        callerType: input.callerType ?? null,
        category: input.category ?? null,
        riskLevel,
        critical: isCriticalRisk(riskLevel as RiskLevel),
        startedAt,
        endedAt: null,
        durationSeconds: null,
        phoneEncrypted: phone?.encrypted ?? null,
        phoneHash: phone?.hash ?? null,
        consentToRecord: input.consentToRecord ?? null,
        consentToRefer: input.consentToRefer ?? null,
        consentToContactBack: input.consentToContactBack ?? null,
        safeContactTimes: input.safeContactTimes ?? null,
        safeContactMethod: input.safeContactMethod ?? null,
        notes: input.notes ?? '',
        personId: input.personId ?? null,
        caseId: null,
        completedAt: null,
      });
      await this.audit.record(
        {
          action: AuditAction.ContactCreated,
          entityType: 'contact',
          entityId: contact.id,
          officeId,
          summary: { channel: contact.channel, category: contact.category, riskLevel, phone: !!phone },
        },
        m,
      );
      if (input.caseId) await this.attachToCase(actor, m, contact, input.caseId);
      else if (contact.critical) await this.raiseCriticalContact(m, contact);
      return contact;
    });
    // Intake is the hot path: answer from what was just written, not from a second read.
    return this.toDto(actor, contact);
  }

  private officeFor(actor: Actor, input: CreateContactDto): string {
    const officeId = input.officeId ?? actor.officeIds[0];
    if (!officeId || !actor.officeIds.includes(officeId)) throw fieldInvalid('officeId', 'not_your_office', 'You can log contacts only for your own offices');
    return officeId;
  }

  private startedAt(input: CreateContactDto): Date {
    const startedAt = input.startedAt ? new Date(input.startedAt) : this.clock.now();
    if (startedAt.getTime() > this.clock.nowMs() + 5 * 60_000) throw fieldInvalid('startedAt', 'in_future', 'startedAt cannot be in the future');
    return startedAt;
  }

  /**
   * The hot path of intake: the contact and its audit row in one statement (atomic on its own,
   * no transaction held open across the event loop), shared by the intakes that arrive in the
   * same turn of the event loop, and answered from what it returned.
   */
  private async createPlain(actor: Actor, input: CreateContactDto, riskLevel: string): Promise<ContactDto> {
    const officeId = this.officeFor(actor, input);
    const id = randomUUID();
    const phone = input.phone ? this.vault.protectPhone(input.phone, Encrypted.contactPhone.at(id)) : null;
    const context = currentContext();
    const written = await this.plainInserts.submit({
      id,
      officeId,
      operatorId: actor.userId,
      channel: input.channel,
      direction: input.direction ?? 'inbound',
      language: input.language ?? null,
      callerType: input.callerType ?? null,
      category: input.category ?? null,
      riskLevel,
      startedAt: this.startedAt(input),
      phoneEncrypted: phone?.encrypted ?? null,
      phoneHash: phone?.hash ?? null,
      phoneHashes: phone?.hashes.join(',') ?? '',
      consentToRecord: input.consentToRecord ?? null,
      consentToRefer: input.consentToRefer ?? null,
      consentToContactBack: input.consentToContactBack ?? null,
      safeContactTimes: input.safeContactTimes ?? null,
      safeContactMethod: input.safeContactMethod ?? null,
      notes: input.notes ?? '',
      actorEmail: actor.email,
      ip: context?.ip ?? null,
      userAgent: context?.userAgent?.slice(0, 400) ?? null,
      requestId: context?.requestId ?? null,
      summary: JSON.stringify({ channel: input.channel, category: input.category ?? null, riskLevel, phone: !!phone }),
    });
    const flags = written.phoneFlags.map((f) => ({
      ...f,
      expiresAt: f.expiresAt ? new Date(f.expiresAt).toISOString() : null,
      createdAt: new Date(f.createdAt).toISOString(),
    }));
    return (await this.toDtos(actor, [written.contact], { operatorName: written.operatorName, isNew: true, flags }))[0];
  }

  private readonly plainInserts = new MicroBatcher<PlainIntake, WrittenIntake>(async (items) => {
    try {
      return await this.repository.insertPlainIntakes(items);
    } catch (error) {
      if (items.length === 1) throw error;
      // One bad row must not fail the others: each on its own, each with its own answer.
      return Promise.all(
        items.map((item) =>
          this.repository.insertPlainIntakes([item]).then(
            ([row]) => row,
            (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
          ),
        ),
      );
    }
  });

  async update(actor: Actor, id: string, input: UpdateContactDto): Promise<ContactDto> {
    const updated = await this.repository.transaction(async (m) => {
      const contact = await this.requireEditable(actor, id, m);
      if (contact.version !== input.version) throw staleVersion('This contact');
      if (contact.status === 'completed') throw new DomainError('contact_completed', 'This contact is completed; add a note to its case instead');
      const changed: string[] = [];
      for (const key of EDITABLE) {
        const value = input[key];
        if (value !== undefined && value !== contact[key]) {
          (contact as unknown as Record<string, unknown>)[key] = value;
          changed.push(key);
        }
      }
      if (input.phone !== undefined) {
        const phone = input.phone ? this.vault.protectPhone(input.phone, Encrypted.contactPhone.at(contact.id)) : null;
        // The same number under an older hash key is the same number (keys:rotate recomputes its hash).
        const same = phone ? contact.phoneHash !== null && phone.hashes.includes(contact.phoneHash) : contact.phoneHash === null;
        if (!same) {
          contact.phoneEncrypted = phone?.encrypted ?? null;
          contact.phoneHash = phone?.hash ?? null;
          changed.push('phone');
        }
      }
      if (input.personId !== undefined && input.personId !== contact.personId) {
        if (input.personId) await this.people.requireLinkable(actor, input.personId, m);
        contact.personId = input.personId;
        changed.push('personId');
      }
      if (!changed.length) return contact;
      const becameCritical = !contact.critical && isCriticalRisk(contact.riskLevel as RiskLevel);
      if (becameCritical) contact.critical = true;
      const saved = await this.repository.save(m, contact);
      await this.audit.record(
        {
          action: AuditAction.ContactUpdated,
          entityType: 'contact',
          entityId: id,
          officeId: contact.officeId,
          summary: { changed, riskLevel: contact.riskLevel },
        },
        m,
      );
      if (becameCritical) {
        if (contact.caseId) {
          const c = await this.repository.caseById(m, contact.caseId);
          await this.cases.escalateToCritical(m, c, actor.userId, contact.id);
        } else await this.raiseCriticalContact(m, contact);
      }
      return saved;
    });
    // Autosave calls this every few seconds: answer from the saved row, not from a second read.
    return this.toDto(actor, updated);
  }

  async complete(actor: Actor, id: string, input: CompleteContactDto): Promise<ContactDto> {
    await this.repository.transaction(async (m) => {
      const contact = await this.requireEditable(actor, id, m);
      if (contact.version !== input.version) throw staleVersion('This contact');
      if (contact.status === 'completed') throw new DomainError('contact_completed', 'This contact is already completed');
      if (!contact.category) throw fieldInvalid('category', 'required', 'Choose a category before completing the contact');
      // A call's contact already has the end the network reported; the operator's wrap-up after it is not call time.
      const endedAt = input.endedAt ? new Date(input.endedAt) : (contact.endedAt ?? this.clock.now());
      if (endedAt < contact.startedAt) throw fieldInvalid('endedAt', 'before_start', 'endedAt cannot be before the contact started');
      contact.status = 'completed';
      contact.endedAt = endedAt;
      contact.completedAt = this.clock.now();
      contact.durationSeconds = Math.round((endedAt.getTime() - contact.startedAt.getTime()) / 1000);
      await this.repository.save(m, contact);
      await this.audit.record(
        {
          action: AuditAction.ContactCompleted,
          entityType: 'contact',
          entityId: id,
          officeId: contact.officeId,
          summary: { durationSeconds: contact.durationSeconds, category: contact.category },
        },
        m,
      );
      // The call's notes are done: so is the operator's after-call work.
      if (contact.channel === 'voice' && contact.operatorId) await this.presence.endWrapUp(contact.operatorId, m);
    });
    return this.toDto(actor, await this.require(actor, id));
  }

  async linkToCase(actor: Actor, id: string, version: number, caseId: string): Promise<ContactDto> {
    await this.repository.transaction(async (m) => {
      const contact = await this.requireCaseable(actor, id, m);
      if (contact.version !== version) throw staleVersion('This contact');
      await this.attachToCase(actor, m, contact, caseId);
    });
    return this.toDto(actor, await this.require(actor, id));
  }

  /** "Open a case from this call": the case, its first timeline entry and the link, in one transaction. */
  async openCase(actor: Actor, id: string, input: OpenCaseFromContactDto): Promise<{ contact: ContactDto; created: Case }> {
    const caseId = await this.repository.transaction(async (m) => {
      const contact = await this.requireCaseable(actor, id, m);
      if (contact.version !== input.version) throw staleVersion('This contact');
      if (contact.caseId) throw new DomainError('conflict', 'This contact already belongs to a case');
      const { version: _version, ...caseInput } = input;
      const created = await this.cases.create(
        actor,
        { ...caseInput, category: caseInput.category ?? contact.category ?? undefined, officeId: contact.officeId, personId: contact.personId },
        m,
        { contactId: contact.id, critical: contact.critical },
      );
      await this.repository.setCase(m, contact.id, created.id);
      await this.audit.record(
        {
          action: AuditAction.ContactLinkedToCase,
          entityType: 'contact',
          entityId: contact.id,
          officeId: contact.officeId,
          summary: { caseId: created.id, newCase: true },
        },
        m,
      );
      // A critical contact already alerted the supervisors (one alert per contact); the alert leads to the case through it.
      return created;
    });
    return { contact: await this.toDto(actor, await this.require(actor, id)), created: caseId };
  }

  private async attachToCase(actor: Actor, m: EntityManager, contact: Contact, caseId: string): Promise<void> {
    if (contact.caseId === caseId) return;
    if (contact.caseId) throw new DomainError('conflict', 'This contact already belongs to another case');
    if (!actor.permissions.includes('cases.contribute')) throw forbidden();
    let c: Case;
    try {
      c = await this.cases.require(actor, caseId, m, true);
    } catch {
      throw fieldInvalid('caseId', 'unknown_case', 'No such case, or not one you may see');
    }
    await this.repository.setCase(m, contact.id, caseId);
    contact.caseId = caseId;
    contact.version += 1;
    if (!c.personId && contact.personId) await this.repository.givePersonToCase(m, caseId, contact.personId);
    await this.timeline.record(m, {
      caseId,
      kind: 'contact_linked',
      actorId: actor.userId,
      contactId: contact.id,
      data: { channel: contact.channel, category: contact.category, riskLevel: contact.riskLevel },
      at: contact.startedAt > c.lastActivityAt ? contact.startedAt : undefined,
    });
    await this.audit.record(
      { action: AuditAction.ContactLinkedToCase, entityType: 'contact', entityId: contact.id, officeId: contact.officeId, summary: { caseId } },
      m,
    );
    if (contact.critical) await this.cases.escalateToCritical(m, c, actor.userId, contact.id);
  }

  private async raiseCriticalContact(m: EntityManager, contact: Contact): Promise<void> {
    await this.alerts.raiseForOfficeSupervisors(
      {
        kind: 'critical_contact',
        dedupeKey: `critical_contact:${contact.id}`,
        officeId: contact.officeId,
        entityType: 'contact',
        entityId: contact.id,
        data: { riskLevel: contact.riskLevel, category: contact.category, channel: contact.channel },
      },
      m,
    );
  }

  async get(actor: Actor, id: string): Promise<ContactDto> {
    const contact = await this.require(actor, id);
    await this.audit.record({ action: AuditAction.ContactRead, entityType: 'contact', entityId: id, officeId: contact.officeId });
    return this.toDto(actor, contact);
  }

  async revealPhone(actor: Actor, id: string, reason: string): Promise<{ phone: string | null }> {
    const contact = await this.require(actor, id);
    await this.audit.record({
      action: AuditAction.IdentifierRevealed,
      entityType: 'contact',
      entityId: id,
      officeId: contact.officeId,
      summary: { reason, field: 'phone' },
    });
    return { phone: contact.phoneEncrypted ? this.vault.decrypt(contact.phoneEncrypted, Encrypted.contactPhone.at(contact.id)) : null };
  }

  async list(actor: Actor, query: ListContactsQuery) {
    const limit = clampPageSize(query.limit);
    const position = decodeCursor(query.cursor);
    if (query.from && query.to && query.from >= query.to) throw fieldInvalid('to', 'before_from', 'to must be after from');
    let search: ContactSearch | null = null;
    if (query.q) {
      const phone = /^[+()\d\s.\-/]{5,}$/.test(query.q) ? normalisePhone(query.q) : null;
      search = phone?.ok ? { phoneHashes: this.vault.phoneHashes(query.q, 'q') } : { words: query.q };
    }
    const { q: _q, limit: _limit, cursor: _cursor, ...filter } = query;
    const rows = await this.repository.list(actor, filter, search, position, limit);
    const page = pageOf(rows, limit, (k) => ({ at: k.startedAt, id: k.id }));
    await this.audit.record({ action: AuditAction.ContactsListed, entityType: 'contact', summary: { search: !!query.q, returned: page.items.length } });
    return { items: await this.toDtos(actor, page.items), nextCursor: page.nextCursor, limit };
  }

  /** Earlier contacts, people and cases of a number, as far as this user may see them. */
  async callerHistory(actor: Actor, phoneInput: string) {
    const phone = this.vault.phone(phoneInput);
    const contacts = await this.repository.recentFromPhone(actor, phone.hashes);
    const people = (await this.people.search(actor, phone.e164, 10, undefined)).items;
    const cases = await this.cases.byPhoneHash(
      actor,
      phone.hashes,
      people.map((p) => p.id),
    );
    const flags = await this.repository.outsideTransaction((m) =>
      this.people.activeFlags(
        m,
        people.map((p) => p.id),
        phone.hashes,
      ),
    );
    await this.audit.record({
      action: AuditAction.CallerLookedUp,
      entityType: 'caller',
      summary: { contacts: contacts.length, people: people.length, cases: cases.length },
    });
    const present = this.vault.presenterFor(actor);
    return {
      phone: present.phoneText(phone.e164),
      flags: flags.map((f) => this.people.flagDto(f)),
      people,
      contacts: await this.toDtos(actor, contacts),
      cases,
    };
  }

  async toDto(actor: Actor, contact: Contact): Promise<ContactDto> {
    return (await this.toDtos(actor, [contact]))[0];
  }

  /** `known`: what the caller already has for a single contact it just created (no call can be on it yet). */
  async toDtos(actor: Actor, contacts: Contact[], known: { operatorName?: string | null; isNew?: boolean; flags?: FlagDto[] } = {}): Promise<ContactDto[]> {
    if (!contacts.length) return [];
    const operatorId = contacts[0].operatorId;
    const refs =
      known.operatorName !== undefined && operatorId && contacts.length === 1
        ? new Map([[operatorId, { id: operatorId, displayName: known.operatorName ?? '—' }]])
        : await this.repository.userRefs(contacts.map((k) => k.operatorId));
    const caseIds = [...new Set(contacts.map((k) => k.caseId).filter((id): id is string => !!id))];
    const references = caseIds.length ? await this.repository.caseReferences(caseIds) : new Map<string, string>();
    const flags = known.flags
      ? []
      : await this.repository.outsideTransaction((m) =>
          this.people.activeFlags(
            m,
            contacts.map((k) => k.personId).filter((id): id is string => !!id),
            contacts.map((k) => k.phoneHash).filter((h): h is string => !!h),
          ),
        );
    const calls = new Map<string, ContactDto['call']>();
    // Only line calls have a call row, and they are all voice: texts, chats and walk-ins (most autosaves) skip the query.
    const voiceIds = known.isNew ? [] : contacts.filter((k) => k.channel === 'voice').map((k) => k.id);
    const callRows = voiceIds.length ? await this.repository.hotlineCalls(voiceIds) : [];
    for (const c of callRows) {
      const left = c.answered_at ?? c.ended_at;
      calls.set(c.contact_id, {
        id: c.id,
        state: c.state,
        outcome: c.outcome,
        queuedAt: c.queued_at?.toISOString() ?? null,
        answeredAt: c.answered_at?.toISOString() ?? null,
        endedAt: c.ended_at?.toISOString() ?? null,
        waitSeconds: c.queued_at && left ? Math.max(0, Math.round((left.getTime() - c.queued_at.getTime()) / 1000)) : null,
        durationSeconds: c.duration_seconds,
        transferToId: c.transfer_to_id,
      });
    }
    const present = this.vault.presenterFor(actor);
    return contacts.map((k) => ({
      id: k.id,
      officeId: k.officeId,
      operator: refOf(refs, k.operatorId),
      status: k.status,
      channel: k.channel,
      direction: k.direction,
      language: k.language,
      callerType: k.callerType,
      category: k.category,
      riskLevel: k.riskLevel,
      critical: k.critical,
      startedAt: k.startedAt.toISOString(),
      endedAt: k.endedAt?.toISOString() ?? null,
      durationSeconds: k.durationSeconds,
      phone: present.phone(k.phoneEncrypted, Encrypted.contactPhone.at(k.id)),
      masked: !present.revealed,
      consentToRecord: k.consentToRecord,
      consentToRefer: k.consentToRefer,
      consentToContactBack: k.consentToContactBack,
      safeContactTimes: k.safeContactTimes,
      safeContactMethod: k.safeContactMethod,
      notes: k.notes,
      personId: k.personId,
      caseId: k.caseId,
      caseReference: k.caseId ? (references.get(k.caseId) ?? null) : null,
      flags:
        known.flags ??
        flags.filter((f) => (f.personId && f.personId === k.personId) || (f.phoneHash && f.phoneHash === k.phoneHash)).map((f) => this.people.flagDto(f)),
      call: calls.get(k.id) ?? null,
      createdAt: k.createdAt.toISOString(),
      updatedAt: k.updatedAt.toISOString(),
      version: k.version,
    }));
  }
}
