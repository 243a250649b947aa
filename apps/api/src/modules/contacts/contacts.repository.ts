import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { AuditAction } from '#api/core/audit/audit-actions';
import { AuditService } from '#api/core/audit/audit.service';
import type { Actor } from '#api/core/context/request-context';
import { entityFromRow } from '#api/core/database/entity-from-row';
import { matchesWords } from '#api/core/database/full-text';
import { mergeNewestFirst, type KeysetPosition } from '#api/core/database/keyset';
import { contactListBranches, contactScope } from '../access/record-scope';
import { Case } from '../cases/case.entity';
import { loadUserRefs, type UserRef } from '../cases/user-refs';
import type { FlagDto } from '../people/dto/person.dto';
import { Contact } from './contact.entity';
import type { ListContactsQuery } from './dto/contact.dto';

/** One intake on the hot path, with what its audit row needs from the request it came in. */
export interface PlainIntake {
  id: string;
  officeId: string;
  operatorId: string;
  channel: string;
  direction: string;
  language: string | null;
  callerType: string | null;
  category: string | null;
  riskLevel: string;
  startedAt: Date;
  phoneEncrypted: string | null;
  phoneHash: string | null;
  phoneHashes: string;
  consentToRecord: boolean | null;
  consentToRefer: boolean | null;
  consentToContactBack: boolean | null;
  safeContactTimes: string | null;
  safeContactMethod: string | null;
  notes: string;
  actorEmail: string;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  summary: string;
}

/** An active flag on the intake's number as the statement returns it (times as JSON text). */
export type IntakePhoneFlag = Omit<FlagDto, 'expiresAt' | 'createdAt'> & { expiresAt: string | null; createdAt: string };

/** What the intake statement wrote and read back for one intake. */
export interface WrittenIntake {
  contact: Contact;
  operatorName: string | null;
  phoneFlags: IntakePhoneFlag[];
}

/** A contact as first written; the database gives version and timestamps. */
export type NewContact = Omit<
  Contact,
  'createdAt' | 'updatedAt' | 'version' | 'office' | 'operator' | 'person' | 'case' | 'notesTsv' | 'callerKey' | 'callerPseudonym' | 'anonymisedAt'
>;

export type ContactListFilter = Omit<ListContactsQuery, 'q' | 'limit' | 'cursor'>;

/** A list search: by a number's keyed hashes, or by words of the notes. */
export type ContactSearch = { phoneHashes: string[] } | { words: string };

/** A line call on a contact, as the contact shows it. */
export interface ContactCallRow {
  id: string;
  contact_id: string;
  state: string;
  outcome: string | null;
  queued_at: Date | null;
  answered_at: Date | null;
  ended_at: Date | null;
  duration_seconds: number | null;
  transfer_to_id: string | null;
}

/** Contacts, with what showing them reads of users, cases and line calls. */
export abstract class ContactsRepository {
  abstract transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T>;
  /** Runs work on the shared manager, outside any transaction (for other contexts' methods that take one). */
  abstract outsideTransaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T>;
  /** A contact the actor may see (locked for a change when asked), or null. */
  abstract findVisible(actor: Actor, id: string, m?: EntityManager, lock?: boolean): Promise<Contact | null>;
  /** Writes the contact and returns it with what the database filled in. */
  abstract insert(m: EntityManager, contact: NewContact): Promise<Contact>;
  /**
   * Plain intakes (no person, no case, not critical) with their audit rows, in one statement;
   * per intake, in order, what was written (with the operator's name and the number's active
   * flags) or an Error if its row did not come back.
   */
  abstract insertPlainIntakes(items: PlainIntake[]): Promise<(WrittenIntake | Error)[]>;
  abstract save(m: EntityManager, contact: Contact): Promise<Contact>;
  /** The case (it must exist). */
  abstract caseById(m: EntityManager, caseId: string): Promise<Case>;
  /** Puts the contact in the case, bumping its version. */
  abstract setCase(m: EntityManager, contactId: string, caseId: string): Promise<void>;
  /** Gives the case this person if it has none yet. */
  abstract givePersonToCase(m: EntityManager, caseId: string, personId: string): Promise<void>;
  /**
   * One page (plus one row) of the contacts the actor may list, filtered and searched, newest
   * first, after `position`: the actor's own ones only with `mine`, every one they may read of
   * one person with `personId`.
   */
  abstract list(actor: Actor, filter: ContactListFilter, search: ContactSearch | null, position: KeysetPosition | null, limit: number): Promise<Contact[]>;
  /** The newest 20 contacts the actor may see from a number (any of its keyed hashes). */
  abstract recentFromPhone(actor: Actor, phoneHashes: string[]): Promise<Contact[]>;
  abstract userRefs(userIds: (string | null)[]): Promise<Map<string, UserRef>>;
  /** Case id to its reference. */
  abstract caseReferences(caseIds: string[]): Promise<Map<string, string>>;
  /** The hotline calls of these contacts. */
  abstract hotlineCalls(contactIds: string[]): Promise<ContactCallRow[]>;
}

