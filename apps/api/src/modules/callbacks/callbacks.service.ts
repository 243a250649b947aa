import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  allowedNextCallbackStatuses, checkCallbackTransition, clampPageSize, contactBackConsent, formatTimeOfDay, isInsideSafeWindow, nextAttemptAt, nextSafeTime, parseTimeOfDay, validateSafeWindow,
  zonedParts, zonedTimeToUtc, type CallbackOutcome, type CallbackStatus, type SafeWindow,
} from '@mayak/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditAction } from '../../core/audit/audit-actions';
import { AuditService } from '../../core/audit/audit.service';
import { Clock } from '../../core/clock/clock';
import type { AppConfig } from '../../core/config/app-config';
import { APP_CONFIG } from '../../core/config/config.module';
import type { Actor } from '../../core/context/request-context';
import { Encrypted } from '../../core/crypto/encrypted-columns';
import { decodeCursor, pageOf } from '../../core/database/keyset';
import { DomainError, fieldInvalid, notFound, staleVersion } from '../../core/errors/domain-error';
import { JobQueue } from '../../core/queue/job-queue.port';
import { JobName } from '../../core/queue/queue-names';
import { RealtimeEvents } from '../../core/realtime/realtime-events';
import { caseScope, contactScope } from '../access/record-scope';
import { AlertsService } from '../alerts/alerts.service';
import { CaseTimeline } from '../cases/case-timeline.service';
import { Case } from '../cases/case.entity';
import { loadUserRefs, refOf } from '../cases/user-refs';
import { Contact } from '../contacts/contact.entity';
import { IdentifierVault, type PhoneNumber } from '../people/identifier-vault';
import { PeopleService } from '../people/people.service';
import type { TelephonyCall } from '../telephony/call.entity';
import { PresenceService } from '../telephony/presence.service';
import { TelephonyProvider } from '../telephony/provider/telephony-provider';
import { TelephonyUrls } from '../telephony/telephony-urls';
import { Twiml, dialAddress } from '../telephony/twiml';
import { CallbackAttempt } from './callback-attempt.entity';
import { CALLBACK_OVERDUE_MINUTES, CallbacksRepository } from './callbacks.repository';
import { Callback } from './callback.entity';
import type { CallbackDto, CallbackOutcomeDto, CancelCallbackDto, ListCallbacksQuery, RescheduleCallbackDto, ScheduleCallbackDto } from './dto/callback.dto';

const RECONCILE_BATCH = 1000;
const RECONCILE_MAX_BATCHES = 50;

/** What an attempt's outcome does to the callback: reached ends it; not reaching the client tries again; a wrong number gives up. */
function statusAfter(outcome: CallbackOutcome): 'completed' | 'no_answer' | 'failed' {
  if (outcome === 'reached') return 'completed';
  if (outcome === 'wrong_person') return 'failed';
  return 'no_answer'; // no_answer, busy, unsafe_to_talk, failed (the network): try again inside the window
}

/**
 * Callbacks: Postgres holds every one; a BullMQ delayed job (job id = callback id) says
 * when to look; a reconciler re-adds what Redis lost. Every change is a conditional update
 * on status (and attempt), so a job firing twice, a retried webhook or two operators at
 * once change a callback exactly once.
 */
@Injectable()
export class CallbacksService {
  private readonly logger = new Logger('Callbacks');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly callbacks: CallbacksRepository,
    private readonly queue: JobQueue,
    private readonly vault: IdentifierVault,
    private readonly people: PeopleService,
    private readonly timeline: CaseTimeline,
    private readonly alerts: AlertsService,
    private readonly presence: PresenceService,
    private readonly provider: TelephonyProvider,
    private readonly twiml: Twiml,
    private readonly urls: TelephonyUrls,
    private readonly realtime: RealtimeEvents,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  // ---- scheduling -----------------------------------------------------------------------

