import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { updateReturning } from '#api/core/database/update-returning';
import { loadUserRefs, type UserRef } from '../cases/user-refs';
import { TelephonyCall } from './call.entity';

/** A hotline call as it arrives, with the contact it opens; the numbers are already encrypted for their rows. */
export interface IncomingCall {
  callId: string;
  callSid: string;
  officeId: string;
  contactId: string;
  lineNumber: string;
  partyEncrypted: string | null;
  partyHash: string | null;
  contactPhoneEncrypted: string | null;
}

/** A call that has just joined its office's queue. */
export interface QueuedCall {
  id: string;
  contactId: string | null;
  officeId: string;
}

/** A waiting caller's place in the queue (1 first), and whether they may be offered a callback. */
export interface QueuePlace {
  position: number;
  mayCallBack: boolean;
}

/** The stored number of a call, to find it under every identifier hash key while the key rotates. */
export interface CallParty {
  id: string;
  partyEncrypted: string | null;
  partyHash: string | null;
}

/** An audit row as an `INSERT ... SELECT` (AuditService.insertFrom) to run in the same statement. */
export interface AuditInsert {
  sql: string;
  params: unknown[];
}

/**
 * Telephony calls, and what answering, transferring and ending them writes to their contacts.
 * `hashes`: the caller's number under every identifier hash key while that key rotates, or null
 * to match on the call's own hash.
 */
export abstract class CallsRepository {
  abstract transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T>;
  /** Callers waiting in the queue now, per office code (every office, zero included); reads the live-calls partial index. */
  abstract countWaitingByOffice(): Promise<{ officeCode: string; waiting: number }[]>;
  abstract findById(id: string): Promise<TelephonyCall | null>;
  abstract findByCallSid(callSid: string): Promise<TelephonyCall | null>;
  /** The call a contact came from, or null. */
  abstract findByContact(contactId: string): Promise<TelephonyCall | null>;
  /** The call's operator and state now (throws when the call is gone). */
  abstract currentHolder(id: string): Promise<Pick<TelephonyCall, 'operatorId' | 'state'>>;
  /** The call's stored number, or null when no call has this sid. */
  abstract partyOf(callSid: string): Promise<CallParty | null>;
  /** Hotline calls ringing, waiting or in progress in these offices, at most 200: waiting callers in the order they are answered (the console's Alt+A takes the first), then the rest, oldest first. */
  abstract listLive(officeIds: string[]): Promise<TelephonyCall[]>;
  /** Whether the user is an active operator, case worker or supervisor of the office. */
  abstract isActiveColleague(officeId: string, userId: string): Promise<boolean>;
  /** Display names of these users, in one query. */
  abstract userRefs(ids: Iterable<string | null | undefined>, m?: EntityManager): Promise<Map<string, UserRef>>;

  /**
   * Writes the call (at the menu), its contact and its audit row (AuditService.insertFrom over
   * `new_call`, from $9) in one statement, once per call sid (a provider's retry writes nothing).
   */
  abstract receive(call: IncomingCall, audit: AuditInsert): Promise<void>;
  /** Moves a call from the menu into the queue with its priority and gives its contact the language, in one statement; null when it was not at the menu. */
  abstract enqueue(callSid: string, language: string, hashes: string[] | null): Promise<QueuedCall | null>;
  /** Null when the call is not waiting in the queue. */
  abstract queuePlace(callSid: string, hashes: string[] | null): Promise<QueuePlace | null>;
  /** The waiting caller asked to be called back (and to leave a voicemail first, when asked). */
  abstract requestCallback(callSid: string, voicemail: boolean): Promise<void>;
  /** Back into the queue from connecting or in progress, with the operator it had; null when it was in neither state. */
  abstract requeue(m: EntityManager, callId: string): Promise<{ previousOperatorId: string | null } | null>;
  /** Takes a waiting call for the operator; false when it was no longer waiting. */
  abstract claim(m: EntityManager, callId: string, operatorId: string): Promise<boolean>;
  /** Gives a call the operator claimed back to the queue (the connection failed). */
  abstract giveBack(m: EntityManager, callId: string, operatorId: string): Promise<void>;
  /** Moves a live call between in progress and on hold unless a transfer waits on it; false when it was not in `from`. */
  abstract moveLive(m: EntityManager, callId: string, from: string, to: string): Promise<boolean>;
  /** The caller waits on hold for a warm transfer to the user. */
  abstract offerWarmTransfer(m: EntityManager, callId: string, toUserId: string): Promise<void>;
  abstract cancelWarmTransfer(m: EntityManager, callId: string): Promise<void>;
  /** The call is the new operator's, in progress and marked transferred. */
  abstract handOver(m: EntityManager, callId: string, toUserId: string): Promise<void>;
  /** Completes an answered call still live with the network's final word; false when it was already over. */
  abstract completeAnswered(m: EntityManager, callId: string, providerStatus: string | undefined, durationSeconds: number | null): Promise<boolean>;
  /** Ends a call nobody answered (at the menu, queued or connecting); false when it was already over or answered. */
  abstract finishUnanswered(m: EntityManager, callId: string, state: string, outcome: string, providerStatus: string | null): Promise<boolean>;
  /** Keeps the network's final status and duration on an unanswered call, without overwriting either. */
  abstract recordFinalStatus(callId: string, providerStatus: string | undefined, durationSeconds: number | null): Promise<void>;