@Injectable()
export class SqlContactsRepository extends ContactsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {
    super();
  }

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  outsideTransaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return work(this.dataSource.manager);
  }

  async findVisible(actor: Actor, id: string, m: EntityManager = this.dataSource.manager, lock = false): Promise<Contact | null> {
    const scope = contactScope(actor, 'k');
    const qb = m.getRepository(Contact).createQueryBuilder('k').where('k.id = :id', { id }).andWhere(scope.sql, scope.params);
    if (lock) qb.setLock('pessimistic_write', undefined, ['k']);
    return qb.getOne();
  }

  async insert(m: EntityManager, fields: NewContact): Promise<Contact> {
    const repo = m.getRepository(Contact);
    const contact = repo.create(fields);
    await repo.insert(contact);
    return contact;
  }

  async insertPlainIntakes(items: PlainIntake[]): Promise<(WrittenIntake | Error)[]> {
    const column = <K extends keyof PlainIntake>(key: K) => items.map((item) => item[key]);
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `WITH t AS (
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::timestamptz[],
                              $11::text[], $12::text[], $13::boolean[], $14::boolean[], $15::boolean[], $16::text[], $17::text[], $18::text[],
                              $19::text[], $20::text[], $21::text[], $22::text[], $23::jsonb[], $24::text[])
           AS t(id, office_id, operator_id, channel, direction, language, caller_type, category, risk_level, started_at,
                phone_encrypted, phone_hash, consent_to_record, consent_to_refer, consent_to_contact_back, safe_contact_times, safe_contact_method, notes,
                actor_email, ip, user_agent, request_id, summary, phone_hashes)
       ), k AS (
         INSERT INTO contacts (id, office_id, operator_id, status, channel, direction, language, caller_type, category, risk_level, critical, started_at,
                               phone_encrypted, phone_hash, consent_to_record, consent_to_refer, consent_to_contact_back, safe_contact_times, safe_contact_method, notes)
         SELECT id, office_id, operator_id, 'in_progress', channel, direction, language, caller_type, category, risk_level, false, started_at,
                phone_encrypted, phone_hash, consent_to_record, consent_to_refer, consent_to_contact_back, safe_contact_times, safe_contact_method, notes FROM t
         RETURNING *
       ), audited AS (${this.audit.insertEachFrom({ action: AuditAction.ContactCreated, entityType: 'contact' }, 't JOIN k ON k.id = t.id', {
         entityId: 't.id',
         actorUserId: 't.operator_id',
         actorEmail: 't.actor_email',
         officeId: 't.office_id',
         ip: 't.ip',
         userAgent: 't.user_agent',
         requestId: 't.request_id',
         summary: 't.summary',
       })})
       SELECT k.*, (SELECT u.display_name FROM users u WHERE u.id = k.operator_id) AS operator_display_name,
              (SELECT coalesce(json_agg(json_build_object('id', f.id, 'kind', f.kind, 'reason', f.reason, 'expiresAt', f.expires_at, 'createdAt', f.created_at,
                                                          'on', CASE WHEN f.person_id IS NULL THEN 'phone' ELSE 'person' END) ORDER BY f.created_at), '[]')
                 FROM active_person_flags f WHERE k.phone_hash IS NOT NULL AND f.phone_hash = ANY(string_to_array(t.phone_hashes, ','))) AS phone_flags
         FROM k JOIN t ON t.id = k.id`,
      [
        column('id'),
        column('officeId'),
        column('operatorId'),
        column('channel'),
        column('direction'),
        column('language'),
        column('callerType'),
        column('category'),
        column('riskLevel'),
        column('startedAt'),
        column('phoneEncrypted'),
        column('phoneHash'),
        column('consentToRecord'),
        column('consentToRefer'),
        column('consentToContactBack'),
        column('safeContactTimes'),
        column('safeContactMethod'),
        column('notes'),
        column('actorEmail'),
        column('ip'),
        column('userAgent'),
        column('requestId'),
        column('summary'),
        column('phoneHashes'),
      ],
    );
    const byId = new Map(rows.map((row) => [row.id as string, row]));
    return items.map((item) => {
      const row = byId.get(item.id);
      if (!row) return new Error(`contact ${item.id} was not written`);
      return {
        contact: entityFromRow(this.dataSource, Contact, row),
        operatorName: row.operator_display_name as string | null,
        phoneFlags: row.phone_flags as IntakePhoneFlag[],
      };
    });
  }

  async save(m: EntityManager, contact: Contact): Promise<Contact> {
    return m.getRepository(Contact).save(contact);
  }

  async caseById(m: EntityManager, caseId: string): Promise<Case> {
    return m.getRepository(Case).findOneByOrFail({ id: caseId });
  }

  async setCase(m: EntityManager, contactId: string, caseId: string): Promise<void> {
    await m.query(`UPDATE contacts SET case_id = $2, version = version + 1, updated_at = mayak_now() WHERE id = $1`, [contactId, caseId]);
  }

  async givePersonToCase(m: EntityManager, caseId: string, personId: string): Promise<void> {
    await m.query(`UPDATE cases SET person_id = $2 WHERE id = $1 AND person_id IS NULL`, [caseId, personId]);
  }

  async list(actor: Actor, filter: ContactListFilter, search: ContactSearch | null, position: KeysetPosition | null, limit: number): Promise<Contact[]> {
    const searched =
      search &&
      ('phoneHashes' in search
        ? { sql: 'k.phone_hash = ANY(:phoneHashes)', params: { phoneHashes: search.phoneHashes } }
        : { sql: matchesWords('k.notes_tsv'), params: { text: search.words } });
    // The union of the actor's branches (my contacts, my offices' for supervisors), each an ordered index walk.
    // One person's contacts are few (the person index walks them): there, every contact the actor may read,
    // those on cases they see included, as a single read of it would allow (contactScope).
    const branches = filter.mine ? contactListBranches(actor, 'k').slice(0, 1) : filter.personId ? [contactScope(actor, 'k')] : contactListBranches(actor, 'k');
    const found = await Promise.all(
      branches.map((b) => {
        const qb = this.filtered(actor, filter, position).andWhere(b.sql, b.params);
        if (searched) qb.andWhere(searched.sql, searched.params);
        return qb
          .orderBy('k.started_at', 'DESC')
          .addOrderBy('k.id', 'DESC')
          .limit(limit + 1)
          .getMany();
      }),
    );
    return mergeNewestFirst(found, limit, (row) => row.startedAt);
  }

  private filtered(actor: Actor, filter: ContactListFilter, position: KeysetPosition | null): SelectQueryBuilder<Contact> {
    const qb = this.dataSource.getRepository(Contact).createQueryBuilder('k');
    if (filter.status) qb.andWhere('k.status = :status', { status: filter.status });
    if (filter.category) qb.andWhere('k.category = :category', { category: filter.category });
    if (filter.channel) qb.andWhere('k.channel = :channel', { channel: filter.channel });
    if (filter.riskLevel) qb.andWhere('k.risk_level = :riskLevel', { riskLevel: filter.riskLevel });
    if (filter.language) qb.andWhere('k.language = :language', { language: filter.language });
    if (filter.callerType) qb.andWhere('k.caller_type = :callerType', { callerType: filter.callerType });
    if (filter.hour !== undefined)
      qb.andWhere(`EXTRACT(HOUR FROM k.started_at AT TIME ZONE (SELECT o.timezone FROM offices o WHERE o.id = k.office_id)) = :hour`, { hour: filter.hour });
    if (filter.officeId) qb.andWhere('k.office_id = :officeId', { officeId: filter.officeId });
    if (filter.mine) qb.andWhere('k.operator_id = :mine', { mine: actor.userId });
    if (filter.personId) qb.andWhere('k.person_id = :personId', { personId: filter.personId });
    if (filter.from) qb.andWhere('k.started_at >= :from', { from: new Date(filter.from) });
    if (filter.to) qb.andWhere('k.started_at < :to', { to: new Date(filter.to) });
    if (position) qb.andWhere('(k.started_at, k.id) < (:cursorAt, :cursorId)', { cursorAt: position.at, cursorId: position.id });
    return qb;
  }

  async recentFromPhone(actor: Actor, phoneHashes: string[]): Promise<Contact[]> {
    const scope = contactScope(actor, 'k');
    return this.dataSource
      .getRepository(Contact)
      .createQueryBuilder('k')
      .where('k.phone_hash = ANY(:h)', { h: phoneHashes })
      .andWhere(scope.sql, scope.params)
      .orderBy('k.started_at', 'DESC')
      .addOrderBy('k.id', 'DESC')
      .limit(20)
      .getMany();
  }

  async userRefs(userIds: (string | null)[]): Promise<Map<string, UserRef>> {
    return loadUserRefs(this.dataSource.manager, userIds);
  }

  async caseReferences(caseIds: string[]): Promise<Map<string, string>> {
    const rows: { id: string; reference: string }[] = await this.dataSource.query(`SELECT id, reference FROM cases WHERE id = ANY($1)`, [caseIds]);
    return new Map(rows.map((row) => [row.id, row.reference]));
  }

  async hotlineCalls(contactIds: string[]): Promise<ContactCallRow[]> {
    return this.dataSource.query(
      `SELECT id, contact_id, state, outcome, queued_at, answered_at, ended_at, duration_seconds, transfer_to_id FROM telephony_calls WHERE contact_id = ANY($1) AND purpose = 'hotline'`,
      [contactIds],
    );
  }
}
