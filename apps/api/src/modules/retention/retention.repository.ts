import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { RetentionSettings } from './retention-settings.entity';

/** What is past its period now (and, among closed cases, how many a legal hold keeps). */
export interface RetentionDueCounts {
  cases: number;
  contacts: number;
  people: number;
  held: number;
}

// Which rows are past their period. $1 = days for contacts without a case, $2 = days after a case closed.
const CASE_DUE = (c: string, days = '$2') =>
  `${c}.anonymised_at IS NULL AND ${c}.status = 'closed' AND NOT ${c}.legal_hold AND ${c}.closed_at < mayak_now() - make_interval(days => ${days})`;
const CONTACT_ALONE_DUE = (k: string, days = '$1') =>
  `${k}.anonymised_at IS NULL AND ${k}.case_id IS NULL AND ${k}.status = 'completed' AND ${k}.started_at < mayak_now() - make_interval(days => ${days})`;

/**
 * What retention reads and blanks out, across the contexts that hold personal data. The
 * `claim…` methods lock the rows they return (SKIP LOCKED where a concurrent run should
 * take others); the `blank…` methods take, per row, the encrypted empty value to put in a
 * column that cannot be NULL.
 */
export abstract class RetentionRepository {
  abstract transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T>;
  /** The one settings row, made with the defaults when missing. */
  abstract settings(): Promise<RetentionSettings>;
  abstract saveSettings(m: EntityManager, settings: RetentionSettings): Promise<RetentionSettings>;
  abstract countDue(contactDays: number, caseDays: number): Promise<RetentionDueCounts>;
  /** Closed cases past their period that a legal hold keeps. */
  abstract countHeld(caseDays: number): Promise<number>;

  abstract claimCasesDue(m: EntityManager, caseDays: number, limit: number): Promise<string[]>;
  /** The cases' free text, and that of their events, tasks, plans, consents, transfers, trafficking events and referrals; marks the cases anonymised. */
  abstract eraseCaseTexts(m: EntityManager, caseIds: string[]): Promise<void>;
  abstract claimFinishedCallbacksOfCases(m: EntityManager, caseIds: string[]): Promise<string[]>;
  abstract claimFinishedCallbacksOfContacts(m: EntityManager, contactIds: string[]): Promise<string[]>;
  abstract blankCallbackPhones(m: EntityManager, ids: string[], blanks: string[]): Promise<void>;

  /** Contacts without a case past their period, then contacts of anonymised cases. */
  abstract claimContactsDue(m: EntityManager, contactDays: number, limit: number): Promise<string[]>;
  /** Locks those of the contacts not yet anonymised (skipping rows another run holds). */
  abstract lockContacts(m: EntityManager, ids: string[]): Promise<{ id: string; phoneHash: string | null }[]>;
  abstract anonymiseContacts(m: EntityManager, ids: string[], callerPseudonyms: (string | null)[]): Promise<void>;
  /** Gives the number's other contacts (those still without one) the same caller pseudonym. */
  abstract setCallerPseudonyms(m: EntityManager, phoneHashes: string[], callerPseudonyms: string[]): Promise<void>;
  /** The contacts' calls lose the caller's number; their voicemails are erased. */
  abstract eraseCallsAndVoicemails(m: EntityManager, contactIds: string[]): Promise<void>;
  abstract claimMessagesOfContacts(m: EntityManager, contactIds: string[]): Promise<string[]>;
  abstract blankMessageBodies(m: EntityManager, ids: string[], blanks: string[]): Promise<void>;
  abstract eraseMessageAttachments(m: EntityManager, contactIds: string[]): Promise<void>;
  /** Conversations of the contacts whose every message now belongs to an anonymised contact. */
  abstract claimConversationsAllAnonymised(m: EntityManager, contactIds: string[]): Promise<string[]>;
  abstract blankConversationAddresses(m: EntityManager, ids: string[], blanks: string[]): Promise<void>;

  /** People past the contacts' period with no contact or case left that is not anonymised. */
  abstract claimPeopleDue(m: EntityManager, contactDays: number, limit: number): Promise<string[]>;
  abstract anonymisePeople(m: EntityManager, ids: string[]): Promise<void>;

  /** Inbound messages that never became a contact, kept past a contact's period. */
  abstract claimInboundWebhooksDue(m: EntityManager, contactDays: number, limit: number): Promise<string[]>;
  abstract eraseInboundWebhooks(m: EntityManager, ids: string[]): Promise<void>;

