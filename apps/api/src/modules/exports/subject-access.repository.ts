import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '#api/core/context/request-context';
import { caseScope, contactScope, findInScope, personScope } from '../access/record-scope';
import { Case } from '../cases/case.entity';
import { Contact } from '../contacts/contact.entity';
import { Person } from '../people/person.entity';

/** Rows per kind: one person's history is far smaller. */
export const SUBJECT_ACCESS_LIMIT = 2000;
const LIMIT = SUBJECT_ACCESS_LIMIT;

/** A row as the report shows it: columns by their database names. */
export type HeldRow = Record<string, unknown>;

export interface StoredIdentifier {
  id: string;
  kind: string;
  value_encrypted: string;
  value_hash: string;
  label: string | null;
  created_at: Date;
}

export interface CorrectionRow {
  occurred_at: Date;
  action: string;
  summary: Record<string, unknown>;
  display_name: string | null;
}

/** Everything held about one person, read through the same visibility rules as every other read. */
export abstract class SubjectAccessRepository {
  /** The person, if the actor may see them; 404 otherwise. */
  abstract requirePerson(actor: Actor, personId: string): Promise<Person>;
  abstract identifiers(personId: string): Promise<StoredIdentifier[]>;
  /** The contacts the actor may see that are the person's or came from one of their numbers. */
  abstract visibleContactIds(actor: Actor, personId: string, phoneHashes: string[]): Promise<string[]>;
  abstract visibleCaseIds(actor: Actor, personId: string): Promise<string[]>;
  abstract contacts(contactIds: string[]): Promise<HeldRow[]>;
  abstract cases(caseIds: string[]): Promise<HeldRow[]>;
  abstract caseEvents(caseIds: string[]): Promise<HeldRow[]>;
  abstract caseConsents(caseIds: string[]): Promise<HeldRow[]>;
  abstract caseReferrals(caseIds: string[]): Promise<HeldRow[]>;
  abstract caseFiles(caseIds: string[]): Promise<HeldRow[]>;
  abstract casePlans(caseIds: string[]): Promise<HeldRow[]>;
  /** Callbacks of the cases or the numbers, in the offices (callbacks belong to an office). */
  abstract callbacks(caseIds: string[], phoneHashes: string[], officeIds: string[]): Promise<HeldRow[]>;
  /** Messages of the numbers' conversations in the offices (texts belong to an office). */
  abstract messages(phoneHashes: string[], officeIds: string[]): Promise<HeldRow[]>;
  abstract messageFiles(phoneHashes: string[], officeIds: string[]): Promise<HeldRow[]>;
  abstract flags(personId: string, phoneHashes: string[]): Promise<HeldRow[]>;
  abstract voicemails(contactIds: string[], officeIds: string[]): Promise<HeldRow[]>;
  /** The audit log's entries of these actions on the person, newest first, with who made them. */
  abstract corrections(personId: string, actions: string[], limit: number): Promise<CorrectionRow[]>;
}