  async schedule(actor: Actor, input: ScheduleCallbackDto): Promise<CallbackDto> {
    if (!input.contactId && !input.caseId && !input.phone) throw fieldInvalid('phone', 'required', 'Give the number to call, or the contact or case it belongs to');
    const m = this.dataSource.manager;
    let contact: Contact | null = null;
    let kase: Case | null = null;
    if (input.contactId) {
      const scope = contactScope(actor, 'k');
      contact = await m.getRepository(Contact).createQueryBuilder('k').where('k.id = :id', { id: input.contactId }).andWhere(scope.sql, scope.params).getOne();
      if (!contact) throw fieldInvalid('contactId', 'unknown_contact', 'No such contact, or not one you may see');
    }
    const caseId = input.caseId ?? contact?.caseId ?? null;
    if (caseId) {
      const scope = caseScope(actor, 'c');
      kase = await m.getRepository(Case).createQueryBuilder('c').where('c.id = :id', { id: caseId }).andWhere(scope.sql, scope.params).getOne();
      if (!kase) throw fieldInvalid('caseId', 'unknown_case', 'No such case, or not one you may see');
    }
    const officeId = contact?.officeId ?? kase?.officeId ?? actor.officeIds[0];
    if (!officeId || !actor.officeIds.includes(officeId)) throw fieldInvalid('caseId', 'not_your_office', 'You can schedule callbacks only for your own offices');
    const phone = await this.numberToCall(m, input.phone, contact, kase);
    if (!phone) throw fieldInvalid('phone', 'required', 'There is no number to call: give one');
    await this.refuseDoNotCall(m, phone.hashes, contact?.personId ?? kase?.personId ?? null);
    const consent = contactBackConsent({ ...(await this.callbacks.contactBackEvidence(m, contact?.id ?? null, kase?.id ?? null)), statedNow: input.consentToContactBack ?? null });
    if (consent !== 'given') throw contactBackRefused(consent);
    const officeZone = await this.officeTimeZone(officeId);
    const window = this.windowFrom(input.safeWindow ?? null, officeZone);
    const dueAt = new Date(input.dueAt);
    if (dueAt.getTime() < this.clock.nowMs() - 5 * 60_000) throw fieldInvalid('dueAt', 'in_past', 'Choose a time from now on');
    if (window && !isInsideSafeWindow(dueAt, window)) {
      throw new DomainError('outside_safe_window', 'That time is outside the client’s safe window', { errors: [{ field: 'dueAt', code: 'outside_safe_window', message: 'Choose a time inside the safe window' }] });
    }
    if (input.assigneeId) await this.requireStaffOf(m, officeId, input.assigneeId);
    const callback = await this.dataSource.transaction(async (tx) => {
      const repo = tx.getRepository(Callback);
      // The id is made here so the number can be encrypted for this row.
      const id = randomUUID();
      const saved = repo.create({
        id, officeId, contactId: contact?.id ?? null, caseId: kase?.id ?? null, personId: contact?.personId ?? kase?.personId ?? null, sourceCallId: null,
        phoneEncrypted: this.vault.encrypt(phone.e164, Encrypted.callbackPhone.at(id)), phoneHash: phone.hash, reason: 'scheduled', method: input.method ?? 'voice', status: 'scheduled', dueAt,
        safeDays: window?.days ?? null, safeStartMinute: window?.startMinute ?? null, safeEndMinute: window?.endMinute ?? null, timeZone: window?.timeZone ?? officeZone,
        assigneeId: input.assigneeId ?? null, attempts: 0, maxAttempts: input.maxAttempts ?? this.config.callbacks.defaultMaxAttempts, lastOutcome: null,
        notes: input.notes ?? '', closeReason: null, firedAt: null, placedById: null, finishedAt: null, createdById: actor.userId,
      });
      await repo.insert(saved);
      await this.audit.record({ action: AuditAction.CallbackScheduled, entityType: 'callback', entityId: saved.id, officeId, summary: { reason: 'scheduled', method: saved.method, window: !!window, assignee: saved.assigneeId, caseId: saved.caseId, consentStatedNow: input.consentToContactBack === true } }, tx);
      if (saved.caseId) await this.timeline.record(tx, { caseId: saved.caseId, kind: 'callback_scheduled', actorId: actor.userId, data: { callbackId: saved.id, dueAt: saved.dueAt.toISOString(), method: saved.method, assigneeId: saved.assigneeId } });
      return saved;
    });
    await this.enqueue(callback);
    return this.get(actor, callback.id);
  }

  /**
   * A call nobody answered: one callback per call (whatever the provider retries), unless the
   * number asked not to be called (a do-not-call flag, or "no" the last time it was asked).
   * When the number gave a safe window before, the callback keeps to it: due at the first
   * safe time after the usual delay, and retried only inside it.
   */
  async oweForMissedCall(m: EntityManager, input: { callId: string; officeId: string; contactId: string | null; phone: string; reason: 'missed_call' | 'abandoned_call' | 'requested_in_queue' | 'after_hours' | 'voicemail' }): Promise<{ id: string; dueAt: Date } | null> {
    // Found by the number's hash under every identifier hash key (one, except while the key rotates).
    const hashes = this.vault.phoneHashesOf(input.phone);
    const flags = await this.people.activeFlags(m, [], hashes);
    if (flags.some((f) => f.kind === 'do_not_call_back')) return null;
    if (contactBackConsent({ contactAnswer: await this.callbacks.lastContactBackAnswer(m, hashes) }) === 'refused') return null;
    const known = await this.callbacks.lastSafeWindow(m, hashes);
    const window = known && validateSafeWindow(known).length === 0 ? known : null;
    const timeZone = window?.timeZone ?? (await this.officeTimeZone(input.officeId, m));
    const afterDelay = new Date(this.clock.nowMs() + this.config.callbacks.missedCallDelayMinutes * 60_000);
    const dueAt = window ? (nextSafeTime(afterDelay, window) ?? afterDelay) : afterDelay;
    const id = randomUUID();
    const rows: { id: string; due_at: Date }[] = await m.query(
      `INSERT INTO callbacks (id, office_id, contact_id, source_call_id, phone_encrypted, phone_hash, reason, method, status, due_at, time_zone, max_attempts, safe_days, safe_start_minute, safe_end_minute)
       VALUES ($13, $1, $2, $3, $4, $5, $6, 'voice', 'scheduled', $7, $8, $9, $10, $11, $12)
       ON CONFLICT (source_call_id) WHERE source_call_id IS NOT NULL DO NOTHING RETURNING id, due_at`,
      [input.officeId, input.contactId, input.callId, this.vault.encrypt(input.phone, Encrypted.callbackPhone.at(id)), hashes[0], input.reason, dueAt, timeZone, this.config.callbacks.defaultMaxAttempts,
        window?.days ?? null, window?.startMinute ?? null, window?.endMinute ?? null, id],
    );
    if (!rows.length) return null;
    await this.audit.record({ action: AuditAction.CallbackScheduled, entityType: 'callback', entityId: rows[0].id, officeId: input.officeId, summary: { reason: input.reason, callId: input.callId, window: !!window } }, m);
    return { id: rows[0].id, dueAt: new Date(rows[0].due_at) };
  }

