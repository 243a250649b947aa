import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ContactBackEvidence, SafeWindow } from '@mayak/domain';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '#api/core/context/request-context';
import type { KeysetPosition } from '#api/core/database/keyset';
import { caseScope, contactScope } from '../access/record-scope';
import { Case } from '../cases/case.entity';
import { loadUserRefs, type UserRef } from '../cases/user-refs';
import { Contact } from '../contacts/contact.entity';
import { CallbackAttempt } from './callback-attempt.entity';
import { Callback } from './callback.entity';
import type { ListCallbacksQuery } from './dto/callback.dto';

/** A callback open this long past its due time is overdue (the callbacks list's `overdue` view). */
export const CALLBACK_OVERDUE_MINUTES = 30;

/** A callback as first written; the database gives version and timestamps. */
export type NewCallback = Omit<Callback, 'version' | 'createdAt' | 'updatedAt'>;

/** A callback owed for a missed call, keyed by the call so a retried webhook owes it once. */
export interface MissedCallCallback {
  id: string;
  officeId: string;
  contactId: string | null;
  sourceCallId: string;
  phoneEncrypted: string;
  phoneHash: string;
  reason: string;
  dueAt: Date;
  timeZone: string;
  maxAttempts: number;
  window: SafeWindow | null;
}

/** The outbound leg that rings the operator and then the client. */
export interface CallbackCall {
  id: string;
  callSid: string;
  officeId: string;
  callbackId: string;
  contactId: string | null;
  partyEncrypted: string;
  partyHash: string;
  lineNumber: string;
  operatorId: string;
}

/** What the delayed job found due and marked so. */
export interface FiredCallback {
  id: string;
  officeId: string;
  assigneeId: string | null;
  attempts: number;
  caseId: string | null;
  reason: string;
  dueAt: Date;
}

export interface CallbackListFilter {
  officeIds: string[];
  view: NonNullable<ListCallbacksQuery['view']>;
  /** The end of today in the first office's time zone (the `today` view). */
  endOfDay: Date | null;
  /** 'me' (the `me` user), 'none' or a user id. */
  assignee: string | undefined;
  me: string;
  caseId: string | undefined;
  position: KeysetPosition | null;
  limit: number;
}