  /** The open contact is the operator's. */
  abstract assignOpenContact(m: EntityManager, contactId: string, operatorId: string): Promise<void>;
  /** The contact is the operator's, whatever its status. */
  abstract assignContact(m: EntityManager, contactId: string, operatorId: string): Promise<void>;
  /** The open contact has no operator. */
  abstract releaseOpenContact(m: EntityManager, contactId: string): Promise<void>;
  /** The contact has no operator, whatever its status. */
  abstract releaseContact(m: EntityManager, contactId: string): Promise<void>;
  /** Fixes the open contact's end time and duration, leaving it open for the operator's notes. */
  abstract endContactCall(m: EntityManager, contactId: string): Promise<void>;
  /** Completes the open contact, with its end time and duration. */
  abstract completeContact(m: EntityManager, contactId: string): Promise<void>;
}

const sameNumberAs = (column: string, hashes: string | null) => (hashes ? `${column} = ANY(${hashes})` : `${column} = telephony_calls.party_hash`);
const HOLDERS_OF_NUMBER = (hashes: string | null) =>
  `SELECT i.person_id FROM person_identifiers i WHERE i.kind = 'phone' AND ${sameNumberAs('i.value_hash', hashes)}`;
// A caller's place in the queue, decided as they join it (telephony_calls.party_hash is the caller's number):
// at risk (an active at-risk flag on the number or a person holding it, or their open critical case) first,
// then callers owed a callback. `hashes`: the SQL array of the number's hashes, or null for the call's own hash.
const QUEUE_PRIORITY_SQL = (hashes: string | null) => `CASE
  WHEN telephony_calls.party_hash IS NULL THEN 'normal'
  WHEN EXISTS (SELECT 1 FROM active_person_flags f WHERE f.kind = 'at_risk'
                 AND (${sameNumberAs('f.phone_hash', hashes)} OR f.person_id IN (${HOLDERS_OF_NUMBER(hashes)})))
    OR EXISTS (SELECT 1 FROM cases k WHERE k.person_id IN (${HOLDERS_OF_NUMBER(hashes)}) AND k.priority = 'critical' AND k.status <> 'closed') THEN 'urgent'
  WHEN EXISTS (SELECT 1 FROM callbacks b WHERE ${sameNumberAs('b.phone_hash', hashes)} AND b.status IN ('scheduled', 'due', 'in_progress')) THEN 'callback_promised'
  ELSE 'normal' END`;
/** 0 first: the order QUEUE_PRIORITIES gives, in SQL. */
const QUEUE_RANK_SQL = (alias: string) => `array_position(ARRAY['urgent', 'callback_promised', 'normal'], ${alias}.queue_priority)`;
const LIVE_STATES = ['menu', 'queued', 'connecting', 'in_progress', 'on_hold'];