  /** Adds the delayed job of a callback written in a transaction that has now committed. */
  async afterCommit(cb: { id: string; dueAt: Date }): Promise<void> {
    await this.enqueue(cb);
  }

  async reschedule(actor: Actor, id: string, input: RescheduleCallbackDto): Promise<CallbackDto> {
    const updated = await this.dataSource.transaction(async (m) => {
      const cb = await this.requireInScope(actor, id, m, true);
      if (cb.version !== input.version) throw staleVersion('This callback');
      this.assertMove(cb.status as CallbackStatus, 'scheduled', cb.status === 'scheduled');
      const dueAt = new Date(input.dueAt);
      if (dueAt.getTime() < this.clock.nowMs() - 5 * 60_000) throw fieldInvalid('dueAt', 'in_past', 'Choose a time from now on');
      const window = this.windowOf(cb);
      if (window && !isInsideSafeWindow(dueAt, window)) throw new DomainError('outside_safe_window', 'That time is outside the client’s safe window', { errors: [{ field: 'dueAt', code: 'outside_safe_window', message: 'Choose a time inside the safe window' }] });
      if (input.assigneeId) await this.requireStaffOf(m, cb.officeId, input.assigneeId);
      const from = cb.status;
      cb.status = 'scheduled';
      cb.dueAt = dueAt;
      cb.firedAt = null;
      if (input.assigneeId !== undefined) cb.assigneeId = input.assigneeId;
      const saved = await m.getRepository(Callback).save(cb);
      await this.recordMove(m, actor.userId, saved, from, 'scheduled', { dueAt: dueAt.toISOString(), assigneeId: saved.assigneeId });
      return saved;
    });
    // The old delayed job would fire early and find nothing due; drop it so the new time is the one that fires.
    await this.queue.remove(JobName.CallbackDue, updated.id).catch(() => false);
    await this.enqueue(updated);
    return this.get(actor, id);
  }

  async cancel(actor: Actor, id: string, input: CancelCallbackDto): Promise<CallbackDto> {
    await this.dataSource.transaction(async (m) => {
      const cb = await this.requireInScope(actor, id, m, true);
      if (cb.version !== input.version) throw staleVersion('This callback');
      this.assertMove(cb.status as CallbackStatus, 'cancelled', false, input.reason);
      const from = cb.status;
      cb.status = 'cancelled';
      cb.closeReason = input.reason;
      cb.finishedAt = this.clock.now();
      const saved = await m.getRepository(Callback).save(cb);
      await this.recordMove(m, actor.userId, saved, from, 'cancelled', { reason: input.reason });
    });
    await this.queue.remove(JobName.CallbackDue, id).catch(() => false);
    return this.get(actor, id);
  }

  // ---- placing a callback ---------------------------------------------------------------