/** The callbacks table and its attempts, with what scheduling and placing them reads of other tables. */
export abstract class CallbacksRepository {
  abstract transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T>;
  /** Runs work on the shared manager, outside any transaction (for other contexts' methods that take one). */
  abstract outsideTransaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T>;
  /**
   * Per office code (every office, zero included): callbacks due now (the `due` view) and,
   * among them, those overdue. Counts over ix_callbacks_office_status_due.
   */
  abstract countDueByOffice(now: Date): Promise<{ officeCode: string; due: number; overdue: number }[]>;
  /** What the contact and the case recorded about calling the client back. */
  abstract contactBackEvidence(m: EntityManager, contactId: string | null, caseId: string | null): Promise<ContactBackEvidence>;
  /** The latest answer a number (its hashes under every identifier hash key) gave to "may we call you back?" (over ix_contacts_phone_hash), or null. */
  abstract lastContactBackAnswer(m: EntityManager, phoneHashes: string[]): Promise<boolean | null>;
  /** The safe window a number (its hashes under every identifier hash key) was last given (over ix_callbacks_phone_window), or null. */
  abstract lastSafeWindow(m: EntityManager, phoneHashes: string[]): Promise<SafeWindow | null>;
  abstract findContactInScope(m: EntityManager, actor: Actor, contactId: string): Promise<Contact | null>;
  abstract findCaseInScope(m: EntityManager, actor: Actor, caseId: string): Promise<Case | null>;
  /** The phone number of the case's latest contact that left one, or null. */
  abstract latestContactPhone(m: EntityManager, caseId: string): Promise<{ contactId: string; phoneEncrypted: string } | null>;
  /** Whether the user is an active operator, case worker or supervisor of the office. */
  abstract isStaffOf(m: EntityManager, officeId: string, userId: string): Promise<boolean>;
  abstract officeTimeZone(officeId: string, m?: EntityManager): Promise<string | null>;
  abstract insert(m: EntityManager, callback: NewCallback): Promise<Callback>;
  /** Writes the callback unless the call already owes one; returns its id and due time, or null. */
  abstract insertForMissedCall(m: EntityManager, callback: MissedCallCallback): Promise<{ id: string; dueAt: Date } | null>;
  /** A callback of one of the offices (locked for a change when asked), or null. */
  abstract findInOffices(officeIds: string[], id: string, m?: EntityManager, lock?: boolean): Promise<Callback | null>;
  abstract lockById(m: EntityManager, id: string): Promise<Callback | null>;
  abstract save(m: EntityManager, callback: Callback): Promise<Callback>;
  abstract insertAttempt(m: EntityManager, attempt: { callbackId: string; number: number; operatorId: string }): Promise<void>;
  abstract setAttemptCallSid(m: EntityManager, callbackId: string, number: number, callSid: string): Promise<void>;
  /** Ends attempt `number` with its outcome, once. */
  abstract closeAttempt(m: EntityManager, callbackId: string, number: number, outcome: string): Promise<void>;
  /** Takes back attempt `number` that dialled nothing: the callback returns to `status` as it was. */
  abstract undoAttempt(m: EntityManager, callbackId: string, number: number, status: string): Promise<void>;
  /** The attempt of a callback still waiting for the outcome of the call, or null. */
  abstract openAttemptOfCall(callbackId: string, callSid: string): Promise<number | null>;
  abstract insertCall(m: EntityManager, call: CallbackCall): Promise<void>;
  abstract completeCall(callId: string, providerStatus: string, durationSeconds: number | null): Promise<void>;
  /** Marks a scheduled callback due (once, when its time has come by the database's clock); null when it was not. */
  abstract markDue(m: EntityManager, id: string): Promise<FiredCallback | null>;
  /** Scheduled callbacks due within `horizonSeconds`, in (due time, id) order after `after`. */
  abstract scheduledDueWithin(horizonSeconds: number, after: KeysetPosition | null, limit: number): Promise<{ id: string; dueAt: Date }[]>;
  /** One page (limit + 1 rows) of a view of the offices' callbacks. */
  abstract list(filter: CallbackListFilter): Promise<Callback[]>;
  abstract attemptsOf(callbackIds: string[]): Promise<CallbackAttempt[]>;
  abstract userRefs(ids: (string | null)[]): Promise<Map<string, UserRef>>;
  abstract caseReferences(caseIds: string[]): Promise<Map<string, string>>;
}