@Injectable()
export class SqlCallsRepository extends CallsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async countWaitingByOffice(): Promise<{ officeCode: string; waiting: number }[]> {
    const rows: { office_code: string; waiting: string }[] = await this.dataSource.query(
      `SELECT o.code AS office_code, count(c.id) AS waiting
         FROM offices o LEFT JOIN telephony_calls c ON c.office_id = o.id AND c.state = 'queued'
        GROUP BY o.code`,
    );
    return rows.map((row) => ({ officeCode: row.office_code, waiting: Number(row.waiting) }));
  }

  findById(id: string): Promise<TelephonyCall | null> {
    return this.dataSource.getRepository(TelephonyCall).findOneBy({ id });
  }

  findByCallSid(callSid: string): Promise<TelephonyCall | null> {
    return this.dataSource.getRepository(TelephonyCall).findOneBy({ callSid });
  }

  findByContact(contactId: string): Promise<TelephonyCall | null> {
    return this.dataSource.getRepository(TelephonyCall).findOneBy({ contactId });
  }

  currentHolder(id: string): Promise<Pick<TelephonyCall, 'operatorId' | 'state'>> {
    return this.dataSource.getRepository(TelephonyCall).findOneByOrFail({ id });
  }

  async partyOf(callSid: string): Promise<CallParty | null> {
    const [row] = (await this.dataSource.query(`SELECT id, party_encrypted, party_hash FROM telephony_calls WHERE call_sid = $1`, [callSid])) as {
      id: string;
      party_encrypted: string | null;
      party_hash: string | null;
    }[];
    return row ? { id: row.id, partyEncrypted: row.party_encrypted, partyHash: row.party_hash } : null;
  }

  listLive(officeIds: string[]): Promise<TelephonyCall[]> {
    return this.dataSource
      .getRepository(TelephonyCall)
      .createQueryBuilder('c')
      .where(`c.state IN (:...states)`, { states: LIVE_STATES })
      .andWhere('c.office_id = ANY(:offices)', { offices: officeIds })
      .andWhere(`c.purpose = 'hotline'`)
      .orderBy(`CASE WHEN c.state = 'queued' THEN ${QUEUE_RANK_SQL('c')} ELSE 9 END`, 'ASC')
      .addOrderBy('COALESCE(c.queued_at, c.created_at)', 'ASC')
      .limit(200)
      .getMany();
  }

  async isActiveColleague(officeId: string, userId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM users u JOIN user_offices uo ON uo.user_id = u.id WHERE u.id = $1 AND uo.office_id = $2 AND u.active AND u.roles && ARRAY['operator', 'case_worker', 'supervisor']::text[]`,
      [userId, officeId],
    );
    return rows.length > 0;
  }

  userRefs(ids: Iterable<string | null | undefined>, m: EntityManager = this.dataSource.manager): Promise<Map<string, UserRef>> {
    return loadUserRefs(m, ids);
  }

  async receive(call: IncomingCall, audit: AuditInsert): Promise<void> {
    // The contact's foreign key is checked at the end of the statement, when both rows exist.
    await this.dataSource.query(
      `WITH new_call AS (
         INSERT INTO telephony_calls (id, call_sid, direction, purpose, office_id, contact_id, party_encrypted, party_hash, line_number, state)
         VALUES ($1, $2, 'inbound', 'hotline', $3, $4, $5, $6, $7, 'menu') ON CONFLICT (call_sid) DO NOTHING RETURNING id
       ), new_contact AS (
         INSERT INTO contacts (id, office_id, operator_id, status, channel, direction, started_at, phone_encrypted, phone_hash)
         SELECT $4, $3, NULL, 'in_progress', 'voice', 'inbound', mayak_now(), $8, $6 FROM new_call RETURNING id
       ), audited AS (${audit.sql})
       SELECT (SELECT count(*) FROM new_call)::int AS created`,
      [
        call.callId,
        call.callSid,
        call.officeId,
        call.contactId,
        call.partyEncrypted,
        call.partyHash,
        call.lineNumber,
        call.contactPhoneEncrypted,
        ...audit.params,
      ],
    );
  }

  async enqueue(callSid: string, language: string, hashes: string[] | null): Promise<QueuedCall | null> {
    const [queued] = (await this.dataSource.query(
      `WITH queued AS (
         UPDATE telephony_calls SET language = $2, state = 'queued', queued_at = mayak_now(), updated_at = mayak_now(), version = version + 1,
                queue_priority = ${QUEUE_PRIORITY_SQL(hashes ? '$3::text[]' : null)}
          WHERE call_sid = $1 AND state = 'menu' RETURNING id, contact_id, office_id
       ), labelled AS (
         UPDATE contacts SET language = $2, updated_at = mayak_now(), version = version + 1 FROM queued WHERE contacts.id = queued.contact_id RETURNING contacts.id
       ) SELECT id, contact_id, office_id FROM queued`,
      hashes ? [callSid, language, hashes] : [callSid, language],
    )) as { id: string; contact_id: string | null; office_id: string }[];
    return queued ? { id: queued.id, contactId: queued.contact_id, officeId: queued.office_id } : null;
  }

  async queuePlace(callSid: string, hashes: string[] | null): Promise<QueuePlace | null> {
    const [place] = (await this.dataSource.query(
      `SELECT (SELECT count(*)::int FROM telephony_calls o WHERE o.office_id = c.office_id AND o.state = 'queued' AND o.purpose = 'hotline'
                 AND (${QUEUE_RANK_SQL('o')} < ${QUEUE_RANK_SQL('c')} OR (${QUEUE_RANK_SQL('o')} = ${QUEUE_RANK_SQL('c')} AND o.queued_at < c.queued_at))) + 1 AS position,
              c.party_hash IS NOT NULL AND NOT EXISTS (SELECT 1 FROM active_person_flags f WHERE f.kind = 'do_not_call_back' AND ${hashes ? 'f.phone_hash = ANY($2::text[])' : 'f.phone_hash = c.party_hash'}) AS may_call_back
         FROM telephony_calls c WHERE c.call_sid = $1 AND c.state = 'queued'`,
      hashes ? [callSid, hashes] : [callSid],
    )) as { position: number; may_call_back: boolean }[];
    return place ? { position: place.position, mayCallBack: place.may_call_back } : null;
  }

  async requestCallback(callSid: string, voicemail: boolean): Promise<void> {
    await this.dataSource.query(
      `UPDATE telephony_calls SET callback_requested = true, voicemail_requested = $2, updated_at = mayak_now() WHERE call_sid = $1 AND state = 'queued'`,
      [callSid, voicemail],
    );
  }

  async requeue(m: EntityManager, callId: string): Promise<{ previousOperatorId: string | null } | null> {
    const rows = await updateReturning<{ operator_id: string | null }>(
      m,
      `UPDATE telephony_calls c SET state = 'queued', operator_id = NULL, answered_at = NULL, updated_at = mayak_now(), version = c.version + 1
         FROM telephony_calls old WHERE c.id = old.id AND c.id = $1 AND c.state IN ('connecting', 'in_progress') RETURNING old.operator_id`,
      [callId],
    );
    return rows.length ? { previousOperatorId: rows[0].operator_id } : null;
  }

  async claim(m: EntityManager, callId: string, operatorId: string): Promise<boolean> {
    const rows = await updateReturning<{ id: string }>(
      m,
      `UPDATE telephony_calls SET state = 'in_progress', operator_id = $2, answered_at = mayak_now(), updated_at = mayak_now(), version = version + 1
        WHERE id = $1 AND state = 'queued' RETURNING id`,
      [callId, operatorId],
    );
    return rows.length > 0;
  }

  async giveBack(m: EntityManager, callId: string, operatorId: string): Promise<void> {
    await m.query(
      `UPDATE telephony_calls SET state = 'queued', operator_id = NULL, answered_at = NULL, updated_at = mayak_now(), version = version + 1 WHERE id = $1 AND operator_id = $2 AND state = 'in_progress'`,
      [callId, operatorId],
    );
  }

  async moveLive(m: EntityManager, callId: string, from: string, to: string): Promise<boolean> {
    const rows = await updateReturning<{ id: string }>(
      m,
      `UPDATE telephony_calls SET state = $3, updated_at = mayak_now(), version = version + 1 WHERE id = $1 AND state = $2 AND transfer_to_id IS NULL RETURNING id`,
      [callId, from, to],
    );
    return rows.length > 0;
  }

  async offerWarmTransfer(m: EntityManager, callId: string, toUserId: string): Promise<void> {
    await m.query(
      `UPDATE telephony_calls SET state = 'on_hold', transfer_to_id = $2, transfer_mode = 'warm', updated_at = mayak_now(), version = version + 1 WHERE id = $1`,
      [callId, toUserId],
    );
  }

  async cancelWarmTransfer(m: EntityManager, callId: string): Promise<void> {
    await m.query(
      `UPDATE telephony_calls SET state = 'in_progress', transfer_to_id = NULL, transfer_mode = NULL, updated_at = mayak_now(), version = version + 1 WHERE id = $1`,
      [callId],
    );
  }

  async handOver(m: EntityManager, callId: string, toUserId: string): Promise<void> {
    await m.query(
      `UPDATE telephony_calls SET state = 'in_progress', operator_id = $2, transfer_to_id = NULL, transfer_mode = NULL, outcome = 'transferred', updated_at = mayak_now(), version = version + 1 WHERE id = $1`,
      [callId, toUserId],
    );
  }

  async completeAnswered(m: EntityManager, callId: string, providerStatus: string | undefined, durationSeconds: number | null): Promise<boolean> {
    const rows = await updateReturning<{ id: string }>(
      m,
      `UPDATE telephony_calls SET state = 'completed', outcome = COALESCE(outcome, 'answered'), ended_at = mayak_now(), provider_status = $2,
              duration_seconds = $3, transfer_to_id = NULL, updated_at = mayak_now(), version = version + 1
        WHERE id = $1 AND state IN ('connecting', 'in_progress', 'on_hold') RETURNING id`,
      [callId, providerStatus, durationSeconds],
    );
    return rows.length > 0;
  }

  async finishUnanswered(m: EntityManager, callId: string, state: string, outcome: string, providerStatus: string | null): Promise<boolean> {
    const rows = await updateReturning<{ id: string }>(
      m,
      `UPDATE telephony_calls SET state = $2, outcome = $3, ended_at = mayak_now(), provider_status = COALESCE($4, provider_status), updated_at = mayak_now(), version = version + 1
        WHERE id = $1 AND state IN ('menu', 'queued', 'connecting') AND answered_at IS NULL RETURNING id`,
      [callId, state, outcome, providerStatus],
    );
    return rows.length > 0;
  }

  async recordFinalStatus(callId: string, providerStatus: string | undefined, durationSeconds: number | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE telephony_calls SET provider_status = COALESCE(provider_status, $2), duration_seconds = COALESCE(duration_seconds, $3), updated_at = mayak_now() WHERE id = $1 AND answered_at IS NULL`,
      [callId, providerStatus, durationSeconds],
    );
  }

  async assignOpenContact(m: EntityManager, contactId: string, operatorId: string): Promise<void> {
    await m.query(`UPDATE contacts SET operator_id = $2, updated_at = mayak_now(), version = version + 1 WHERE id = $1 AND status = 'in_progress'`, [
      contactId,
      operatorId,
    ]);
  }

  async assignContact(m: EntityManager, contactId: string, operatorId: string): Promise<void> {
    await m.query(`UPDATE contacts SET operator_id = $2, updated_at = mayak_now(), version = version + 1 WHERE id = $1`, [contactId, operatorId]);
  }

  async releaseOpenContact(m: EntityManager, contactId: string): Promise<void> {
    await m.query(`UPDATE contacts SET operator_id = NULL, updated_at = mayak_now(), version = version + 1 WHERE id = $1 AND status = 'in_progress'`, [
      contactId,
    ]);
  }

  async releaseContact(m: EntityManager, contactId: string): Promise<void> {
    await m.query(`UPDATE contacts SET operator_id = NULL, updated_at = mayak_now(), version = version + 1 WHERE id = $1`, [contactId]);
  }

  async endContactCall(m: EntityManager, contactId: string): Promise<void> {
    await m.query(
      `UPDATE contacts SET ended_at = mayak_now(), duration_seconds = GREATEST(0, EXTRACT(EPOCH FROM mayak_now() - started_at))::int, updated_at = mayak_now(), version = version + 1
        WHERE id = $1 AND status = 'in_progress'`,
      [contactId],
    );
  }

  async completeContact(m: EntityManager, contactId: string): Promise<void> {
    await m.query(
      `UPDATE contacts SET status = 'completed', ended_at = mayak_now(), completed_at = mayak_now(), duration_seconds = GREATEST(0, EXTRACT(EPOCH FROM mayak_now() - started_at))::int,
              updated_at = mayak_now(), version = version + 1 WHERE id = $1 AND status = 'in_progress'`,
      [contactId],
    );
  }
}
