import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditAction } from '../../core/audit/audit-actions';
import { AuditService } from '../../core/audit/audit.service';
import type { Actor } from '../../core/context/request-context';
import { Encrypted, type EncryptedColumn } from '../../core/crypto/encrypted-columns';
import { notFound, staleVersion } from '../../core/errors/domain-error';
import { CaseAttachmentsService } from '../cases/case-attachments.service';
import { IdentifierVault } from '../people/identifier-vault';
import type { LegalHoldStateDto, RetentionReportDto, RetentionSettingsDto, UpdateRetentionSettingsDto } from './dto/retention.dto';
import { RetentionSettings } from './retention-settings.entity';

const BATCH = 500;
const MAX_BATCHES = 200; // per kind and run: 100,000 rows; the next run continues

// Which rows are past their period. $1 = days for contacts without a case, $2 = days after a case closed.
const CASE_DUE = (c: string, days = '$2') => `${c}.anonymised_at IS NULL AND ${c}.status = 'closed' AND NOT ${c}.legal_hold AND ${c}.closed_at < mayak_now() - make_interval(days => ${days})`;
const CONTACT_ALONE_DUE = (k: string, days = '$1') => `${k}.anonymised_at IS NULL AND ${k}.case_id IS NULL AND ${k}.status = 'completed' AND ${k}.started_at < mayak_now() - make_interval(days => ${days})`;

/**
 * Retention: what is past its period loses its identifiers and free text (numbers, names,
 * notes, summaries, message bodies); codes, dates and counts stay, so statistics and
 * dashboards do not change, and the audit log is never touched. A legal hold on a case
 * keeps it and its client. Each batch is one transaction over rows claimed with SKIP LOCKED
 * and marked `anonymised_at`, so a run is safe to repeat or to run twice at once.
 */