@Injectable()
export class SqlCallbacksRepository extends CallbacksRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  outsideTransaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return work(this.dataSource.manager);
  }

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

  async contactBackEvidence(m: EntityManager, contactId: string | null, caseId: string | null): Promise<ContactBackEvidence> {
    const [row]: { contact_answer: boolean | null; standing: boolean; withdrawn: boolean }[] = await m.query(
      `SELECT (SELECT consent_to_contact_back FROM contacts WHERE id = $1) AS contact_answer,
              EXISTS (SELECT 1 FROM case_consents WHERE case_id = $2 AND purpose = 'contact_back' AND withdrawn_at IS NULL) AS standing,
              EXISTS (SELECT 1 FROM case_consents WHERE case_id = $2 AND purpose = 'contact_back' AND withdrawn_at IS NOT NULL) AS withdrawn`,
      [contactId, caseId],
    );
    return { contactAnswer: row?.contact_answer ?? null, caseConsentStanding: !!row?.standing, caseConsentWithdrawn: !!row?.withdrawn };
  }

  async lastContactBackAnswer(m: EntityManager, phoneHashes: string[]): Promise<boolean | null> {
    const [row]: { answer: boolean }[] = await m.query(
      `SELECT consent_to_contact_back AS answer FROM contacts WHERE phone_hash = ANY($1) AND consent_to_contact_back IS NOT NULL ORDER BY started_at DESC LIMIT 1`,
      [phoneHashes],
    );
    return row ? row.answer : null;
  }

  async lastSafeWindow(m: EntityManager, phoneHashes: string[]): Promise<SafeWindow | null> {
    const [row]: { days: number[]; start: number; end: number; time_zone: string }[] = await m.query(
      `SELECT safe_days AS days, safe_start_minute AS start, safe_end_minute AS "end", time_zone FROM callbacks
        WHERE phone_hash = ANY($1) AND safe_start_minute IS NOT NULL ORDER BY created_at DESC LIMIT 1`,
      [phoneHashes],
    );
    return row?.days?.length ? { days: row.days, startMinute: row.start, endMinute: row.end, timeZone: row.time_zone } : null;
  }

  async findContactInScope(m: EntityManager, actor: Actor, contactId: string): Promise<Contact | null> {
    const scope = contactScope(actor, 'k');
    return m.getRepository(Contact).createQueryBuilder('k').where('k.id = :id', { id: contactId }).andWhere(scope.sql, scope.params).getOne();
  }

  async findCaseInScope(m: EntityManager, actor: Actor, caseId: string): Promise<Case | null> {
    const scope = caseScope(actor, 'c');
    return m.getRepository(Case).createQueryBuilder('c').where('c.id = :id', { id: caseId }).andWhere(scope.sql, scope.params).getOne();
  }

  async latestContactPhone(m: EntityManager, caseId: string): Promise<{ contactId: string; phoneEncrypted: string } | null> {
    const [row] = (await m.query(`SELECT id, phone_encrypted FROM contacts WHERE case_id = $1 AND phone_hash IS NOT NULL ORDER BY started_at DESC LIMIT 1`, [
      caseId,
    ])) as { id: string; phone_encrypted: string }[];
    return row ? { contactId: row.id, phoneEncrypted: row.phone_encrypted } : null;
  }

  async isStaffOf(m: EntityManager, officeId: string, userId: string): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `SELECT 1 FROM users u JOIN user_offices uo ON uo.user_id = u.id WHERE u.id = $1 AND uo.office_id = $2 AND u.active AND u.roles && ARRAY['operator', 'case_worker', 'supervisor']::text[]`,
      [userId, officeId],
    );
    return rows.length > 0;
  }

  async officeTimeZone(officeId: string, m: EntityManager = this.dataSource.manager): Promise<string | null> {
    const [row] = (await m.query(`SELECT timezone FROM offices WHERE id = $1`, [officeId])) as { timezone: string }[];
    return row?.timezone ?? null;
  }

  async insert(m: EntityManager, callback: NewCallback): Promise<Callback> {
    const repo = m.getRepository(Callback);
    const created = repo.create(callback);
    await repo.insert(created);
    return created;
  }

  async insertForMissedCall(m: EntityManager, cb: MissedCallCallback): Promise<{ id: string; dueAt: Date } | null> {
    const rows: { id: string; due_at: Date }[] = await m.query(
      `INSERT INTO callbacks (id, office_id, contact_id, source_call_id, phone_encrypted, phone_hash, reason, method, status, due_at, time_zone, max_attempts, safe_days, safe_start_minute, safe_end_minute)
       VALUES ($13, $1, $2, $3, $4, $5, $6, 'voice', 'scheduled', $7, $8, $9, $10, $11, $12)
       ON CONFLICT (source_call_id) WHERE source_call_id IS NOT NULL DO NOTHING RETURNING id, due_at`,
      [
        cb.officeId,
        cb.contactId,
        cb.sourceCallId,
        cb.phoneEncrypted,
        cb.phoneHash,
        cb.reason,
        cb.dueAt,
        cb.timeZone,
        cb.maxAttempts,
        cb.window?.days ?? null,
        cb.window?.startMinute ?? null,
        cb.window?.endMinute ?? null,
        cb.id,
      ],
    );
    return rows.length ? { id: rows[0].id, dueAt: new Date(rows[0].due_at) } : null;
  }

  async findInOffices(officeIds: string[], id: string, m: EntityManager = this.dataSource.manager, lock = false): Promise<Callback | null> {
    if (!officeIds.length) return null;
    const qb = m.getRepository(Callback).createQueryBuilder('b').where('b.id = :id', { id }).andWhere('b.office_id = ANY(:offices)', { offices: officeIds });
    if (lock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  async lockById(m: EntityManager, id: string): Promise<Callback | null> {
    return m.getRepository(Callback).createQueryBuilder('b').setLock('pessimistic_write').where('b.id = :id', { id }).getOne();
  }

  async save(m: EntityManager, callback: Callback): Promise<Callback> {
    return m.getRepository(Callback).save(callback);
  }

  async insertAttempt(m: EntityManager, attempt: { callbackId: string; number: number; operatorId: string }): Promise<void> {
    await m.getRepository(CallbackAttempt).insert({ ...attempt, callSid: null, endedAt: null, outcome: null });
  }

  async setAttemptCallSid(m: EntityManager, callbackId: string, number: number, callSid: string): Promise<void> {
    await m.query(`UPDATE callback_attempts SET call_sid = $3 WHERE callback_id = $1 AND number = $2`, [callbackId, number, callSid]);
  }

  async closeAttempt(m: EntityManager, callbackId: string, number: number, outcome: string): Promise<void> {
    await m.query(`UPDATE callback_attempts SET outcome = $3, ended_at = mayak_now() WHERE callback_id = $1 AND number = $2 AND outcome IS NULL`, [
      callbackId,
      number,
      outcome,
    ]);
  }

  async undoAttempt(m: EntityManager, callbackId: string, number: number, status: string): Promise<void> {
    await m.query(`DELETE FROM callback_attempts WHERE callback_id = $1 AND number = $2`, [callbackId, number]);
    await m.query(
      `UPDATE callbacks SET status = $2, attempts = attempts - 1, placed_by_id = NULL, version = version + 1, updated_at = mayak_now() WHERE id = $1 AND status = 'in_progress' AND attempts = $3`,
      [callbackId, status, number],
    );
  }

  async openAttemptOfCall(callbackId: string, callSid: string): Promise<number | null> {
    const [attempt] = (await this.dataSource.query(`SELECT number FROM callback_attempts WHERE callback_id = $1 AND call_sid = $2 AND outcome IS NULL`, [
      callbackId,
      callSid,
    ])) as { number: number }[];
    return attempt ? attempt.number : null;
  }

  async insertCall(m: EntityManager, call: CallbackCall): Promise<void> {
    await m.query(
      `INSERT INTO telephony_calls (id, call_sid, direction, purpose, office_id, callback_id, contact_id, party_encrypted, party_hash, line_number, state, operator_id, answered_at)
       VALUES ($9, $1, 'outbound', 'callback', $2, $3, $4, $5, $6, $7, 'in_progress', $8, mayak_now()) ON CONFLICT (call_sid) DO NOTHING`,
      [call.callSid, call.officeId, call.callbackId, call.contactId, call.partyEncrypted, call.partyHash, call.lineNumber, call.operatorId, call.id],
    );
  }

  async completeCall(callId: string, providerStatus: string, durationSeconds: number | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE telephony_calls SET state = 'completed', ended_at = mayak_now(), provider_status = $2, duration_seconds = $3, updated_at = mayak_now(), version = version + 1 WHERE id = $1 AND state <> 'completed'`,
      [callId, providerStatus, durationSeconds],
    );
  }

  async markDue(m: EntityManager, id: string): Promise<FiredCallback | null> {
    const rows: Callback[] = await m
      .getRepository(Callback)
      .createQueryBuilder()
      .update()
      .set({ status: 'due', firedAt: () => 'mayak_clock_timestamp()' })
      .where(`id = :id AND status = 'scheduled' AND due_at <= mayak_clock_timestamp() + interval '2 seconds'`, { id })
      .returning('*')
      .execute()
      .then((r) => r.raw as Callback[]);
    if (!rows.length) return null;
    const row = rows[0] as unknown as Record<string, unknown>;
    return {
      id: row.id as string,
      officeId: row.office_id as string,
      assigneeId: row.assignee_id as string | null,
      attempts: row.attempts as number,
      caseId: row.case_id as string | null,
      reason: row.reason as string,
      dueAt: row.due_at as Date,
    };
  }

  async scheduledDueWithin(horizonSeconds: number, after: KeysetPosition | null, limit: number): Promise<{ id: string; dueAt: Date }[]> {
    const rows: { id: string; due_at: Date }[] = await this.dataSource.query(
      `SELECT id, due_at FROM callbacks WHERE status = 'scheduled' AND due_at <= mayak_now() + make_interval(secs => $1)
         AND ($2::timestamptz IS NULL OR (due_at, id) > ($2::timestamptz, $3::uuid)) ORDER BY due_at, id LIMIT $4`,
      [horizonSeconds, after?.at ?? null, after?.id ?? null, limit],
    );
    return rows.map((row) => ({ id: row.id, dueAt: row.due_at }));
  }

  async list(filter: CallbackListFilter): Promise<Callback[]> {
    const { view } = filter;
    const newestFirst = view === 'closed';
    const qb = this.dataSource.getRepository(Callback).createQueryBuilder('b').where('b.office_id = ANY(:offices)', { offices: filter.officeIds });
    const open = `b.status IN ('scheduled', 'due', 'in_progress')`;
    if (view === 'due') qb.andWhere(`(b.status IN ('due', 'in_progress') OR (b.status = 'scheduled' AND b.due_at <= mayak_now()))`);
    else if (view === 'overdue') qb.andWhere(`${open} AND b.due_at < mayak_now() - make_interval(mins => :overdue)`, { overdue: CALLBACK_OVERDUE_MINUTES });
    else if (view === 'today') qb.andWhere(`${open} AND b.due_at < :endOfDay`, { endOfDay: filter.endOfDay });
    else if (view === 'upcoming') qb.andWhere(`b.status = 'scheduled' AND b.due_at > mayak_now()`);
    else if (view === 'open') qb.andWhere(open);
    else qb.andWhere(`b.status IN ('completed', 'failed', 'cancelled')`);
    if (filter.assignee === 'me') qb.andWhere('b.assignee_id = :me', { me: filter.me });
    else if (filter.assignee === 'none') qb.andWhere('b.assignee_id IS NULL');
    else if (filter.assignee) qb.andWhere('b.assignee_id = :assignee', { assignee: filter.assignee });
    if (filter.caseId) qb.andWhere('b.case_id = :caseId', { caseId: filter.caseId });
    if (filter.position)
      qb.andWhere(newestFirst ? '(b.due_at, b.id) < (:at, :cid)' : '(b.due_at, b.id) > (:at, :cid)', { at: filter.position.at, cid: filter.position.id });
    return qb
      .orderBy('b.due_at', newestFirst ? 'DESC' : 'ASC')
      .addOrderBy('b.id', newestFirst ? 'DESC' : 'ASC')
      .limit(filter.limit + 1)
      .getMany();
  }

  async attemptsOf(callbackIds: string[]): Promise<CallbackAttempt[]> {
    return this.dataSource.getRepository(CallbackAttempt).find({ where: callbackIds.map((callbackId) => ({ callbackId })), order: { number: 'ASC' } });
  }

  async userRefs(ids: (string | null)[]): Promise<Map<string, UserRef>> {
    return loadUserRefs(this.dataSource.manager, ids);
  }

  async caseReferences(caseIds: string[]): Promise<Map<string, string>> {
    const references = new Map<string, string>();
    if (caseIds.length)
      for (const row of (await this.dataSource.query(`SELECT id, reference FROM cases WHERE id = ANY($1)`, [caseIds])) as { id: string; reference: string }[])
        references.set(row.id, row.reference);
    return references;
  }
}
