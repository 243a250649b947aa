import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ContactBackEvidence, SafeWindow } from '@mayak/domain';
import { DataSource, type EntityManager } from 'typeorm';

/** A callback open this long past its due time is overdue (the callbacks list's `overdue` view). */
export const CALLBACK_OVERDUE_MINUTES = 30;

/** Purpose-named reads over callbacks. */
@Injectable()
export class CallbacksRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Per office code (every office, zero included): callbacks due now (the `due` view) and,
   * among them, those overdue. Counts over ix_callbacks_office_status_due.
   */
  async countDueByOffice(now: Date): Promise<{ officeCode: string; due: number; overdue: number }[]> {
    const rows: { office_code: string; due: string; overdue: string }[] = await this.dataSource.query(
      `SELECT o.code AS office_code, count(b.id) AS due,
              count(b.id) FILTER (WHERE b.due_at < $1::timestamptz - make_interval(mins => $2)) AS overdue
         FROM offices o
         LEFT JOIN callbacks b ON b.office_id = o.id
          AND (b.status IN ('due', 'in_progress') OR (b.status = 'scheduled' AND b.due_at <= $1::timestamptz))
        GROUP BY o.code`,
      [now, CALLBACK_OVERDUE_MINUTES],
    );
    return rows.map((row) => ({ officeCode: row.office_code, due: Number(row.due), overdue: Number(row.overdue) }));
  }

  /** What the contact and the case recorded about calling the client back. */
  async contactBackEvidence(m: EntityManager, contactId: string | null, caseId: string | null): Promise<ContactBackEvidence> {
    const [row]: { contact_answer: boolean | null; standing: boolean; withdrawn: boolean }[] = await m.query(
      `SELECT (SELECT consent_to_contact_back FROM contacts WHERE id = $1) AS contact_answer,
              EXISTS (SELECT 1 FROM case_consents WHERE case_id = $2 AND purpose = 'contact_back' AND withdrawn_at IS NULL) AS standing,
              EXISTS (SELECT 1 FROM case_consents WHERE case_id = $2 AND purpose = 'contact_back' AND withdrawn_at IS NOT NULL) AS withdrawn`,
      [contactId, caseId],
    );
    return { contactAnswer: row?.contact_answer ?? null, caseConsentStanding: !!row?.standing, caseConsentWithdrawn: !!row?.withdrawn };
  }

  /** The latest answer a number (its hashes under every identifier hash key) gave to "may we call you back?" (over ix_contacts_phone_hash), or null. */
  async lastContactBackAnswer(m: EntityManager, phoneHashes: string[]): Promise<boolean | null> {
    const [row]: { answer: boolean }[] = await m.query(
      `SELECT consent_to_contact_back AS answer FROM contacts WHERE phone_hash = ANY($1) AND consent_to_contact_back IS NOT NULL ORDER BY started_at DESC LIMIT 1`,
      [phoneHashes],
    );
    return row ? row.answer : null;
  }

  /** The safe window a number (its hashes under every identifier hash key) was last given (over ix_callbacks_phone_window), or null. */
  async lastSafeWindow(m: EntityManager, phoneHashes: string[]): Promise<SafeWindow | null> {
    const [row]: { days: number[]; start: number; end: number; time_zone: string }[] = await m.query(
      `SELECT safe_days AS days, safe_start_minute AS start, safe_end_minute AS "end", time_zone FROM callbacks
        WHERE phone_hash = ANY($1) AND safe_start_minute IS NOT NULL ORDER BY created_at DESC LIMIT 1`,
      [phoneHashes],
    );
    return row?.days?.length ? { days: row.days, startMinute: row.start, endMinute: row.end, timeZone: row.time_zone } : null;
  }
}
