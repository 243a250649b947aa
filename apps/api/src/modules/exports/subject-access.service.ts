import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditAction } from '../../core/audit/audit-actions';
import { AuditService } from '../../core/audit/audit.service';
import { Clock } from '../../core/clock/clock';
import type { Actor } from '../../core/context/request-context';
import { caseScope, contactScope, findInScope, personScope } from '../access/record-scope';
import { Case } from '../cases/case.entity';
import { Contact } from '../contacts/contact.entity';
import { IdentifierVault } from '../people/identifier-vault';
import { Person } from '../people/person.entity';
import { Encrypted } from '../../core/crypto/encrypted-columns';
import type { FieldContext } from '../../core/crypto/field-cipher';

const LIMIT = 2000; // per kind: one person's history is far smaller

/** What the audit log says was corrected about a person: which fields, when, by whom (never the values). */
const CORRECTION_ACTIONS = ['people.created', 'people.updated', 'people.identifier_added', 'people.identifier_removed', 'people.merged', 'people.merge_undone', 'flags.added', 'flags.removed'];

/**
 * A subject access request: everything Mayak holds about one person, in plain words and
 * decrypted, for the person themself (handed over by a supervisor, who is audited for it).
 * Reads through the same visibility rule as every other read of the person.
 */
@Injectable()
export class SubjectAccessService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource, private readonly vault: IdentifierVault, private readonly audit: AuditService, private readonly clock: Clock) {}

  async report(actor: Actor, personId: string): Promise<Record<string, unknown>> {
    const m = this.dataSource.manager;
    const person = await findInScope(m, Person, 'p', personId, personScope(actor, 'p'), 'Person');
    const open = (value: string | null, at: FieldContext) => (value ? this.vault.decrypt(value, at) : null);
    const stored = (await m.query(`SELECT id, kind, value_encrypted, value_hash, label, created_at FROM person_identifiers WHERE person_id = $1 ORDER BY created_at LIMIT ${LIMIT}`, [person.id])) as { id: string; kind: string; value_encrypted: string; value_hash: string; label: string | null; created_at: Date }[];
    const identifiers = stored.map((i) => ({ ...i, value: this.vault.decrypt(i.value_encrypted, Encrypted.personIdentifier.at(i.id)) }));
    // The person's numbers under every identifier hash key (rows not yet recomputed while the key rotates are found too).
    const phoneHashes = [...new Set(identifiers.filter((i) => i.kind === 'phone').flatMap((i) => [i.value_hash, ...this.vault.phoneHashesOf(i.value)]))];
    // Only what the supervisor may see, by the rules of every other read: a number also used with
    // another office must not bring that office's contacts, cases, callbacks or texts along.
    const contactRules = contactScope(actor, 'k');
    const visibleContacts = await m.getRepository(Contact).createQueryBuilder('k').select('k.id', 'id')
      .where('(k.person_id = :personId OR (k.phone_hash = ANY(:phoneHashes) AND k.phone_hash IS NOT NULL))', { personId: person.id, phoneHashes })
      .andWhere(contactRules.sql, contactRules.params).orderBy('k.started_at').limit(LIMIT).getRawMany<{ id: string }>();
    const caseRules = caseScope(actor, 'c');
    const visibleCases = await m.getRepository(Case).createQueryBuilder('c').select('c.id', 'id')
      .where('c.person_id = :personId', { personId: person.id }).andWhere(caseRules.sql, caseRules.params).orderBy('c.created_at').limit(LIMIT).getRawMany<{ id: string }>();
    const contacts = (await m.query(
      `SELECT k.id, k.started_at, k.ended_at, k.channel, k.direction, k.language, k.caller_type, k.category, k.risk_level, k.notes, k.phone_encrypted,
              k.consent_to_record, k.consent_to_refer, k.consent_to_contact_back, k.safe_contact_times, k.safe_contact_method, c.reference AS case_reference
         FROM contacts k LEFT JOIN cases c ON c.id = k.case_id
        WHERE k.id = ANY($1) ORDER BY k.started_at LIMIT ${LIMIT}`,
      [visibleContacts.map((r) => r.id)],
    )) as Record<string, unknown>[];
    const cases = (await m.query(
      `SELECT c.id, c.reference, c.type, c.status, c.priority, c.summary, c.created_at, c.closed_at, c.closure_reason, c.trafficking_status, c.exploitation_types, c.control_methods
         FROM cases c WHERE c.id = ANY($1) ORDER BY c.created_at LIMIT ${LIMIT}`,
      [visibleCases.map((r) => r.id)],
    )) as Record<string, unknown>[];
    const caseIds = cases.map((c) => c.id as string);
    const [events, consents, referrals, callbacks, messages, flags, voicemails, files, caseFiles, plans] = await Promise.all([
      m.query(`SELECT case_id, kind, occurred_at, body FROM case_events WHERE case_id = ANY($1) ORDER BY occurred_at LIMIT ${LIMIT}`, [caseIds]),
      m.query(`SELECT case_id, purpose, channel, given_at, withdrawn_at, note FROM case_consents WHERE case_id = ANY($1) ORDER BY given_at LIMIT ${LIMIT}`, [caseIds]),
      m.query(`SELECT r.case_id, o.name AS organisation, r.service_type, r.status, r.sent_at, r.shared_summary, r.share_contact_details FROM referrals r JOIN organisations o ON o.id = r.organisation_id WHERE r.case_id = ANY($1) ORDER BY r.created_at LIMIT ${LIMIT}`, [caseIds]),
      // Callbacks and texts belong to an office, as in CallbacksService and ConversationsService.
      m.query(`SELECT due_at, status, reason, method, attempts, last_outcome, notes FROM callbacks WHERE (case_id = ANY($1) OR phone_hash = ANY($2)) AND office_id = ANY($3) ORDER BY due_at LIMIT ${LIMIT}`, [caseIds, phoneHashes, actor.officeIds]),
      m.query(`SELECT s.id, t.channel, s.direction, s.body_encrypted, s.content_kind, s.created_at, s.status FROM conversation_messages s JOIN conversations t ON t.id = s.conversation_id WHERE t.phone_hash = ANY($1) AND t.office_id = ANY($2) ORDER BY s.created_at LIMIT ${LIMIT}`, [phoneHashes, actor.officeIds]),
      m.query(`SELECT kind, reason, created_at, expires_at, removed_at FROM person_flags WHERE person_id = $1 OR phone_hash = ANY($2) ORDER BY created_at LIMIT ${LIMIT}`, [person.id, phoneHashes]),
      // Recordings are listed (when, how long, the contact); the audio is played in the console, where each play is audited.
      m.query(`SELECT v.id, v.contact_id, v.created_at, v.duration_seconds, v.status FROM voicemails v WHERE v.contact_id = ANY($1) AND v.office_id = ANY($2) ORDER BY v.created_at LIMIT ${LIMIT}`, [contacts.map((k) => k.id), actor.officeIds]),
      // Files from messages are listed the same way (what, how large, when); each is opened in the console, audited.
      m.query(`SELECT a.id, t.channel, a.status, COALESCE(a.content_type, a.declared_type) AS content_type, a.size_bytes, a.created_at FROM message_attachments a
                 JOIN conversation_messages s ON s.id = a.message_id JOIN conversations t ON t.id = s.conversation_id
                WHERE t.phone_hash = ANY($1) AND t.office_id = ANY($2) ORDER BY a.created_at LIMIT ${LIMIT}`, [phoneHashes, actor.officeIds]),
      // Files kept with the cases: what they are and when they were added or removed; each is opened in the console, audited.
      m.query(`SELECT case_id, file_name, category, content_type, size_bytes, description, status, created_at AS added_at, removed_at, erased_at FROM case_attachments
                WHERE case_id = ANY($1) ORDER BY created_at LIMIT ${LIMIT}`, [caseIds]),
      // The case's assessments, safety plans and support plans, with what they say.
      m.query(`SELECT case_id, kind, status, risk_level, details, texts, start_date::text, review_date::text, planned_end_date::text, actual_end_date::text, review_count, created_at, closed_at
                 FROM case_plans WHERE case_id = ANY($1) ORDER BY created_at LIMIT ${LIMIT}`, [caseIds]),
    ]) as Record<string, unknown>[][];
    await this.audit.record({ action: AuditAction.SubjectAccessExported, entityType: 'person', entityId: person.id, officeId: person.officeId, summary: { contacts: contacts.length, cases: cases.length, messages: messages.length } });
    return {
      generatedAt: this.clock.now().toISOString(),
      person: {
        id: person.id, name: open(person.nameEncrypted, Encrypted.personName.at(person.id)), gender: person.gender, birthYear: person.birthYear, ageGroup: person.ageGroup, citizenship: person.citizenship,
        languages: person.languages, migrationSituation: person.migrationSituation, recordedAt: person.createdAt.toISOString(), anonymisedAt: person.anonymisedAt?.toISOString() ?? null,
      },
      identifiers: identifiers.map((i) => ({ kind: i.kind, value: i.value, label: i.label, recordedAt: i.created_at })),
      flags,
      contacts: contacts.map(({ phone_encrypted, ...k }) => ({ ...k, phone: open(phone_encrypted as string | null, Encrypted.contactPhone.at(k.id as string)) })),
      cases: cases.map((c) => ({
        ...c, timeline: events.filter((e) => e.case_id === c.id).map(({ case_id: _c, ...e }) => e), consents: consents.filter((e) => e.case_id === c.id).map(({ case_id: _c, ...e }) => e),
        referrals: referrals.filter((e) => e.case_id === c.id).map(({ case_id: _c, ...e }) => e),
        files: caseFiles.filter((e) => e.case_id === c.id).map(({ case_id: _c, ...e }) => e),
        plans: plans.filter((e) => e.case_id === c.id).map(({ case_id: _c, ...e }) => e),
      })),
      callbacks,
      voicemails,
      files,
      messages: messages.map(({ id, body_encrypted, ...s }) => ({ ...s, body: open(body_encrypted as string, Encrypted.messageBody.at(id as string)) })),
      corrections: (await this.corrections(actor, person.id, LIMIT, false)).items,
    };
  }

  /** The correction log of a person: each change to their record, newest first, with who made it. */
  async corrections(actor: Actor, personId: string, limit = 200, check = true) {
    if (check) await findInScope(this.dataSource.manager, Person, 'p', personId, personScope(actor, 'p'), 'Person');
    const rows = (await this.dataSource.query(
      `SELECT a.occurred_at, a.action, a.summary, u.display_name FROM audit_log a LEFT JOIN users u ON u.id = a.actor_user_id
        WHERE a.entity_type = 'person' AND a.entity_id = $1 AND a.action = ANY($2) ORDER BY a.occurred_at DESC, a.id DESC LIMIT $3`,
      [personId, CORRECTION_ACTIONS, limit],
    )) as { occurred_at: Date; action: string; summary: Record<string, unknown>; display_name: string | null }[];
    return { items: rows.map((r) => ({ at: r.occurred_at.toISOString(), action: r.action, by: r.display_name, changed: r.summary })) };
  }
}
