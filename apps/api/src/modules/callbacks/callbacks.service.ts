import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  allowedNextCallbackStatuses,
  checkCallbackTransition,
  clampPageSize,
  contactBackConsent,
  formatTimeOfDay,
  isInsideSafeWindow,
  nextAttemptAt,
  nextSafeTime,
  parseTimeOfDay,
  validateSafeWindow,
  zonedParts,
  zonedTimeToUtc,
  type CallbackOutcome,
  type CallbackStatus,
  type SafeWindow,
} from '@mayak/domain';
import type { EntityManager } from 'typeorm';
import { AuditAction } from '#api/core/audit/audit-actions';
import { AuditService } from '#api/core/audit/audit.service';
import { Clock } from '#api/core/clock/clock';
import type { AppConfig } from '#api/core/config/app-config';
import { APP_CONFIG } from '#api/core/config/config.module';
import type { Actor } from '#api/core/context/request-context';
import { Encrypted } from '#api/core/crypto/encrypted-columns';
import { decodeCursor, pageOf } from '#api/core/database/keyset';
import { DomainError, fieldInvalid, notFound, staleVersion } from '#api/core/errors/domain-error';
import { JobQueue } from '#api/core/queue/job-queue.port';
import { JobName } from '#api/core/queue/queue-names';
import { RealtimeEvents } from '#api/core/realtime/realtime-events';
import { AlertsService } from '../alerts/alerts.service';
import { CaseTimeline } from '../cases/case-timeline.service';
import type { Case } from '../cases/case.entity';
import { refOf } from '../cases/user-refs';
import type { Contact } from '../contacts/contact.entity';
import { IdentifierVault, type PhoneNumber } from '../people/identifier-vault';
import { PeopleService } from '../people/people.service';
import type { TelephonyCall } from '../telephony/call.entity';
import { PresenceService } from '../telephony/presence.service';
import { TelephonyProvider } from '../telephony/provider/telephony-provider';
import { TelephonyUrls } from '../telephony/telephony-urls';
import { Twiml, dialAddress } from '../telephony/twiml';
import type { CallbackAttempt } from './callback-attempt.entity';
import { CallbacksRepository } from './callbacks.repository';
import type { Callback } from './callback.entity';
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
    if (!input.contactId && !input.caseId && !input.phone)
      throw fieldInvalid('phone', 'required', 'Give the number to call, or the contact or case it belongs to');
    return this.callbacks.outsideTransaction((m) => this.scheduleWith(m, actor, input));
  }

  private async scheduleWith(m: EntityManager, actor: Actor, input: ScheduleCallbackDto): Promise<CallbackDto> {
    let contact: Contact | null = null;
    let kase: Case | null = null;
    if (input.contactId) {
      contact = await this.callbacks.findContactInScope(m, actor, input.contactId);
      if (!contact) throw fieldInvalid('contactId', 'unknown_contact', 'No such contact, or not one you may see');
    }
    const caseId = input.caseId ?? contact?.caseId ?? null;
    if (caseId) {
      kase = await this.callbacks.findCaseInScope(m, actor, caseId);
      if (!kase) throw fieldInvalid('caseId', 'unknown_case', 'No such case, or not one you may see');
    }
    const officeId = contact?.officeId ?? kase?.officeId ?? actor.officeIds[0];
    if (!officeId || !actor.officeIds.includes(officeId))
      throw fieldInvalid('caseId', 'not_your_office', 'You can schedule callbacks only for your own offices');
    const phone = await this.numberToCall(m, input.phone, contact, kase);
    if (!phone) throw fieldInvalid('phone', 'required', 'There is no number to call: give one');
    await this.refuseDoNotCall(m, phone.hashes, contact?.personId ?? kase?.personId ?? null);
    const consent = contactBackConsent({
      ...(await this.callbacks.contactBackEvidence(m, contact?.id ?? null, kase?.id ?? null)),
      statedNow: input.consentToContactBack ?? null,
    });
    if (consent !== 'given') throw contactBackRefused(consent);
    const officeZone = await this.officeTimeZone(officeId);
    const window = this.windowFrom(input.safeWindow ?? null, officeZone);
    const dueAt = new Date(input.dueAt);
    if (dueAt.getTime() < this.clock.nowMs() - 5 * 60_000) throw fieldInvalid('dueAt', 'in_past', 'Choose a time from now on');
    if (window && !isInsideSafeWindow(dueAt, window)) {
      throw new DomainError('outside_safe_window', 'That time is outside the client’s safe window', {
        errors: [{ field: 'dueAt', code: 'outside_safe_window', message: 'Choose a time inside the safe window' }],
      });
    }
    if (input.assigneeId) await this.requireStaffOf(m, officeId, input.assigneeId);
    const callback = await this.callbacks.transaction(async (tx) => {
      // The id is made here so the number can be encrypted for this row.
      const id = randomUUID();
      const saved = await this.callbacks.insert(tx, {
        id,
        officeId,
        contactId: contact?.id ?? null,
        caseId: kase?.id ?? null,
        personId: contact?.personId ?? kase?.personId ?? null,
        sourceCallId: null,
        phoneEncrypted: this.vault.encrypt(phone.e164, Encrypted.callbackPhone.at(id)),
        phoneHash: phone.hash,
        reason: 'scheduled',
        method: input.method ?? 'voice',
        status: 'scheduled',
        dueAt,
        safeDays: window?.days ?? null,
        safeStartMinute: window?.startMinute ?? null,
        safeEndMinute: window?.endMinute ?? null,
        timeZone: window?.timeZone ?? officeZone,
        assigneeId: input.assigneeId ?? null,
        attempts: 0,
        maxAttempts: input.maxAttempts ?? this.config.callbacks.defaultMaxAttempts,
        lastOutcome: null,
        notes: input.notes ?? '',
        closeReason: null,
        firedAt: null,
        placedById: null,
        finishedAt: null,
        createdById: actor.userId,
      });
      await this.audit.record(
        {
          action: AuditAction.CallbackScheduled,
          entityType: 'callback',
          entityId: saved.id,
          officeId,
          summary: {
            reason: 'scheduled',
            method: saved.method,
            window: !!window,
            assignee: saved.assigneeId,
            caseId: saved.caseId,
            consentStatedNow: input.consentToContactBack === true,
          },
        },
        tx,
      );
      if (saved.caseId)
        await this.timeline.record(tx, {
          caseId: saved.caseId,
          kind: 'callback_scheduled',
          actorId: actor.userId,
          data: { callbackId: saved.id, dueAt: saved.dueAt.toISOString(), method: saved.method, assigneeId: saved.assigneeId },
        });
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
  async oweForMissedCall(
    m: EntityManager,
    input: {
      callId: string;
      officeId: string;
      contactId: string | null;
      phone: string;
      reason: 'missed_call' | 'abandoned_call' | 'requested_in_queue' | 'after_hours' | 'voicemail';
    },
  ): Promise<{ id: string; dueAt: Date } | null> {
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
    const owed = await this.callbacks.insertForMissedCall(m, {
      id,
      officeId: input.officeId,
      contactId: input.contactId,
      sourceCallId: input.callId,
      phoneEncrypted: this.vault.encrypt(input.phone, Encrypted.callbackPhone.at(id)),
      phoneHash: hashes[0],
      reason: input.reason,
      dueAt,
      timeZone,
      maxAttempts: this.config.callbacks.defaultMaxAttempts,
      window,
    });
    if (!owed) return null;
    await this.audit.record(
      {
        action: AuditAction.CallbackScheduled,
        entityType: 'callback',
        entityId: owed.id,
        officeId: input.officeId,
        summary: { reason: input.reason, callId: input.callId, window: !!window },
      },
      m,
    );
    return owed;
  }

  /** Adds the delayed job of a callback written in a transaction that has now committed. */
  async afterCommit(cb: { id: string; dueAt: Date }): Promise<void> {
    await this.enqueue(cb);
  }

  async reschedule(actor: Actor, id: string, input: RescheduleCallbackDto): Promise<CallbackDto> {
    const updated = await this.callbacks.transaction(async (m) => {
      const cb = await this.requireInScope(actor, id, m, true);
      if (cb.version !== input.version) throw staleVersion('This callback');
      this.assertMove(cb.status as CallbackStatus, 'scheduled', cb.status === 'scheduled');
      const dueAt = new Date(input.dueAt);
      if (dueAt.getTime() < this.clock.nowMs() - 5 * 60_000) throw fieldInvalid('dueAt', 'in_past', 'Choose a time from now on');
      const window = this.windowOf(cb);
      if (window && !isInsideSafeWindow(dueAt, window))
        throw new DomainError('outside_safe_window', 'That time is outside the client’s safe window', {
          errors: [{ field: 'dueAt', code: 'outside_safe_window', message: 'Choose a time inside the safe window' }],
        });
      if (input.assigneeId) await this.requireStaffOf(m, cb.officeId, input.assigneeId);
      const from = cb.status;
      cb.status = 'scheduled';
      cb.dueAt = dueAt;
      cb.firedAt = null;
      if (input.assigneeId !== undefined) cb.assigneeId = input.assigneeId;
      const saved = await this.callbacks.save(m, cb);
      await this.recordMove(m, actor.userId, saved, from, 'scheduled', { dueAt: dueAt.toISOString(), assigneeId: saved.assigneeId });
      return saved;
    });
    // The old delayed job would fire early and find nothing due; drop it so the new time is the one that fires.
    await this.queue.remove(JobName.CallbackDue, updated.id).catch(() => false);
    await this.enqueue(updated);
    return this.get(actor, id);
  }

  async cancel(actor: Actor, id: string, input: CancelCallbackDto): Promise<CallbackDto> {
    await this.callbacks.transaction(async (m) => {
      const cb = await this.requireInScope(actor, id, m, true);
      if (cb.version !== input.version) throw staleVersion('This callback');
      this.assertMove(cb.status as CallbackStatus, 'cancelled', false, input.reason);
      const from = cb.status;
      cb.status = 'cancelled';
      cb.closeReason = input.reason;
      cb.finishedAt = this.clock.now();
      const saved = await this.callbacks.save(m, cb);
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
    return this.callbacks.outsideTransaction((m0) => this.placeWith(m0, actor, id, version));
  }

  private async placeWith(m0: EntityManager, actor: Actor, id: string, version: number): Promise<CallbackDto> {
    const current = await this.requireInScope(actor, id, m0);
    if (current.method !== 'voice') throw new DomainError('conflict', 'This callback is by text: answer in the conversation and record the outcome');
    const phone = this.vault.decrypt(current.phoneEncrypted, Encrypted.callbackPhone.at(current.id));
    await this.refuseDoNotCall(m0, [...new Set([current.phoneHash, ...this.vault.phoneHashesOf(phone)])], current.personId);
    // Consent may have been withdrawn, or "no" recorded, since the callback was scheduled.
    if (contactBackConsent(await this.callbacks.contactBackEvidence(m0, current.contactId, current.caseId)) === 'refused') throw contactBackRefused('refused');
    const window = this.windowOf(current);
    if (window && !isInsideSafeWindow(this.clock.now(), window))
      throw new DomainError('outside_safe_window', 'It is not safe to call this client now; reschedule inside their window');
    const attempt = await this.callbacks.transaction(async (m) => {
      const cb = await this.requireInScope(actor, id, m, true);
      if (cb.version !== version) throw staleVersion('This callback');
      this.assertMove(cb.status as CallbackStatus, 'in_progress', false);
      const from = cb.status;
      cb.status = 'in_progress';
      cb.attempts += 1;
      cb.placedById = actor.userId;
      const saved = await this.callbacks.save(m, cb);
      await this.callbacks.insertAttempt(m, { callbackId: cb.id, number: cb.attempts, operatorId: actor.userId });
      await this.recordMove(m, actor.userId, saved, from, 'in_progress', { attempt: cb.attempts });
      return { number: cb.attempts, from };
    });
    const operator = await this.presence.ringTargetOf(actor.userId);
    const hotline = this.config.telephony.hotlineNumber;
    try {
      const call = await this.provider.createCall({
        to: dialAddress(operator, { callbackId: id }),
        from: hotline,
        twiml: this.twiml.bridgeToClient('ru', phone, hotline, this.urls.url('/voice/callback-result', { callback: id, attempt: attempt.number })),
        statusCallbackUrl: this.urls.url('/voice/status'),
      });
      await this.callbacks.transaction(async (m) => {
        const callRowId = randomUUID();
        await this.callbacks.insertCall(m, {
          id: callRowId,
          callSid: call.sid,
          officeId: current.officeId,
          callbackId: id,
          contactId: current.contactId,
          partyEncrypted: this.vault.encrypt(phone, Encrypted.callParty.at(callRowId)),
          partyHash: current.phoneHash,
          lineNumber: hotline,
          operatorId: actor.userId,
        });
        await this.callbacks.setAttemptCallSid(m, id, attempt.number, call.sid);
        await this.audit.record(
          {
            action: AuditAction.CallbackPlaced,
            entityType: 'callback',
            entityId: id,
            officeId: current.officeId,
            summary: { attempt: attempt.number, ringTarget: operator.kind },
          },
          m,
        );
      });
    } catch (error) {
      // Nothing was dialled: undo the attempt so the callback waits as it did.
      await this.callbacks.transaction((m) => this.callbacks.undoAttempt(m, id, attempt.number, attempt.from));
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
    const outcome: CallbackOutcome =
      status === 'completed' || status === 'answered' ? 'reached' : status === 'busy' ? 'busy' : status === 'no-answer' ? 'no_answer' : 'failed';
    await this.resolveAttempt(callbackId, attempt, outcome, null, null);
  }

  /** The operator's leg ended; if the client was never dialled (the operator did not pick up), the attempt failed. */
  async callLegEnded(call: TelephonyCall, params: Record<string, string>): Promise<void> {
    if (!['completed', 'busy', 'failed', 'no-answer', 'canceled'].includes(params.CallStatus ?? '')) return;
    await this.callbacks.completeCall(call.id, params.CallStatus, Number.isFinite(Number(params.CallDuration)) ? Number(params.CallDuration) : null);
    if (!call.callbackId) return;
    const attempt = await this.callbacks.openAttemptOfCall(call.callbackId, call.callSid);
    if (attempt !== null && params.CallStatus !== 'completed') await this.resolveAttempt(call.callbackId, attempt, 'failed', null, null);
  }

  /** An operator records what came of the attempt (after calling by hand, or to correct the record). */
  async recordOutcome(actor: Actor, id: string, input: CallbackOutcomeDto): Promise<CallbackDto> {
    const cb = await this.requireInScope(actor, id);
    if (cb.version !== input.version) throw staleVersion('This callback');
    if (cb.status !== 'in_progress')
      throw new DomainError('illegal_transition', 'Start the callback before recording its outcome', {
        allowed: allowedNextCallbackStatuses(cb.status as CallbackStatus),
      });
    const done = await this.resolveAttempt(id, cb.attempts, input.outcome, actor.userId, input.notes ?? null);
    if (!done) throw staleVersion('This callback');
    return this.get(actor, id);
  }

  /** Closes attempt `number` once: completed, failed, or rescheduled inside the window until the attempts run out. */
  private async resolveAttempt(id: string, number: number, outcome: CallbackOutcome, actorId: string | null, notes: string | null): Promise<boolean> {
    const result = await this.callbacks.transaction(async (m) => {
      const cb = await this.callbacks.lockById(m, id);
      if (!cb || cb.status !== 'in_progress' || cb.attempts !== number) return null;
      await this.callbacks.closeAttempt(m, id, number, outcome);
      const next = statusAfter(outcome);
      cb.lastOutcome = outcome;
      if (notes) cb.notes = cb.notes ? `${cb.notes}\n${notes}` : notes;
      if (next === 'completed' || next === 'failed') {
        cb.status = next;
        cb.finishedAt = this.clock.now();
        if (next === 'failed') cb.closeReason = outcome;
        const saved = await this.callbacks.save(m, cb);
        await this.recordMove(m, actorId, saved, 'in_progress', next, { attempt: number, outcome });
        return { saved, retry: false };
      }
      await this.recordMove(m, actorId, cb, 'in_progress', 'no_answer', { attempt: number, outcome });
      const retryAt = nextAttemptAt(this.clock.now(), cb.attempts, cb.maxAttempts, this.windowOf(cb), this.config.callbacks.retryMinutes);
      if (retryAt) {
        cb.status = 'scheduled';
        cb.dueAt = retryAt;
        cb.firedAt = null;
        const saved = await this.callbacks.save(m, cb);
        await this.recordMove(m, null, saved, 'no_answer', 'scheduled', { dueAt: retryAt.toISOString(), attemptsLeft: cb.maxAttempts - cb.attempts });
        return { saved, retry: true };
      }
      cb.status = 'failed';
      cb.closeReason = 'attempts_exhausted';
      cb.finishedAt = this.clock.now();
      const saved = await this.callbacks.save(m, cb);
      await this.recordMove(m, null, saved, 'no_answer', 'failed', { reason: 'attempts_exhausted', attempts: cb.attempts });
      await this.alerts.raiseForOfficeSupervisors(
        {
          kind: 'callback_failed',
          dedupeKey: `callback_failed:${id}`,
          officeId: cb.officeId,
          entityType: 'callback',
          entityId: id,
          data: { attempts: cb.attempts, caseId: cb.caseId, reason: cb.reason },
        },
        m,
      );
      return { saved, retry: false };
    });
    if (!result) return false;
    const placedById = result.saved.placedById;
    if (placedById) await this.callbacks.outsideTransaction((m) => this.presence.markBusy(m, placedById, false));
    if (result.retry) await this.enqueue(result.saved);
    return true;
  }

  // ---- jobs ------------------------------------------------------------------------------

  /** The delayed job fired: mark the callback due and tell whoever should call. Exactly once per scheduling. */
  async fire(callbackId: string): Promise<boolean> {
    const fired = await this.callbacks.transaction(async (m) => {
      const cb = await this.callbacks.markDue(m, callbackId);
      if (!cb) return null;
      await this.audit.record(
        {
          action: AuditAction.CallbackDue,
          entityType: 'callback',
          entityId: cb.id,
          officeId: cb.officeId,
          summary: { attempt: cb.attempts + 1, lateMs: this.clock.nowMs() - new Date(cb.dueAt).getTime() },
        },
        m,
      );
      const alert = {
        kind: 'callback_due' as const,
        dedupeKey: `callback_due:${cb.id}:${cb.attempts}`,
        officeId: cb.officeId,
        entityType: 'callback',
        entityId: cb.id,
        data: { reason: cb.reason, caseId: cb.caseId, attempt: cb.attempts + 1 },
      };
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
      const rows = await this.callbacks.scheduledDueWithin(horizon, after, RECONCILE_BATCH);
      for (const row of rows) await this.enqueue({ id: row.id, dueAt: new Date(row.dueAt) });
      checked += rows.length;
      if (rows.length < RECONCILE_BATCH) break;
      after = { at: rows[rows.length - 1].dueAt, id: rows[rows.length - 1].id };
    }
    return { checked };
  }

  private async enqueue(cb: { id: string; dueAt: Date }): Promise<void> {
    try {
      await this.queue.add(
        JobName.CallbackDue,
        { callbackId: cb.id },
        { jobId: cb.id, delayMs: Math.max(0, cb.dueAt.getTime() - this.clock.nowMs()), removeOnComplete: true, attempts: 3 },
      );
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
    const endOfDay = view === 'today' ? this.endOfToday(await this.officeTimeZone(offices[0])) : null;
    const rows = await this.callbacks.list({
      officeIds: offices,
      view,
      endOfDay,
      assignee: query.assignee,
      me: actor.userId,
      caseId: query.caseId,
      position,
      limit,
    });
    const page = pageOf(rows, limit, (b) => ({ at: b.dueAt, id: b.id }));
    return { items: await this.toDtos(actor, page.items, false), nextCursor: page.nextCursor, limit };
  }

  async get(actor: Actor, id: string): Promise<CallbackDto> {
    const cb = await this.requireInScope(actor, id);
    await this.audit.record({ action: AuditAction.CallbackRead, entityType: 'callback', entityId: id, officeId: cb.officeId });
    return (await this.toDtos(actor, [cb], true))[0];
  }

  private async requireInScope(actor: Actor, id: string, m?: EntityManager, lock = false): Promise<Callback> {
    const cb = await this.callbacks.findInOffices(actor.officeIds, id, m, lock);
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
    await this.audit.record(
      { action: AuditAction.CallbackStatusChanged, entityType: 'callback', entityId: cb.id, officeId: cb.officeId, summary: { from, to, ...data } },
      m,
    );
    if (cb.caseId)
      await this.timeline.record(m, { caseId: cb.caseId, kind: 'callback_status_changed', actorId, data: { callbackId: cb.id, from, to, ...data } });
  }

  private async toDtos(actor: Actor, rows: Callback[], withAttempts: boolean): Promise<CallbackDto[]> {
    if (!rows.length) return [];
    const attempts: CallbackAttempt[] = withAttempts ? await this.callbacks.attemptsOf(rows.map((r) => r.id)) : [];
    const refs = await this.callbacks.userRefs([...rows.map((r) => r.assigneeId), ...attempts.map((a) => a.operatorId)]);
    const references = await this.callbacks.caseReferences([...new Set(rows.map((r) => r.caseId).filter((id): id is string => !!id))]);
    const flags = await this.callbacks.outsideTransaction((m) =>
      this.people.activeFlags(
        m,
        rows.map((r) => r.personId).filter((id): id is string => !!id),
        rows.map((r) => r.phoneHash),
      ),
    );
    const present = this.vault.presenterFor(actor);
    return rows.map((r) => {
      const window = this.windowOf(r);
      return {
        id: r.id,
        officeId: r.officeId,
        contactId: r.contactId,
        caseId: r.caseId,
        caseReference: r.caseId ? (references.get(r.caseId) ?? null) : null,
        phone: present.phone(r.phoneEncrypted, Encrypted.callbackPhone.at(r.id))!,
        masked: !present.revealed,
        reason: r.reason,
        method: r.method,
        status: r.status as CallbackStatus,
        allowed: [...allowedNextCallbackStatuses(r.status as CallbackStatus)],
        dueAt: r.dueAt.toISOString(),
        safeWindow: window
          ? { days: window.days, start: formatTimeOfDay(window.startMinute), end: formatTimeOfDay(window.endMinute), timeZone: window.timeZone }
          : null,
        timeZone: r.timeZone,
        assignee: refOf(refs, r.assigneeId),
        attempts: r.attempts,
        maxAttempts: r.maxAttempts,
        lastOutcome: r.lastOutcome,
        notes: r.notes,
        closeReason: r.closeReason,
        firedAt: r.firedAt?.toISOString() ?? null,
        finishedAt: r.finishedAt?.toISOString() ?? null,
        flags: flags.filter((f) => (f.personId && f.personId === r.personId) || f.phoneHash === r.phoneHash).map((f) => this.people.flagDto(f)),
        attemptsLog: attempts
          .filter((a) => a.callbackId === r.id)
          .map((a) => ({
            number: a.number,
            operator: refOf(refs, a.operatorId),
            startedAt: a.startedAt.toISOString(),
            endedAt: a.endedAt?.toISOString() ?? null,
            outcome: a.outcome,
          })),
        createdAt: r.createdAt.toISOString(),
        version: r.version,
      };
    });
  }

  // ---- helpers ----------------------------------------------------------------------------

  private windowFrom(input: { days: number[]; start: string; end: string; timeZone?: string } | null, officeZone: string): SafeWindow | null {
    if (!input) return null;
    const window: SafeWindow = {
      days: [...new Set(input.days)].sort(),
      startMinute: parseTimeOfDay(input.start) ?? -1,
      endMinute: parseTimeOfDay(input.end) ?? -1,
      timeZone: input.timeZone ?? officeZone,
    };
    const problems = validateSafeWindow(window);
    if (problems.length) {
      throw new DomainError('validation_failed', 'The safe window is not usable', {
        errors: problems.map((p) => ({
          field:
            p === 'time_zone_invalid'
              ? 'safeWindow.timeZone'
              : p.startsWith('day')
                ? 'safeWindow.days'
                : p === 'start_invalid'
                  ? 'safeWindow.start'
                  : 'safeWindow.end',
          code: p,
          message: p === 'empty_window' ? 'The window must not open and close at the same time' : `Invalid: ${p}`,
        })),
      });
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

  /** The office's time zone; Almaty's when it has none. */
  private async officeTimeZone(officeId: string, m?: EntityManager): Promise<string> {
    return (await this.callbacks.officeTimeZone(officeId, m)) ?? 'Asia/Almaty';
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
      const latest = await this.callbacks.latestContactPhone(m, kase.id);
      if (latest) return known(latest.phoneEncrypted, latest.contactId);
    }
    return null;
  }

  private async refuseDoNotCall(m: EntityManager, phoneHashes: string[], personId: string | null): Promise<void> {
    const flags = await this.people.activeFlags(m, personId ? [personId] : [], phoneHashes);
    if (flags.some((f) => f.kind === 'do_not_call_back')) throw new DomainError('do_not_call_back', 'This client asked never to be called back');
  }

  private async requireStaffOf(m: EntityManager, officeId: string, userId: string): Promise<void> {
    if (!(await this.callbacks.isStaffOf(m, officeId, userId)))
      throw fieldInvalid('assigneeId', 'not_a_colleague', 'Assign to an active colleague of this office');
  }
}

/** 422 contact_back_consent_required: the client said no (or withdrew consent), or was never asked. */
function contactBackRefused(consent: 'refused' | 'not_asked'): DomainError {
  const refused = consent === 'refused';
  return new DomainError(
    'contact_back_consent_required',
    refused
      ? 'The client said not to be contacted back (or withdrew that consent): they may not be called'
      : 'The client has not agreed to be contacted back: ask them, and record their answer',
    {
      errors: [
        {
          field: 'consentToContactBack',
          code: refused ? 'contact_back_refused' : 'contact_back_not_asked',
          message: refused ? 'The client said no' : 'Record the client’s consent',
        },
      ],
    },
  );
}