  /**
   * Rings the operator first; when they answer, the provider dials the client showing the
   * hotline's number, never the operator's. How the client's leg ends decides the attempt.
   */
  async place(actor: Actor, id: string, version: number): Promise<CallbackDto> {
    const m0 = this.dataSource.manager;
    const current = await this.requireInScope(actor, id, m0);
    if (current.method !== 'voice') throw new DomainError('conflict', 'This callback is by text: answer in the conversation and record the outcome');
    const phone = this.vault.decrypt(current.phoneEncrypted, Encrypted.callbackPhone.at(current.id));
    await this.refuseDoNotCall(m0, [...new Set([current.phoneHash, ...this.vault.phoneHashesOf(phone)])], current.personId);
    // Consent may have been withdrawn, or "no" recorded, since the callback was scheduled.
    if (contactBackConsent(await this.callbacks.contactBackEvidence(m0, current.contactId, current.caseId)) === 'refused') throw contactBackRefused('refused');
    const window = this.windowOf(current);
    if (window && !isInsideSafeWindow(this.clock.now(), window)) throw new DomainError('outside_safe_window', 'It is not safe to call this client now; reschedule inside their window');
    const attempt = await this.dataSource.transaction(async (m) => {
      const cb = await this.requireInScope(actor, id, m, true);
      if (cb.version !== version) throw staleVersion('This callback');
      this.assertMove(cb.status as CallbackStatus, 'in_progress', false);
      const from = cb.status;
      cb.status = 'in_progress';
      cb.attempts += 1;
      cb.placedById = actor.userId;
      const saved = await m.getRepository(Callback).save(cb);
      await m.getRepository(CallbackAttempt).insert({ callbackId: cb.id, number: cb.attempts, operatorId: actor.userId, callSid: null, endedAt: null, outcome: null });
      await this.recordMove(m, actor.userId, saved, from, 'in_progress', { attempt: cb.attempts });
      return { number: cb.attempts, from };
    });
    const operator = await this.presence.ringTargetOf(actor.userId);
    const hotline = this.config.telephony.hotlineNumber;
    try {
      const call = await this.provider.createCall({
        to: dialAddress(operator, { callbackId: id }), from: hotline,
        twiml: this.twiml.bridgeToClient('ru', phone, hotline, this.urls.url('/voice/callback-result', { callback: id, attempt: attempt.number })),
        statusCallbackUrl: this.urls.url('/voice/status'),
      });
      await this.dataSource.transaction(async (m) => {
        const callRowId = randomUUID();
        await m.query(
          `INSERT INTO telephony_calls (id, call_sid, direction, purpose, office_id, callback_id, contact_id, party_encrypted, party_hash, line_number, state, operator_id, answered_at)
           VALUES ($9, $1, 'outbound', 'callback', $2, $3, $4, $5, $6, $7, 'in_progress', $8, mayak_now()) ON CONFLICT (call_sid) DO NOTHING`,
          [call.sid, current.officeId, id, current.contactId, this.vault.encrypt(phone, Encrypted.callParty.at(callRowId)), current.phoneHash, hotline, actor.userId, callRowId],
        );
        await m.query(`UPDATE callback_attempts SET call_sid = $3 WHERE callback_id = $1 AND number = $2`, [id, attempt.number, call.sid]);
        await this.audit.record({ action: AuditAction.CallbackPlaced, entityType: 'callback', entityId: id, officeId: current.officeId, summary: { attempt: attempt.number, ringTarget: operator.kind } }, m);
      });
    } catch (error) {
      // Nothing was dialled: undo the attempt so the callback waits as it did.
      await this.dataSource.transaction(async (m) => {
        await m.query(`DELETE FROM callback_attempts WHERE callback_id = $1 AND number = $2`, [id, attempt.number]);
        await m.query(`UPDATE callbacks SET status = $2, attempts = attempts - 1, placed_by_id = NULL, version = version + 1, updated_at = mayak_now() WHERE id = $1 AND status = 'in_progress' AND attempts = $3`, [id, attempt.from, attempt.number]);
      });
      this.logger.warn({ err: error, callbackId: id }, 'the provider did not place a callback');
      throw new DomainError('provider_unavailable', 'The telephone network did not place the call; the callback is waiting as before');
    }
    return this.get(actor, id);
  }

  /** The client's leg ended (the <Dial> action of the bridge): that is the attempt's outcome. */
  async bridgeResult(params: Record<string, string>, callbackId: string | undefined, attemptText: string | undefined): Promise<void> {
    const attempt = Number(attemptText);
    if (!callbackId || !/^[0-9a-f-]{36}$/i.test(callbackId) || !Number.isInteger(attempt)) return;
    const status = params.DialCallStatus ?? '';
    const outcome: CallbackOutcome = status === 'completed' || status === 'answered' ? 'reached' : status === 'busy' ? 'busy' : status === 'no-answer' ? 'no_answer' : 'failed';
    await this.resolveAttempt(callbackId, attempt, outcome, null, null);
  }

  /** The operator's leg ended; if the client was never dialled (the operator did not pick up), the attempt failed. */
  async callLegEnded(call: TelephonyCall, params: Record<string, string>): Promise<void> {
    if (!['completed', 'busy', 'failed', 'no-answer', 'canceled'].includes(params.CallStatus ?? '')) return;
    await this.dataSource.query(
      `UPDATE telephony_calls SET state = 'completed', ended_at = mayak_now(), provider_status = $2, duration_seconds = $3, updated_at = mayak_now(), version = version + 1 WHERE id = $1 AND state <> 'completed'`,
      [call.id, params.CallStatus, Number.isFinite(Number(params.CallDuration)) ? Number(params.CallDuration) : null],
    );
    if (!call.callbackId) return;
    const [attempt] = (await this.dataSource.query(`SELECT number FROM callback_attempts WHERE callback_id = $1 AND call_sid = $2 AND outcome IS NULL`, [call.callbackId, call.callSid])) as { number: number }[];
    if (attempt && params.CallStatus !== 'completed') await this.resolveAttempt(call.callbackId, attempt.number, 'failed', null, null);
  }

