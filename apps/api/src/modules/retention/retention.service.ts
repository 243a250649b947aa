import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditAction } from '#api/core/audit/audit-actions';
import { AuditService } from '#api/core/audit/audit.service';
import type { Actor } from '#api/core/context/request-context';
import { Encrypted, type EncryptedColumn } from '#api/core/crypto/encrypted-columns';
import { notFound, staleVersion } from '#api/core/errors/domain-error';
import { CaseAttachmentsService } from '../cases/case-attachments.service';
import { IdentifierVault } from '../people/identifier-vault';
import type { LegalHoldStateDto, RetentionReportDto, RetentionSettingsDto, UpdateRetentionSettingsDto } from './dto/retention.dto';
import type { RetentionSettings } from './retention-settings.entity';
import { RetentionRepository } from './retention.repository';

const BATCH = 500;
const MAX_BATCHES = 200; // per kind and run: 100,000 rows; the next run continues

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
    private readonly retention: RetentionRepository,
    private readonly vault: IdentifierVault,
    private readonly audit: AuditService,
    private readonly caseAttachments: CaseAttachmentsService,
  ) {}

  async settings(): Promise<RetentionSettings> {
    return this.retention.settings();
  }

  view(s: RetentionSettings): RetentionSettingsDto {
    return {
      contactsWithoutCaseDays: s.contactsWithoutCaseDays,
      closedCasesDays: s.closedCasesDays,
      updatedAt: s.updatedById ? s.updatedAt.toISOString() : null,
      version: s.version,
    };
  }

  async update(actor: Actor, input: UpdateRetentionSettingsDto): Promise<RetentionSettingsDto> {
    const current = await this.settings();
    if (current.version !== input.version) throw staleVersion('The retention settings');
    const saved = await this.retention.transaction(async (m) => {
      current.contactsWithoutCaseDays = input.contactsWithoutCaseDays;
      current.closedCasesDays = input.closedCasesDays;
      current.updatedById = actor.userId;
      const row = await this.retention.saveSettings(m, current);
      await this.audit.record(
        {
          action: AuditAction.RetentionSettingsChanged,
          entityType: 'retention_settings',
          entityId: '1',
          summary: { contactsWithoutCaseDays: input.contactsWithoutCaseDays, closedCasesDays: input.closedCasesDays },
        },
        m,
      );
      return row;
    });
    return this.view(saved);
  }

  /** What a run would anonymise now, changing nothing. */
  async preview(actor: Actor | null): Promise<RetentionReportDto> {
    const s = await this.settings();
    const row = await this.retention.countDue(s.contactsWithoutCaseDays, s.closedCasesDays);
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
        const done = await this.retention.transaction(step);
        total += done;
        if (done < BATCH) return total;
      }
      complete = false;
      return total;
    };
    // Cases first, so their contacts and clients follow in the same run.
    const cases = await drain(async (m) => {
      const ids = await this.retention.claimCasesDue(m, s.closedCasesDays, BATCH);
      if (!ids.length) return 0;
      await this.retention.eraseCaseTexts(m, ids);
      // A case's files go with it: their names now, the sealed files from the store once this run's cases are done.
      await this.caseAttachments.eraseWithCases(m, ids);
      await this.blankOut(Encrypted.callbackPhone, await this.retention.claimFinishedCallbacksOfCases(m, ids), (rows, blanks) =>
        this.retention.blankCallbackPhones(m, rows, blanks),
      );
      return ids.length;
    });
    await this.caseAttachments.sweep();
    const contacts = await drain(async (m) => {
      const ids = await this.retention.claimContactsDue(m, s.contactsWithoutCaseDays, BATCH);
      if (!ids.length) return 0;
      const rows = await this.retention.lockContacts(m, ids);
      const locked = rows.map((r) => r.id);
      await this.retention.anonymiseContacts(
        m,
        locked,
        rows.map((r) => (r.phoneHash ? this.vault.callerPseudonym(r.phoneHash) : null)),
      );
      // The number's other contacts (kept, e.g. under a legal hold) carry the same pseudonym, so a caller counts once across both.
      const hashed = rows.filter((r): r is { id: string; phoneHash: string } => !!r.phoneHash);
      if (hashed.length)
        await this.retention.setCallerPseudonyms(
          m,
          hashed.map((r) => r.phoneHash),
          hashed.map((r) => this.vault.callerPseudonym(r.phoneHash)),
        );
      await this.retention.eraseCallsAndVoicemails(m, locked);
      await this.blankOut(Encrypted.messageBody, await this.retention.claimMessagesOfContacts(m, locked), (rows, blanks) =>
        this.retention.blankMessageBodies(m, rows, blanks),
      );
      // Files go with their messages: the rows now, the sealed files from the store by the worker's attachment sweep.
      await this.retention.eraseMessageAttachments(m, locked);
      await this.blankOut(Encrypted.callbackPhone, await this.retention.claimFinishedCallbacksOfContacts(m, locked), (rows, blanks) =>
        this.retention.blankCallbackPhones(m, rows, blanks),
      );
      // A conversation whose every message is anonymised forgets the address and number.
      await this.blankOut(Encrypted.conversationAddress, await this.retention.claimConversationsAllAnonymised(m, locked), (rows, blanks) =>
        this.retention.blankConversationAddresses(m, rows, blanks),
      );
      return ids.length === BATCH ? BATCH : locked.length;
    });
    const people = await drain(async (m) => {
      const ids = await this.retention.claimPeopleDue(m, s.contactsWithoutCaseDays, BATCH);
      if (!ids.length) return 0;
      await this.retention.anonymisePeople(m, ids);
      return ids.length;
    });
    // A message that never became a contact (it could not be routed, or was never filed) is
    // kept as received for a contact's period, and no longer.
    await drain(async (m) => {
      const ids = await this.retention.claimInboundWebhooksDue(m, s.contactsWithoutCaseDays, BATCH);
      if (!ids.length) return 0;
      await this.retention.eraseInboundWebhooks(m, ids);
      return ids.length;
    });
    const heldCases = await this.retention.countHeld(s.closedCasesDays);
    const report = { dryRun: false, contacts, cases, people, heldCases, complete };
    await this.audit.record({
      action: AuditAction.RetentionRun,
      entityType: 'retention',
      summary: { ...report, contactsWithoutCaseDays: s.contactsWithoutCaseDays, closedCasesDays: s.closedCasesDays },
    });
    if (contacts || cases || people) this.logger.log({ ...report }, 'retention run anonymised records');
    return report;
  }

  async setLegalHold(actor: Actor, caseId: string, hold: boolean, reason: string | undefined): Promise<LegalHoldStateDto> {
    return this.retention.transaction(async (m) => {
      const found = await this.retention.lockCaseInOffices(m, caseId, actor.officeIds);
      if (!found) throw notFound('Case');
      await this.retention.setLegalHold(m, caseId, hold, hold ? (reason ?? null) : null);
      await this.audit.record({ action: AuditAction.LegalHoldChanged, entityType: 'case', entityId: caseId, officeId: found.officeId, summary: { hold } }, m);
      return { legalHold: hold, legalHoldReason: hold ? (reason ?? null) : null };
    });
  }

  /**
   * The claimed rows lose their value in `column`, which cannot be NULL: `write` puts an
   * encrypted empty string in its place, sealed for each row.
   */
  private async blankOut(column: EncryptedColumn, ids: string[], write: (ids: string[], blanks: string[]) => Promise<void>): Promise<void> {
    if (ids.length)
      await write(
        ids,
        ids.map((id) => this.vault.encrypt('', column.at(id))),
      );
  }
}