@Injectable()
export class RetentionService {
  private readonly logger = new Logger('Retention');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly vault: IdentifierVault,
    private readonly audit: AuditService,
    private readonly caseAttachments: CaseAttachmentsService,
  ) {}

  async settings(): Promise<RetentionSettings> {
    await this.dataSource.query(`INSERT INTO retention_settings (id) VALUES (1) ON CONFLICT (id) DO NOTHING`);
    return this.dataSource.getRepository(RetentionSettings).findOneByOrFail({ id: 1 });
  }

  view(s: RetentionSettings): RetentionSettingsDto {
    return { contactsWithoutCaseDays: s.contactsWithoutCaseDays, closedCasesDays: s.closedCasesDays, updatedAt: s.updatedById ? s.updatedAt.toISOString() : null, version: s.version };
  }

  async update(actor: Actor, input: UpdateRetentionSettingsDto): Promise<RetentionSettingsDto> {
    const current = await this.settings();
    if (current.version !== input.version) throw staleVersion('The retention settings');
    const saved = await this.dataSource.transaction(async (m) => {
      current.contactsWithoutCaseDays = input.contactsWithoutCaseDays;
      current.closedCasesDays = input.closedCasesDays;
      current.updatedById = actor.userId;
      const row = await m.getRepository(RetentionSettings).save(current);
      await this.audit.record({ action: AuditAction.RetentionSettingsChanged, entityType: 'retention_settings', entityId: '1', summary: { contactsWithoutCaseDays: input.contactsWithoutCaseDays, closedCasesDays: input.closedCasesDays } }, m);
      return row;
    });
    return this.view(saved);
  }

  /** What a run would anonymise now, changing nothing. */
  async preview(actor: Actor | null): Promise<RetentionReportDto> {
    const s = await this.settings();
    const params = [s.contactsWithoutCaseDays, s.closedCasesDays];
    const [row] = (await this.dataSource.query(
      `SELECT (SELECT count(*) FROM cases c WHERE ${CASE_DUE('c')})::int AS cases,
              (SELECT count(*) FROM contacts k WHERE ${CONTACT_ALONE_DUE('k')} OR (k.anonymised_at IS NULL AND EXISTS (SELECT 1 FROM cases c WHERE c.id = k.case_id AND (${CASE_DUE('c')} OR c.anonymised_at IS NOT NULL))))::int AS contacts,
              (SELECT count(*) FROM people p WHERE p.anonymised_at IS NULL AND p.created_at < mayak_now() - make_interval(days => $1)
                  AND NOT EXISTS (SELECT 1 FROM contacts k WHERE k.person_id = p.id AND k.anonymised_at IS NULL AND NOT (${CONTACT_ALONE_DUE('k')})
                                    AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = k.case_id AND ${CASE_DUE('c')}))
                  AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.person_id = p.id AND c.anonymised_at IS NULL AND NOT (${CASE_DUE('c')})))::int AS people,
              (SELECT count(*) FROM cases c WHERE c.anonymised_at IS NULL AND c.status = 'closed' AND c.legal_hold AND c.closed_at < mayak_now() - make_interval(days => $2))::int AS held`,
      params,
    )) as { cases: number; contacts: number; people: number; held: number }[];
    if (actor) await this.audit.record({ action: AuditAction.RetentionPreviewed, entityType: 'retention', summary: { ...row } });
    return { dryRun: true, contacts: row.contacts, cases: row.cases, people: row.people, heldCases: row.held, complete: true };
  }

  /** Anonymises everything past its period, in batches; returns what it did. */
  async run(): Promise<RetentionReportDto> {
    const s = await this.settings();
    let complete = true;
    const drain = async (step: (m: EntityManager) => Promise<number>): Promise<number> => {
      let total = 0;
      for (let batch = 0; batch < MAX_BATCHES; batch++) {
        const done = await this.dataSource.transaction(step);
        total += done;
        if (done < BATCH) return total;
      }
      complete = false;
      return total;
    };
    // Cases first, so their contacts and clients follow in the same run.
    const cases = await drain(async (m) => {
      const ids = await this.claim(m, `SELECT c.id FROM cases c WHERE ${CASE_DUE('c', '$1')} ORDER BY c.closed_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`, [s.closedCasesDays]);
      if (!ids.length) return 0;
      await m.query(`UPDATE cases SET summary = '', closure_note = NULL, anonymised_at = mayak_now() WHERE id = ANY($1)`, [ids]);
      await m.query(`UPDATE case_events SET body = NULL WHERE case_id = ANY($1) AND body IS NOT NULL`, [ids]);
      await m.query(`UPDATE case_tasks SET title = '—' WHERE case_id = ANY($1) AND plan_id IS NULL`, [ids]);
      // A plan's free text (what was found, the risks, the measures, the objectives) goes with the notes; its codes and dates stay for statistics.
      await m.query(`UPDATE case_plans SET texts = '{}'::jsonb WHERE case_id = ANY($1) AND texts <> '{}'::jsonb`, [ids]);
      await m.query(`UPDATE case_consents SET note = NULL WHERE case_id = ANY($1) AND note IS NOT NULL`, [ids]);
      await m.query(`UPDATE case_transfers SET reason = '—', decline_reason = NULL WHERE case_id = ANY($1)`, [ids]);
      await m.query(`UPDATE case_trafficking_events SET city = NULL, description = NULL WHERE case_id = ANY($1)`, [ids]);
      await m.query(`UPDATE referrals SET shared_summary = '', partner_note = NULL, reason = NULL WHERE case_id = ANY($1)`, [ids]);
      // A case's files go with it: their names now, the sealed files from the store once this run's cases are done.
      await this.caseAttachments.eraseWithCases(m, ids);
      await this.blankOut(m, Encrypted.callbackPhone, `SELECT id FROM callbacks WHERE case_id = ANY($1) AND status IN ('completed', 'failed', 'cancelled') FOR UPDATE`, [ids],
        `UPDATE callbacks t SET phone_encrypted = v.blank, phone_hash = 'anonymised:' || t.id, notes = '' FROM unnest($1::uuid[], $2::text[]) AS v(id, blank) WHERE t.id = v.id`);
      return ids.length;
    });
    await this.caseAttachments.sweep();
    const contacts = await drain(async (m) => {
      const ids = await this.claim(m,
        `SELECT k.id FROM contacts k WHERE ${CONTACT_ALONE_DUE('k')}
         UNION ALL SELECT k.id FROM contacts k JOIN cases c ON c.id = k.case_id WHERE k.anonymised_at IS NULL AND c.anonymised_at IS NOT NULL
         LIMIT ${BATCH}`, [s.contactsWithoutCaseDays]);
      if (!ids.length) return 0;
      const rows = (await m.query(`SELECT id, phone_hash FROM contacts WHERE id = ANY($1) AND anonymised_at IS NULL FOR UPDATE SKIP LOCKED`, [ids])) as { id: string; phone_hash: string | null }[];
      const locked = rows.map((r) => r.id);
      await m.query(
        `UPDATE contacts SET phone_encrypted = NULL, phone_hash = NULL, caller_pseudonym = v.pseudonym, notes = '', safe_contact_times = NULL, anonymised_at = mayak_now()
           FROM unnest($1::uuid[], $2::text[]) AS v(id, pseudonym) WHERE contacts.id = v.id`,
        [locked, rows.map((r) => (r.phone_hash ? this.vault.callerPseudonym(r.phone_hash) : null))],
      );
      // The number's other contacts (kept, e.g. under a legal hold) carry the same pseudonym, so a caller counts once across both.
      const hashed = rows.filter((r) => r.phone_hash);
      if (hashed.length) {
        await m.query(
          `UPDATE contacts SET caller_pseudonym = v.pseudonym FROM unnest($1::text[], $2::text[]) AS v(hash, pseudonym) WHERE contacts.phone_hash = v.hash AND contacts.caller_pseudonym IS NULL`,
          [hashed.map((r) => r.phone_hash), hashed.map((r) => this.vault.callerPseudonym(r.phone_hash!))],
        );
      }
      await m.query(`UPDATE telephony_calls SET party_encrypted = NULL, party_hash = NULL WHERE contact_id = ANY($1)`, [locked]);
      // A voice can identify its caller: the recording goes with the contact's personal data.
      await m.query(`UPDATE voicemails SET status = 'erased', audio_encrypted = NULL, recording_url = NULL WHERE contact_id = ANY($1)`, [locked]);
      await this.blankOut(m, Encrypted.messageBody, `SELECT id FROM conversation_messages WHERE contact_id = ANY($1) FOR UPDATE`, [locked],
        `UPDATE conversation_messages t SET body_encrypted = v.blank, details_encrypted = NULL FROM unnest($1::uuid[], $2::text[]) AS v(id, blank) WHERE t.id = v.id`);
      // Files go with their messages: the rows now, the sealed files from the store by the worker's attachment sweep.
      await m.query(
        `UPDATE message_attachments SET status = 'erased', source_encrypted = NULL, updated_at = mayak_now()
          WHERE message_id IN (SELECT id FROM conversation_messages WHERE contact_id = ANY($1)) AND status <> 'erased'`,
        [locked],
      );
      await this.blankOut(m, Encrypted.callbackPhone, `SELECT id FROM callbacks WHERE contact_id = ANY($1) AND status IN ('completed', 'failed', 'cancelled') FOR UPDATE`, [locked],
        `UPDATE callbacks t SET phone_encrypted = v.blank, phone_hash = 'anonymised:' || t.id, notes = '' FROM unnest($1::uuid[], $2::text[]) AS v(id, blank) WHERE t.id = v.id`);
      // A conversation whose every message is anonymised forgets the address and number.
      await this.blankOut(m, Encrypted.conversationAddress,
        `SELECT t.id FROM conversations t WHERE t.id IN (SELECT conversation_id FROM conversation_messages WHERE contact_id = ANY($1))
            AND NOT EXISTS (SELECT 1 FROM conversation_messages s JOIN contacts k ON k.id = s.contact_id WHERE s.conversation_id = t.id AND k.anonymised_at IS NULL) FOR UPDATE`, [locked],
        `UPDATE conversations t SET address_encrypted = v.blank, address_hash = 'anonymised:' || t.id, phone_encrypted = NULL, phone_hash = NULL, display_name_encrypted = NULL, contact_id = NULL
           FROM unnest($1::uuid[], $2::text[]) AS v(id, blank) WHERE t.id = v.id`);
      return ids.length === BATCH ? BATCH : locked.length;
    });
    const people = await drain(async (m) => {
      const ids = await this.claim(m,
        `SELECT p.id FROM people p WHERE p.anonymised_at IS NULL AND p.created_at < mayak_now() - make_interval(days => $1)
            AND NOT EXISTS (SELECT 1 FROM contacts k WHERE k.person_id = p.id AND k.anonymised_at IS NULL)
            AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.person_id = p.id AND c.anonymised_at IS NULL)
          LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`, [s.contactsWithoutCaseDays]);
      if (!ids.length) return 0;
      await m.query(`UPDATE people SET name_encrypted = NULL, name_index = '{}', anonymised_at = mayak_now() WHERE id = ANY($1)`, [ids]);
      await m.query(`DELETE FROM person_identifiers WHERE person_id = ANY($1)`, [ids]);
      return ids.length;
    });
    // A message that never became a contact (it could not be routed, or was never filed) is
    // kept as received for a contact's period, and no longer.
    await drain(async (m) => {
      const ids = await this.claim(m,
        `SELECT id FROM inbound_webhooks WHERE payload_encrypted IS NOT NULL AND (outcome = 'unroutable' OR processed_at IS NULL)
            AND received_at < mayak_now() - make_interval(days => $1) LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`, [s.contactsWithoutCaseDays]);
      if (!ids.length) return 0;
      await m.query(`UPDATE inbound_webhooks SET payload_encrypted = NULL, processed_at = COALESCE(processed_at, mayak_now()), outcome = COALESCE(outcome, 'ignored') WHERE id = ANY($1)`, [ids]);
      return ids.length;
    });
    const [held] = (await this.dataSource.query(`SELECT count(*)::int AS n FROM cases c WHERE c.anonymised_at IS NULL AND c.status = 'closed' AND c.legal_hold AND c.closed_at < mayak_now() - make_interval(days => $1)`, [s.closedCasesDays])) as { n: number }[];
    const report = { dryRun: false, contacts, cases, people, heldCases: held.n, complete };
    await this.audit.record({ action: AuditAction.RetentionRun, entityType: 'retention', summary: { ...report, contactsWithoutCaseDays: s.contactsWithoutCaseDays, closedCasesDays: s.closedCasesDays } });
    if (contacts || cases || people) this.logger.log({ ...report }, 'retention run anonymised records');
    return report;
  }

  async setLegalHold(actor: Actor, caseId: string, hold: boolean, reason: string | undefined): Promise<LegalHoldStateDto> {
    return this.dataSource.transaction(async (m) => {
      const found = await m.query(`SELECT c.id, c.office_id FROM cases c WHERE c.id = $1 AND c.office_id = ANY($2) FOR UPDATE`, [caseId, actor.officeIds]) as { id: string; office_id: string }[];
      if (!found.length) throw notFound('Case');
      await m.query(`UPDATE cases SET legal_hold = $2, legal_hold_reason = $3, updated_at = mayak_now(), version = version + 1 WHERE id = $1`, [caseId, hold, hold ? reason ?? null : null]);
      await this.audit.record({ action: AuditAction.LegalHoldChanged, entityType: 'case', entityId: caseId, officeId: found[0].office_id, summary: { hold } }, m);
      return { legalHold: hold, legalHoldReason: hold ? reason ?? null : null };
    });
  }

  /**
   * Rows chosen by `select` (locked) lose their value in `column`, which cannot be NULL: `update`
   * ($1 the ids, $2 the values) puts an encrypted empty string in its place, sealed for each row.
   */
  private async blankOut(m: EntityManager, column: EncryptedColumn, select: string, params: unknown[], update: string): Promise<void> {
    const ids = await this.claim(m, select, params);
    if (ids.length) await m.query(update, [ids, ids.map((id) => this.vault.encrypt('', column.at(id)))]);
  }

  private async claim(m: EntityManager, sql: string, params: unknown[]): Promise<string[]> {
    return ((await m.query(sql, params)) as { id: string }[]).map((r) => r.id);
  }
}