  /** An operator records what came of the attempt (after calling by hand, or to correct the record). */
  async recordOutcome(actor: Actor, id: string, input: CallbackOutcomeDto): Promise<CallbackDto> {
    const cb = await this.requireInScope(actor, id);
    if (cb.version !== input.version) throw staleVersion('This callback');
    if (cb.status !== 'in_progress') throw new DomainError('illegal_transition', 'Start the callback before recording its outcome', { allowed: allowedNextCallbackStatuses(cb.status as CallbackStatus) });
    const done = await this.resolveAttempt(id, cb.attempts, input.outcome, actor.userId, input.notes ?? null);
    if (!done) throw staleVersion('This callback');
    return this.get(actor, id);
  }

  /** Closes attempt `number` once: completed, failed, or rescheduled inside the window until the attempts run out. */
  private async resolveAttempt(id: string, number: number, outcome: CallbackOutcome, actorId: string | null, notes: string | null): Promise<boolean> {
    const result = await this.dataSource.transaction(async (m) => {
      const cb = await m.getRepository(Callback).createQueryBuilder('b').setLock('pessimistic_write').where('b.id = :id', { id }).getOne();
      if (!cb || cb.status !== 'in_progress' || cb.attempts !== number) return null;
      await m.query(`UPDATE callback_attempts SET outcome = $3, ended_at = mayak_now() WHERE callback_id = $1 AND number = $2 AND outcome IS NULL`, [id, number, outcome]);
      const next = statusAfter(outcome);
      cb.lastOutcome = outcome;
      if (notes) cb.notes = cb.notes ? `${cb.notes}\n${notes}` : notes;
      if (next === 'completed' || next === 'failed') {
        cb.status = next;
        cb.finishedAt = this.clock.now();
        if (next === 'failed') cb.closeReason = outcome;
        const saved = await m.getRepository(Callback).save(cb);
        await this.recordMove(m, actorId, saved, 'in_progress', next, { attempt: number, outcome });
        return { saved, retry: false };
      }
      await this.recordMove(m, actorId, cb, 'in_progress', 'no_answer', { attempt: number, outcome });
      const retryAt = nextAttemptAt(this.clock.now(), cb.attempts, cb.maxAttempts, this.windowOf(cb), this.config.callbacks.retryMinutes);
      if (retryAt) {
        cb.status = 'scheduled';
        cb.dueAt = retryAt;
        cb.firedAt = null;
        const saved = await m.getRepository(Callback).save(cb);
        await this.recordMove(m, null, saved, 'no_answer', 'scheduled', { dueAt: retryAt.toISOString(), attemptsLeft: cb.maxAttempts - cb.attempts });
        return { saved, retry: true };
      }
      cb.status = 'failed';
      cb.closeReason = 'attempts_exhausted';
      cb.finishedAt = this.clock.now();
      const saved = await m.getRepository(Callback).save(cb);
      await this.recordMove(m, null, saved, 'no_answer', 'failed', { reason: 'attempts_exhausted', attempts: cb.attempts });
      await this.alerts.raiseForOfficeSupervisors({ kind: 'callback_failed', dedupeKey: `callback_failed:${id}`, officeId: cb.officeId, entityType: 'callback', entityId: id, data: { attempts: cb.attempts, caseId: cb.caseId, reason: cb.reason } }, m);
      return { saved, retry: false };
    });
    if (!result) return false;
    if (result.saved.placedById) await this.presence.markBusy(this.dataSource.manager, result.saved.placedById, false);
    if (result.retry) await this.enqueue(result.saved);
    return true;
  }

  // ---- jobs ------------------------------------------------------------------------------