@Injectable()
export class SqlSubjectAccessRepository extends SubjectAccessRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async requirePerson(actor: Actor, personId: string): Promise<Person> {
    return findInScope(this.dataSource.manager, Person, 'p', personId, personScope(actor, 'p'), 'Person');
  }

  async identifiers(personId: string): Promise<StoredIdentifier[]> {
    return this.dataSource.query(
      `SELECT id, kind, value_encrypted, value_hash, label, created_at FROM person_identifiers WHERE person_id = $1 ORDER BY created_at LIMIT ${LIMIT}`,
      [personId],
    );
  }

  async visibleContactIds(actor: Actor, personId: string, phoneHashes: string[]): Promise<string[]> {
    const contactRules = contactScope(actor, 'k');
    const rows = await this.dataSource
      .getRepository(Contact)
      .createQueryBuilder('k')
      .select('k.id', 'id')
      .where('(k.person_id = :personId OR (k.phone_hash = ANY(:phoneHashes) AND k.phone_hash IS NOT NULL))', { personId, phoneHashes })
      .andWhere(contactRules.sql, contactRules.params)
      .orderBy('k.started_at')
      .limit(LIMIT)
      .getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }

  async visibleCaseIds(actor: Actor, personId: string): Promise<string[]> {
    const caseRules = caseScope(actor, 'c');
    const rows = await this.dataSource
      .getRepository(Case)
      .createQueryBuilder('c')
      .select('c.id', 'id')
      .where('c.person_id = :personId', { personId })
      .andWhere(caseRules.sql, caseRules.params)
      .orderBy('c.created_at')
      .limit(LIMIT)
      .getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }

  async contacts(contactIds: string[]): Promise<HeldRow[]> {
    return this.dataSource.query(
      `SELECT k.id, k.started_at, k.ended_at, k.channel, k.direction, k.language, k.caller_type, k.category, k.risk_level, k.notes, k.phone_encrypted,
              k.consent_to_record, k.consent_to_refer, k.consent_to_contact_back, k.safe_contact_times, k.safe_contact_method, c.reference AS case_reference
         FROM contacts k LEFT JOIN cases c ON c.id = k.case_id
        WHERE k.id = ANY($1) ORDER BY k.started_at LIMIT ${LIMIT}`,
      [contactIds],
    );
  }

  async cases(caseIds: string[]): Promise<HeldRow[]> {
    return this.dataSource.query(
      `SELECT c.id, c.reference, c.type, c.status, c.priority, c.summary, c.created_at, c.closed_at, c.closure_reason, c.trafficking_status, c.exploitation_types, c.control_methods
         FROM cases c WHERE c.id = ANY($1) ORDER BY c.created_at LIMIT ${LIMIT}`,
      [caseIds],
    );
  }

  async caseEvents(caseIds: string[]): Promise<HeldRow[]> {
    return this.dataSource.query(`SELECT case_id, kind, occurred_at, body FROM case_events WHERE case_id = ANY($1) ORDER BY occurred_at LIMIT ${LIMIT}`, [
      caseIds,
    ]);
  }

  async caseConsents(caseIds: string[]): Promise<HeldRow[]> {
    return this.dataSource.query(
      `SELECT case_id, purpose, channel, given_at, withdrawn_at, note FROM case_consents WHERE case_id = ANY($1) ORDER BY given_at LIMIT ${LIMIT}`,
      [caseIds],
    );
  }

  async caseReferrals(caseIds: string[]): Promise<HeldRow[]> {
    return this.dataSource.query(
      `SELECT r.case_id, o.name AS organisation, r.service_type, r.status, r.sent_at, r.shared_summary, r.share_contact_details FROM referrals r JOIN organisations o ON o.id = r.organisation_id WHERE r.case_id = ANY($1) ORDER BY r.created_at LIMIT ${LIMIT}`,
      [caseIds],
    );
  }

  async caseFiles(caseIds: string[]): Promise<HeldRow[]> {
    return this.dataSource.query(
      `SELECT case_id, file_name, category, content_type, size_bytes, description, status, created_at AS added_at, removed_at, erased_at FROM case_attachments
                WHERE case_id = ANY($1) ORDER BY created_at LIMIT ${LIMIT}`,
      [caseIds],
    );
  }

  async casePlans(caseIds: string[]): Promise<HeldRow[]> {
    return this.dataSource.query(
      `SELECT case_id, kind, status, risk_level, details, texts, start_date::text, review_date::text, planned_end_date::text, actual_end_date::text, review_count, created_at, closed_at
                 FROM case_plans WHERE case_id = ANY($1) ORDER BY created_at LIMIT ${LIMIT}`,
      [caseIds],
    );
  }

  async callbacks(caseIds: string[], phoneHashes: string[], officeIds: string[]): Promise<HeldRow[]> {
    return this.dataSource.query(
      `SELECT due_at, status, reason, method, attempts, last_outcome, notes FROM callbacks WHERE (case_id = ANY($1) OR phone_hash = ANY($2)) AND office_id = ANY($3) ORDER BY due_at LIMIT ${LIMIT}`,
      [caseIds, phoneHashes, officeIds],
    );
  }

  async messages(phoneHashes: string[], officeIds: string[]): Promise<HeldRow[]> {
    return this.dataSource.query(
      `SELECT s.id, t.channel, s.direction, s.body_encrypted, s.content_kind, s.created_at, s.status FROM conversation_messages s JOIN conversations t ON t.id = s.conversation_id WHERE t.phone_hash = ANY($1) AND t.office_id = ANY($2) ORDER BY s.created_at LIMIT ${LIMIT}`,
      [phoneHashes, officeIds],
    );
  }

  async messageFiles(phoneHashes: string[], officeIds: string[]): Promise<HeldRow[]> {
    return this.dataSource.query(
      `SELECT a.id, t.channel, a.status, COALESCE(a.content_type, a.declared_type) AS content_type, a.size_bytes, a.created_at FROM message_attachments a
                 JOIN conversation_messages s ON s.id = a.message_id JOIN conversations t ON t.id = s.conversation_id
                WHERE t.phone_hash = ANY($1) AND t.office_id = ANY($2) ORDER BY a.created_at LIMIT ${LIMIT}`,
      [phoneHashes, officeIds],
    );
  }

  async flags(personId: string, phoneHashes: string[]): Promise<HeldRow[]> {
    return this.dataSource.query(
      `SELECT kind, reason, created_at, expires_at, removed_at FROM person_flags WHERE person_id = $1 OR phone_hash = ANY($2) ORDER BY created_at LIMIT ${LIMIT}`,
      [personId, phoneHashes],
    );
  }

  async voicemails(contactIds: string[], officeIds: string[]): Promise<HeldRow[]> {
    return this.dataSource.query(
      `SELECT v.id, v.contact_id, v.created_at, v.duration_seconds, v.status FROM voicemails v WHERE v.contact_id = ANY($1) AND v.office_id = ANY($2) ORDER BY v.created_at LIMIT ${LIMIT}`,
      [contactIds, officeIds],
    );
  }

  async corrections(personId: string, actions: string[], limit: number): Promise<CorrectionRow[]> {
    return this.dataSource.query(
      `SELECT a.occurred_at, a.action, a.summary, u.display_name FROM audit_log a LEFT JOIN users u ON u.id = a.actor_user_id
        WHERE a.entity_type = 'person' AND a.entity_id = $1 AND a.action = ANY($2) ORDER BY a.occurred_at DESC, a.id DESC LIMIT $3`,
      [personId, actions, limit],
    );
  }
}