  /** A case of one of the offices, locked, or null. */
  abstract lockCaseInOffices(m: EntityManager, caseId: string, officeIds: string[]): Promise<{ id: string; officeId: string } | null>;
  abstract setLegalHold(m: EntityManager, caseId: string, hold: boolean, reason: string | null): Promise<void>;
}

@Injectable()
export class SqlRetentionRepository extends RetentionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async settings(): Promise<RetentionSettings> {
    await this.dataSource.query(`INSERT INTO retention_settings (id) VALUES (1) ON CONFLICT (id) DO NOTHING`);
    return this.dataSource.getRepository(RetentionSettings).findOneByOrFail({ id: 1 });
  }

  async saveSettings(m: EntityManager, settings: RetentionSettings): Promise<RetentionSettings> {
    return m.getRepository(RetentionSettings).save(settings);
  }

  async countDue(contactDays: number, caseDays: number): Promise<RetentionDueCounts> {
    const [row] = (await this.dataSource.query(
      `SELECT (SELECT count(*) FROM cases c WHERE ${CASE_DUE('c')})::int AS cases,
              (SELECT count(*) FROM contacts k WHERE ${CONTACT_ALONE_DUE('k')} OR (k.anonymised_at IS NULL AND EXISTS (SELECT 1 FROM cases c WHERE c.id = k.case_id AND (${CASE_DUE('c')} OR c.anonymised_at IS NOT NULL))))::int AS contacts,
              (SELECT count(*) FROM people p WHERE p.anonymised_at IS NULL AND p.created_at < mayak_now() - make_interval(days => $1)
                  AND NOT EXISTS (SELECT 1 FROM contacts k WHERE k.person_id = p.id AND k.anonymised_at IS NULL AND NOT (${CONTACT_ALONE_DUE('k')})
                                    AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = k.case_id AND ${CASE_DUE('c')}))
                  AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.person_id = p.id AND c.anonymised_at IS NULL AND NOT (${CASE_DUE('c')})))::int AS people,
              (SELECT count(*) FROM cases c WHERE c.anonymised_at IS NULL AND c.status = 'closed' AND c.legal_hold AND c.closed_at < mayak_now() - make_interval(days => $2))::int AS held`,
      [contactDays, caseDays],
    )) as RetentionDueCounts[];
    return row;
  }

  async countHeld(caseDays: number): Promise<number> {
    const [held] = (await this.dataSource.query(
      `SELECT count(*)::int AS n FROM cases c WHERE c.anonymised_at IS NULL AND c.status = 'closed' AND c.legal_hold AND c.closed_at < mayak_now() - make_interval(days => $1)`,
      [caseDays],
    )) as { n: number }[];
    return held.n;
  }

  async claimCasesDue(m: EntityManager, caseDays: number, limit: number): Promise<string[]> {
    return ids(m, `SELECT c.id FROM cases c WHERE ${CASE_DUE('c', '$1')} ORDER BY c.closed_at LIMIT ${limit} FOR UPDATE SKIP LOCKED`, [caseDays]);
  }

  async eraseCaseTexts(m: EntityManager, caseIds: string[]): Promise<void> {
    await m.query(`UPDATE cases SET summary = '', closure_note = NULL, anonymised_at = mayak_now() WHERE id = ANY($1)`, [caseIds]);
    await m.query(`UPDATE case_events SET body = NULL WHERE case_id = ANY($1) AND body IS NOT NULL`, [caseIds]);
    await m.query(`UPDATE case_tasks SET title = '—' WHERE case_id = ANY($1) AND plan_id IS NULL`, [caseIds]);
    // A plan's free text (what was found, the risks, the measures, the objectives) goes with the notes; its codes and dates stay for statistics.
    await m.query(`UPDATE case_plans SET texts = '{}'::jsonb WHERE case_id = ANY($1) AND texts <> '{}'::jsonb`, [caseIds]);
    await m.query(`UPDATE case_consents SET note = NULL WHERE case_id = ANY($1) AND note IS NOT NULL`, [caseIds]);
    await m.query(`UPDATE case_transfers SET reason = '—', decline_reason = NULL WHERE case_id = ANY($1)`, [caseIds]);
    await m.query(`UPDATE case_trafficking_events SET city = NULL, description = NULL WHERE case_id = ANY($1)`, [caseIds]);
    await m.query(`UPDATE referrals SET shared_summary = '', partner_note = NULL, reason = NULL WHERE case_id = ANY($1)`, [caseIds]);
  }

  async claimFinishedCallbacksOfCases(m: EntityManager, caseIds: string[]): Promise<string[]> {
    return ids(m, `SELECT id FROM callbacks WHERE case_id = ANY($1) AND status IN ('completed', 'failed', 'cancelled') FOR UPDATE`, [caseIds]);
  }

  async claimFinishedCallbacksOfContacts(m: EntityManager, contactIds: string[]): Promise<string[]> {
    return ids(m, `SELECT id FROM callbacks WHERE contact_id = ANY($1) AND status IN ('completed', 'failed', 'cancelled') FOR UPDATE`, [contactIds]);
  }

  async blankCallbackPhones(m: EntityManager, callbackIds: string[], blanks: string[]): Promise<void> {
    await m.query(
      `UPDATE callbacks t SET phone_encrypted = v.blank, phone_hash = 'anonymised:' || t.id, notes = '' FROM unnest($1::uuid[], $2::text[]) AS v(id, blank) WHERE t.id = v.id`,
      [callbackIds, blanks],
    );
  }

  async claimContactsDue(m: EntityManager, contactDays: number, limit: number): Promise<string[]> {
    return ids(
      m,
      `SELECT k.id FROM contacts k WHERE ${CONTACT_ALONE_DUE('k')}
       UNION ALL SELECT k.id FROM contacts k JOIN cases c ON c.id = k.case_id WHERE k.anonymised_at IS NULL AND c.anonymised_at IS NOT NULL
       LIMIT ${limit}`,
      [contactDays],
    );
  }

  async lockContacts(m: EntityManager, contactIds: string[]): Promise<{ id: string; phoneHash: string | null }[]> {
    const rows = (await m.query(`SELECT id, phone_hash FROM contacts WHERE id = ANY($1) AND anonymised_at IS NULL FOR UPDATE SKIP LOCKED`, [contactIds])) as {
      id: string;
      phone_hash: string | null;
    }[];
    return rows.map((r) => ({ id: r.id, phoneHash: r.phone_hash }));
  }

  async anonymiseContacts(m: EntityManager, contactIds: string[], callerPseudonyms: (string | null)[]): Promise<void> {
    await m.query(
      `UPDATE contacts SET phone_encrypted = NULL, phone_hash = NULL, caller_pseudonym = v.pseudonym, notes = '', safe_contact_times = NULL, anonymised_at = mayak_now()
         FROM unnest($1::uuid[], $2::text[]) AS v(id, pseudonym) WHERE contacts.id = v.id`,
      [contactIds, callerPseudonyms],
    );
  }

  async setCallerPseudonyms(m: EntityManager, phoneHashes: string[], callerPseudonyms: string[]): Promise<void> {
    await m.query(
      `UPDATE contacts SET caller_pseudonym = v.pseudonym FROM unnest($1::text[], $2::text[]) AS v(hash, pseudonym) WHERE contacts.phone_hash = v.hash AND contacts.caller_pseudonym IS NULL`,
      [phoneHashes, callerPseudonyms],
    );
  }

  async eraseCallsAndVoicemails(m: EntityManager, contactIds: string[]): Promise<void> {
    await m.query(`UPDATE telephony_calls SET party_encrypted = NULL, party_hash = NULL WHERE contact_id = ANY($1)`, [contactIds]);
    // A voice can identify its caller: the recording goes with the contact's personal data.
    await m.query(`UPDATE voicemails SET status = 'erased', audio_encrypted = NULL, recording_url = NULL WHERE contact_id = ANY($1)`, [contactIds]);
  }

  async claimMessagesOfContacts(m: EntityManager, contactIds: string[]): Promise<string[]> {
    return ids(m, `SELECT id FROM conversation_messages WHERE contact_id = ANY($1) FOR UPDATE`, [contactIds]);
  }

  async blankMessageBodies(m: EntityManager, messageIds: string[], blanks: string[]): Promise<void> {
    await m.query(
      `UPDATE conversation_messages t SET body_encrypted = v.blank, details_encrypted = NULL FROM unnest($1::uuid[], $2::text[]) AS v(id, blank) WHERE t.id = v.id`,
      [messageIds, blanks],
    );
  }

  async eraseMessageAttachments(m: EntityManager, contactIds: string[]): Promise<void> {
    await m.query(
      `UPDATE message_attachments SET status = 'erased', source_encrypted = NULL, updated_at = mayak_now()
        WHERE message_id IN (SELECT id FROM conversation_messages WHERE contact_id = ANY($1)) AND status <> 'erased'`,
      [contactIds],
    );
  }

  async claimConversationsAllAnonymised(m: EntityManager, contactIds: string[]): Promise<string[]> {
    return ids(
      m,
      `SELECT t.id FROM conversations t WHERE t.id IN (SELECT conversation_id FROM conversation_messages WHERE contact_id = ANY($1))
          AND NOT EXISTS (SELECT 1 FROM conversation_messages s JOIN contacts k ON k.id = s.contact_id WHERE s.conversation_id = t.id AND k.anonymised_at IS NULL) FOR UPDATE`,
      [contactIds],
    );
  }

  async blankConversationAddresses(m: EntityManager, conversationIds: string[], blanks: string[]): Promise<void> {
    await m.query(
      `UPDATE conversations t SET address_encrypted = v.blank, address_hash = 'anonymised:' || t.id, phone_encrypted = NULL, phone_hash = NULL, display_name_encrypted = NULL, contact_id = NULL
         FROM unnest($1::uuid[], $2::text[]) AS v(id, blank) WHERE t.id = v.id`,
      [conversationIds, blanks],
    );
  }

  async claimPeopleDue(m: EntityManager, contactDays: number, limit: number): Promise<string[]> {
    return ids(
      m,
      `SELECT p.id FROM people p WHERE p.anonymised_at IS NULL AND p.created_at < mayak_now() - make_interval(days => $1)
          AND NOT EXISTS (SELECT 1 FROM contacts k WHERE k.person_id = p.id AND k.anonymised_at IS NULL)
          AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.person_id = p.id AND c.anonymised_at IS NULL)
        LIMIT ${limit} FOR UPDATE SKIP LOCKED`,
      [contactDays],
    );
  }

  async anonymisePeople(m: EntityManager, personIds: string[]): Promise<void> {
    await m.query(`UPDATE people SET name_encrypted = NULL, name_index = '{}', anonymised_at = mayak_now() WHERE id = ANY($1)`, [personIds]);
    await m.query(`DELETE FROM person_identifiers WHERE person_id = ANY($1)`, [personIds]);
  }

  async claimInboundWebhooksDue(m: EntityManager, contactDays: number, limit: number): Promise<string[]> {
    return ids(
      m,
      `SELECT id FROM inbound_webhooks WHERE payload_encrypted IS NOT NULL AND (outcome = 'unroutable' OR processed_at IS NULL)
          AND received_at < mayak_now() - make_interval(days => $1) LIMIT ${limit} FOR UPDATE SKIP LOCKED`,
      [contactDays],
    );
  }

  async eraseInboundWebhooks(m: EntityManager, webhookIds: string[]): Promise<void> {
    await m.query(
      `UPDATE inbound_webhooks SET payload_encrypted = NULL, processed_at = COALESCE(processed_at, mayak_now()), outcome = COALESCE(outcome, 'ignored') WHERE id = ANY($1)`,
      [webhookIds],
    );
  }

  async lockCaseInOffices(m: EntityManager, caseId: string, officeIds: string[]): Promise<{ id: string; officeId: string } | null> {
    const [found] = (await m.query(`SELECT c.id, c.office_id FROM cases c WHERE c.id = $1 AND c.office_id = ANY($2) FOR UPDATE`, [caseId, officeIds])) as {
      id: string;
      office_id: string;
    }[];
    return found ? { id: found.id, officeId: found.office_id } : null;
  }

  async setLegalHold(m: EntityManager, caseId: string, hold: boolean, reason: string | null): Promise<void> {
    await m.query(`UPDATE cases SET legal_hold = $2, legal_hold_reason = $3, updated_at = mayak_now(), version = version + 1 WHERE id = $1`, [
      caseId,
      hold,
      reason,
    ]);
  }
}

async function ids(m: EntityManager, sql: string, params: unknown[]): Promise<string[]> {
  return ((await m.query(sql, params)) as { id: string }[]).map((r) => r.id);
}