  /** The delayed job fired: mark the callback due and tell whoever should call. Exactly once per scheduling. */
  async fire(callbackId: string): Promise<boolean> {
    const fired = await this.dataSource.transaction(async (m) => {
      const rows: Callback[] = await m.getRepository(Callback).createQueryBuilder().update()
        .set({ status: 'due', firedAt: () => 'mayak_clock_timestamp()' })
        .where(`id = :id AND status = 'scheduled' AND due_at <= mayak_clock_timestamp() + interval '2 seconds'`, { id: callbackId })
        .returning('*').execute().then((r) => r.raw as Callback[]);
      if (!rows.length) return null;
      const row = rows[0] as unknown as Record<string, unknown>;
      const cb = { id: row.id as string, officeId: row.office_id as string, assigneeId: row.assignee_id as string | null, attempts: row.attempts as number, caseId: row.case_id as string | null, reason: row.reason as string, dueAt: row.due_at as Date };
      await this.audit.record({ action: AuditAction.CallbackDue, entityType: 'callback', entityId: cb.id, officeId: cb.officeId, summary: { attempt: cb.attempts + 1, lateMs: this.clock.nowMs() - new Date(cb.dueAt).getTime() } }, m);
      const alert = { kind: 'callback_due' as const, dedupeKey: `callback_due:${cb.id}:${cb.attempts}`, officeId: cb.officeId, entityType: 'callback', entityId: cb.id, data: { reason: cb.reason, caseId: cb.caseId, attempt: cb.attempts + 1 } };
      const recipients = cb.assigneeId ? [cb.assigneeId] : await this.presence.availableIn(cb.officeId, m);
      if (recipients.length) for (const userId of recipients) await this.alerts.raiseFor(userId, alert, m);
      else await this.alerts.raiseForOfficeSupervisors(alert, m);
      return { cb, recipients };
    });
    if (!fired) return false;
    await this.realtime.notify(fired.recipients, 'callback.due', { callbackId: fired.cb.id, officeId: fired.cb.officeId });
    return true;
  }

  /**
   * Re-adds the job of every callback due soon (or already) that is still scheduled. Adding a
   * job whose id exists changes nothing, so this is safe to run often; after Redis lost
   * everything, it is what brings the callbacks back. Bounded per run.
   */
  async reconcile(): Promise<{ checked: number }> {
    const horizon = Math.max(60, this.config.callbacks.reconcileIntervalSeconds * 2);
    let checked = 0;
    let after: { at: Date; id: string } | null = null;
    for (let batch = 0; batch < RECONCILE_MAX_BATCHES; batch++) {
      const rows: { id: string; due_at: Date }[] = await this.dataSource.query(
        `SELECT id, due_at FROM callbacks WHERE status = 'scheduled' AND due_at <= mayak_now() + make_interval(secs => $1)
           AND ($2::timestamptz IS NULL OR (due_at, id) > ($2::timestamptz, $3::uuid)) ORDER BY due_at, id LIMIT $4`,
        [horizon, after?.at ?? null, after?.id ?? null, RECONCILE_BATCH],
      );
      for (const row of rows) await this.enqueue({ id: row.id, dueAt: new Date(row.due_at) });
      checked += rows.length;
      if (rows.length < RECONCILE_BATCH) break;
      after = { at: rows[rows.length - 1].due_at, id: rows[rows.length - 1].id };
    }
    return { checked };
  }

  private async enqueue(cb: { id: string; dueAt: Date }): Promise<void> {
    try {
      await this.queue.add(JobName.CallbackDue, { callbackId: cb.id }, { jobId: cb.id, delayMs: Math.max(0, cb.dueAt.getTime() - this.clock.nowMs()), removeOnComplete: true, attempts: 3 });
    } catch (error) {
      this.logger.warn({ err: error, callbackId: cb.id }, 'could not add the callback job; the reconciler will');
    }
  }

  // ---- reads -----------------------------------------------------------------------------

  async list(actor: Actor, query: ListCallbacksQuery) {
    const limit = clampPageSize(query.limit);
    const position = decodeCursor(query.cursor);
    const view = query.view ?? 'open';
    const offices = query.officeId ? actor.officeIds.filter((o) => o === query.officeId) : actor.officeIds;
    if (!offices.length) return { items: [], nextCursor: null, limit };
    const newestFirst = view === 'closed';
    const qb = this.dataSource.getRepository(Callback).createQueryBuilder('b').where('b.office_id = ANY(:offices)', { offices });
    const open = `b.status IN ('scheduled', 'due', 'in_progress')`;
    if (view === 'due') qb.andWhere(`(b.status IN ('due', 'in_progress') OR (b.status = 'scheduled' AND b.due_at <= mayak_now()))`);
    else if (view === 'overdue') qb.andWhere(`${open} AND b.due_at < mayak_now() - make_interval(mins => :overdue)`, { overdue: CALLBACK_OVERDUE_MINUTES });
    else if (view === 'today') qb.andWhere(`${open} AND b.due_at < :endOfDay`, { endOfDay: this.endOfToday(await this.officeTimeZone(offices[0])) });
    else if (view === 'upcoming') qb.andWhere(`b.status = 'scheduled' AND b.due_at > mayak_now()`);
    else if (view === 'open') qb.andWhere(open);
    else qb.andWhere(`b.status IN ('completed', 'failed', 'cancelled')`);
    if (query.assignee === 'me') qb.andWhere('b.assignee_id = :me', { me: actor.userId });
    else if (query.assignee === 'none') qb.andWhere('b.assignee_id IS NULL');
    else if (query.assignee) qb.andWhere('b.assignee_id = :assignee', { assignee: query.assignee });
    if (query.caseId) qb.andWhere('b.case_id = :caseId', { caseId: query.caseId });
    if (position) qb.andWhere(newestFirst ? '(b.due_at, b.id) < (:at, :cid)' : '(b.due_at, b.id) > (:at, :cid)', { at: position.at, cid: position.id });
    const rows = await qb.orderBy('b.due_at', newestFirst ? 'DESC' : 'ASC').addOrderBy('b.id', newestFirst ? 'DESC' : 'ASC').limit(limit + 1).getMany();
    const page = pageOf(rows, limit, (b) => ({ at: b.dueAt, id: b.id }));
    return { items: await this.toDtos(actor, page.items, false), nextCursor: page.nextCursor, limit };
  }

  async get(actor: Actor, id: string): Promise<CallbackDto> {
    const cb = await this.requireInScope(actor, id);
    await this.audit.record({ action: AuditAction.CallbackRead, entityType: 'callback', entityId: id, officeId: cb.officeId });
    return (await this.toDtos(actor, [cb], true))[0];
  }

  private async requireInScope(actor: Actor, id: string, m: EntityManager = this.dataSource.manager, lock = false): Promise<Callback> {
    const qb = m.getRepository(Callback).createQueryBuilder('b').where('b.id = :id', { id }).andWhere('b.office_id = ANY(:offices)', { offices: actor.officeIds });
    if (lock) qb.setLock('pessimistic_write');
    const cb = actor.officeIds.length ? await qb.getOne() : null;
    if (!cb) throw notFound('Callback');
    return cb;
  }

  private assertMove(from: CallbackStatus, to: CallbackStatus, same: boolean, reason?: string): void {
    if (same) return;
    const check = checkCallbackTransition({ from, to, reason });
    if (!check.ok) {
      if (check.problem === 'reason_required') throw fieldInvalid('reason', 'required', 'Give a reason');
      throw new DomainError('illegal_transition', `A callback that is ${from} cannot become ${to}`, { allowed: check.allowed });
    }
  }

  private async recordMove(m: EntityManager, actorId: string | null, cb: Callback, from: string, to: string, data: Record<string, unknown>): Promise<void> {
    await this.audit.record({ action: AuditAction.CallbackStatusChanged, entityType: 'callback', entityId: cb.id, officeId: cb.officeId, summary: { from, to, ...data } }, m);
    if (cb.caseId) await this.timeline.record(m, { caseId: cb.caseId, kind: 'callback_status_changed', actorId, data: { callbackId: cb.id, from, to, ...data } });
  }

  private async toDtos(actor: Actor, rows: Callback[], withAttempts: boolean): Promise<CallbackDto[]> {
    if (!rows.length) return [];
    const m = this.dataSource.manager;
    const attempts = withAttempts ? await m.getRepository(CallbackAttempt).find({ where: rows.map((r) => ({ callbackId: r.id })), order: { number: 'ASC' } }) : [];
    const refs = await loadUserRefs(m, [...rows.map((r) => r.assigneeId), ...attempts.map((a) => a.operatorId)]);
    const caseIds = [...new Set(rows.map((r) => r.caseId).filter((id): id is string => !!id))];
    const references = new Map<string, string>();
    if (caseIds.length) for (const row of (await m.query(`SELECT id, reference FROM cases WHERE id = ANY($1)`, [caseIds])) as { id: string; reference: string }[]) references.set(row.id, row.reference);
    const flags = await this.people.activeFlags(m, rows.map((r) => r.personId).filter((id): id is string => !!id), rows.map((r) => r.phoneHash));
    const present = this.vault.presenterFor(actor);
    return rows.map((r) => {
      const window = this.windowOf(r);
      return {
        id: r.id, officeId: r.officeId, contactId: r.contactId, caseId: r.caseId, caseReference: r.caseId ? references.get(r.caseId) ?? null : null,
        phone: present.phone(r.phoneEncrypted, Encrypted.callbackPhone.at(r.id))!, masked: !present.revealed, reason: r.reason, method: r.method, status: r.status as CallbackStatus,
        allowed: [...allowedNextCallbackStatuses(r.status as CallbackStatus)], dueAt: r.dueAt.toISOString(),
        safeWindow: window ? { days: window.days, start: formatTimeOfDay(window.startMinute), end: formatTimeOfDay(window.endMinute), timeZone: window.timeZone } : null,
        timeZone: r.timeZone, assignee: refOf(refs, r.assigneeId), attempts: r.attempts, maxAttempts: r.maxAttempts, lastOutcome: r.lastOutcome, notes: r.notes,
        closeReason: r.closeReason, firedAt: r.firedAt?.toISOString() ?? null, finishedAt: r.finishedAt?.toISOString() ?? null,
        flags: flags.filter((f) => (f.personId && f.personId === r.personId) || f.phoneHash === r.phoneHash).map((f) => this.people.flagDto(f)),
        attemptsLog: attempts.filter((a) => a.callbackId === r.id).map((a) => ({ number: a.number, operator: refOf(refs, a.operatorId), startedAt: a.startedAt.toISOString(), endedAt: a.endedAt?.toISOString() ?? null, outcome: a.outcome })),
        createdAt: r.createdAt.toISOString(), version: r.version,
      };
    });
  }

  // ---- helpers ----------------------------------------------------------------------------

  private windowFrom(input: { days: number[]; start: string; end: string; timeZone?: string } | null, officeZone: string): SafeWindow | null {
    if (!input) return null;
    const window: SafeWindow = { days: [...new Set(input.days)].sort(), startMinute: parseTimeOfDay(input.start) ?? -1, endMinute: parseTimeOfDay(input.end) ?? -1, timeZone: input.timeZone ?? officeZone };
    const problems = validateSafeWindow(window);
    if (problems.length) {
      throw new DomainError('validation_failed', 'The safe window is not usable', { errors: problems.map((p) => ({ field: p === 'time_zone_invalid' ? 'safeWindow.timeZone' : p.startsWith('day') ? 'safeWindow.days' : p === 'start_invalid' ? 'safeWindow.start' : 'safeWindow.end', code: p, message: p === 'empty_window' ? 'The window must not open and close at the same time' : `Invalid: ${p}` })) });
    }
    return window;
  }

  private windowOf(cb: Pick<Callback, 'safeDays' | 'safeStartMinute' | 'safeEndMinute' | 'timeZone'>): SafeWindow | null {
    if (cb.safeStartMinute === null || cb.safeEndMinute === null || !cb.safeDays?.length) return null;
    return { days: cb.safeDays, startMinute: cb.safeStartMinute, endMinute: cb.safeEndMinute, timeZone: cb.timeZone };
  }

  private endOfToday(timeZone: string): Date {
    const parts = zonedParts(this.clock.now(), timeZone);
    return zonedTimeToUtc(parts.year, parts.month, parts.day, 24 * 60, timeZone);
  }

  private async officeTimeZone(officeId: string, m: EntityManager = this.dataSource.manager): Promise<string> {
    const [row] = (await m.query(`SELECT timezone FROM offices WHERE id = $1`, [officeId])) as { timezone: string }[];
    return row?.timezone ?? 'Asia/Almaty';
  }

  /** The number to call (in E.164, with its hashes): the one given, else the contact's, else the case's latest contact's. */
  private async numberToCall(m: EntityManager, phone: string | undefined, contact: Contact | null, kase: Case | null): Promise<PhoneNumber | null> {
    if (phone) return this.vault.phone(phone, 'phone');
    const known = (encrypted: string, contactId: string): PhoneNumber => {
      const e164 = this.vault.decrypt(encrypted, Encrypted.contactPhone.at(contactId));
      const hashes = this.vault.phoneHashesOf(e164);
      return { e164, hash: hashes[0], hashes };
    };
    if (contact?.phoneEncrypted && contact.phoneHash) return known(contact.phoneEncrypted, contact.id);
    if (kase) {
      const [row] = (await m.query(`SELECT id, phone_encrypted FROM contacts WHERE case_id = $1 AND phone_hash IS NOT NULL ORDER BY started_at DESC LIMIT 1`, [kase.id])) as { id: string; phone_encrypted: string }[];
      if (row) return known(row.phone_encrypted, row.id);
    }
    return null;
  }

  private async refuseDoNotCall(m: EntityManager, phoneHashes: string[], personId: string | null): Promise<void> {
    const flags = await this.people.activeFlags(m, personId ? [personId] : [], phoneHashes);
    if (flags.some((f) => f.kind === 'do_not_call_back')) throw new DomainError('do_not_call_back', 'This client asked never to be called back');
  }

  private async requireStaffOf(m: EntityManager, officeId: string, userId: string): Promise<void> {
    const rows: unknown[] = await m.query(
      `SELECT 1 FROM users u JOIN user_offices uo ON uo.user_id = u.id WHERE u.id = $1 AND uo.office_id = $2 AND u.active AND u.roles && ARRAY['operator', 'case_worker', 'supervisor']::text[]`,
      [userId, officeId],
    );
    if (!rows.length) throw fieldInvalid('assigneeId', 'not_a_colleague', 'Assign to an active colleague of this office');
  }
}

/** 422 contact_back_consent_required: the client said no (or withdrew consent), or was never asked. */
function contactBackRefused(consent: 'refused' | 'not_asked'): DomainError {
  const refused = consent === 'refused';
  return new DomainError(
    'contact_back_consent_required',
    refused ? 'The client said not to be contacted back (or withdrew that consent): they may not be called' : 'The client has not agreed to be contacted back: ask them, and record their answer',
    { errors: [{ field: 'consentToContactBack', code: refused ? 'contact_back_refused' : 'contact_back_not_asked', message: refused ? 'The client said no' : 'Record the client’s consent' }] },
  );
}
