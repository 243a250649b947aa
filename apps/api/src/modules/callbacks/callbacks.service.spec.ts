import { Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuditService } from '#api/core/audit/audit.service';
import { SettableClock } from '#api/core/clock/clock';
import type { AppConfig } from '#api/core/config/app-config';
import type { Actor } from '#api/core/context/request-context';
import type { JobQueue } from '#api/core/queue/job-queue.port';
import { JobName } from '#api/core/queue/queue-names';
import type { RealtimeEvents } from '#api/core/realtime/realtime-events';
import { strictFake } from '#api/testing/strict-fake';
import type { AlertsService } from '../alerts/alerts.service';
import type { CaseTimeline } from '../cases/case-timeline.service';
import type { IdentifierVault } from '../people/identifier-vault';
import type { PeopleService } from '../people/people.service';
import type { PersonFlag } from '../people/person-flag.entity';
import type { PresenceService } from '../telephony/presence.service';
import type { TelephonyProvider } from '../telephony/provider/telephony-provider';
import type { TelephonyUrls } from '../telephony/telephony-urls';
import type { Twiml } from '../telephony/twiml';
import type { Callback } from './callback.entity';
import { CallbacksRepository } from './callbacks.repository';
import { CallbacksService } from './callbacks.service';

const NOW = new Date('2031-05-06T07:00:00.000Z');
const tx = { transaction: 'tx' } as unknown as EntityManager;
const pool = { pool: 'pool' } as unknown as EntityManager;
const config = {
  callbacks: { reconcileIntervalSeconds: 30, retryMinutes: 15, missedCallDelayMinutes: 5, defaultMaxAttempts: 3 },
  telephony: { hotlineNumber: '+77170000000' },
} as AppConfig;
const operator: Actor = { userId: 'op-1', email: 'op@mayak.kz', roles: ['operator'], officeIds: ['office-1'], sessionId: 's-1', permissions: [] };

function aCallback(fields: Partial<Callback> = {}): Callback {
  return {
    id: 'cb-1',
    officeId: 'office-1',
    contactId: null,
    caseId: 'case-1',
    personId: null,
    sourceCallId: null,
    phoneEncrypted: 'enc',
    phoneHash: 'hash-1',
    reason: 'missed_call',
    method: 'voice',
    status: 'in_progress',
    dueAt: NOW,
    safeDays: null,
    safeStartMinute: null,
    safeEndMinute: null,
    timeZone: 'Asia/Almaty',
    assigneeId: null,
    attempts: 1,
    maxAttempts: 3,
    lastOutcome: null,
    notes: '',
    closeReason: null,
    firedAt: null,
    placedById: 'op-1',
    finishedAt: null,
    createdById: null,
    version: 4,
    createdAt: NOW,
    ...fields,
  } as Callback;
}

function setup() {
  const callbacks = strictFake<CallbacksRepository>('CallbacksRepository');
  const queue = strictFake<JobQueue>('JobQueue');
  const vault = strictFake<IdentifierVault>('IdentifierVault');
  const people = strictFake<PeopleService>('PeopleService');
  const timeline = strictFake<CaseTimeline>('CaseTimeline');
  const alerts = strictFake<AlertsService>('AlertsService');
  const presence = strictFake<PresenceService>('PresenceService');
  const provider = strictFake<TelephonyProvider>('TelephonyProvider');
  const twiml = strictFake<Twiml>('Twiml');
  const urls = strictFake<TelephonyUrls>('TelephonyUrls');
  const realtime = strictFake<RealtimeEvents>('RealtimeEvents');
  const audit = strictFake<AuditService>('AuditService');
  const clock = new SettableClock(NOW);
  callbacks.transaction.mockImplementation((work) => work(tx));
  callbacks.outsideTransaction.mockImplementation((work) => work(pool));
  audit.record.mockResolvedValue();
  timeline.record.mockResolvedValue();
  const service = new CallbacksService(config, callbacks, queue, vault, people, timeline, alerts, presence, provider, twiml, urls, realtime, audit, clock);
  return { service, callbacks, queue, vault, people, timeline, alerts, presence, provider, twiml, urls, realtime, audit, clock };
}

/** The callback as the operator's screen reads it back after a change (no attempts, flags or names needed). */
function readsBack(f: ReturnType<typeof setup>, cb: Callback) {
  f.callbacks.findInOffices.mockResolvedValue(cb);
  f.callbacks.attemptsOf.mockResolvedValue([]);
  f.callbacks.userRefs.mockResolvedValue(new Map());
  f.callbacks.caseReferences.mockResolvedValue(new Map([['case-1', 'AST-2031-0001']]));
  f.people.activeFlags.mockResolvedValue([]);
  f.vault.presenterFor.mockReturnValue({ revealed: false, phone: () => '+7 *** *** 00 00' } as never);
}

describe('CallbacksService', () => {
  describe('recording what came of an attempt', () => {
    it('a client reached completes the callback and frees the operator', async () => {
      const f = setup();
      const cb = aCallback();
      readsBack(f, cb);
      f.callbacks.lockById.mockResolvedValue(cb);
      f.callbacks.closeAttempt.mockResolvedValue();
      f.callbacks.save.mockImplementation(async (_m, saved) => saved);
      f.presence.markBusy.mockResolvedValue();

      await f.service.recordOutcome(operator, 'cb-1', { version: 4, outcome: 'reached' } as never);

      expect(f.callbacks.closeAttempt).toHaveBeenCalledWith(tx, 'cb-1', 1, 'reached');
      expect(cb).toMatchObject({ status: 'completed', finishedAt: NOW, lastOutcome: 'reached' });
      expect(f.presence.markBusy).toHaveBeenCalledWith(pool, 'op-1', false);
    });

    it('no answer with attempts left schedules the next one after the retry gap and queues it', async () => {
      const f = setup();
      const cb = aCallback({ attempts: 1, maxAttempts: 3 });
      readsBack(f, cb);
      f.callbacks.lockById.mockResolvedValue(cb);
      f.callbacks.closeAttempt.mockResolvedValue();
      f.callbacks.save.mockImplementation(async (_m, saved) => saved);
      f.presence.markBusy.mockResolvedValue();
      f.queue.add.mockResolvedValue(undefined as never);

      await f.service.recordOutcome(operator, 'cb-1', { version: 4, outcome: 'no_answer' } as never);

      const retryAt = new Date(NOW.getTime() + 15 * 60_000);
      expect(cb).toMatchObject({ status: 'scheduled', dueAt: retryAt, firedAt: null });
      expect(f.queue.add).toHaveBeenCalledWith(JobName.CallbackDue, { callbackId: 'cb-1' }, expect.objectContaining({ jobId: 'cb-1', delayMs: 15 * 60_000 }));
      expect(f.alerts.raiseForOfficeSupervisors).not.toHaveBeenCalled();
    });

    it('no answer on the last attempt fails the callback and alerts the office’s supervisors', async () => {
      const f = setup();
      const cb = aCallback({ attempts: 3, maxAttempts: 3 });
      readsBack(f, cb);
      f.callbacks.lockById.mockResolvedValue(cb);
      f.callbacks.closeAttempt.mockResolvedValue();
      f.callbacks.save.mockImplementation(async (_m, saved) => saved);
      f.presence.markBusy.mockResolvedValue();
      f.alerts.raiseForOfficeSupervisors.mockResolvedValue(1);

      await f.service.recordOutcome(operator, 'cb-1', { version: 4, outcome: 'busy' } as never);

      expect(cb).toMatchObject({ status: 'failed', closeReason: 'attempts_exhausted', finishedAt: NOW });
      expect(f.alerts.raiseForOfficeSupervisors).toHaveBeenCalledWith(
        expect.objectContaining({ kind: 'callback_failed', dedupeKey: 'callback_failed:cb-1', officeId: 'office-1' }),
        tx,
      );
    });

    it('an outcome for a callback not being placed is refused', async () => {
      const f = setup();
      f.callbacks.findInOffices.mockResolvedValue(aCallback({ status: 'scheduled' }));
      await expect(f.service.recordOutcome(operator, 'cb-1', { version: 4, outcome: 'reached' } as never)).rejects.toMatchObject({
        code: 'illegal_transition',
      });
    });

    it('a stale version is refused before anything is written', async () => {
      const f = setup();
      f.callbacks.findInOffices.mockResolvedValue(aCallback());
      await expect(f.service.recordOutcome(operator, 'cb-1', { version: 3, outcome: 'reached' } as never)).rejects.toMatchObject({ code: 'conflict' });
    });
  });

  describe('the delayed job firing', () => {
    it('alerts the assignee and tells them after the commit', async () => {
      const f = setup();
      f.callbacks.markDue.mockResolvedValue({
        id: 'cb-1',
        officeId: 'office-1',
        assigneeId: 'op-2',
        attempts: 1,
        caseId: 'case-1',
        reason: 'missed_call',
        dueAt: NOW,
      });
      f.alerts.raiseFor.mockResolvedValue(true);
      f.realtime.notify.mockResolvedValue(undefined as never);

      await expect(f.service.fire('cb-1')).resolves.toBe(true);

      expect(f.alerts.raiseFor).toHaveBeenCalledWith(
        'op-2',
        expect.objectContaining({ kind: 'callback_due', dedupeKey: 'callback_due:cb-1:1', data: { reason: 'missed_call', caseId: 'case-1', attempt: 2 } }),
        tx,
      );
      expect(f.realtime.notify).toHaveBeenCalledWith(['op-2'], 'callback.due', { callbackId: 'cb-1', officeId: 'office-1' });
    });

    it('with nobody assigned and nobody available, alerts the supervisors', async () => {
      const f = setup();
      f.callbacks.markDue.mockResolvedValue({
        id: 'cb-1',
        officeId: 'office-1',
        assigneeId: null,
        attempts: 0,
        caseId: null,
        reason: 'missed_call',
        dueAt: NOW,
      });
      f.presence.availableIn.mockResolvedValue([]);
      f.alerts.raiseForOfficeSupervisors.mockResolvedValue(2);
      f.realtime.notify.mockResolvedValue(undefined as never);

      await expect(f.service.fire('cb-1')).resolves.toBe(true);

      expect(f.presence.availableIn).toHaveBeenCalledWith('office-1', tx);
      expect(f.alerts.raiseForOfficeSupervisors).toHaveBeenCalledWith(expect.objectContaining({ kind: 'callback_due', dedupeKey: 'callback_due:cb-1:0' }), tx);
    });

    it('a job for a callback no longer scheduled does nothing', async () => {
      const f = setup();
      f.callbacks.markDue.mockResolvedValue(null);
      await expect(f.service.fire('cb-1')).resolves.toBe(false);
    });
  });

  describe('a missed call', () => {
    const missed = { callId: 'call-1', officeId: 'office-1', contactId: null, phone: '+77010000000', reason: 'missed_call' as const };

    it('owes nothing to a number flagged do-not-call-back', async () => {
      const f = setup();
      f.vault.phoneHashesOf.mockReturnValue(['hash-1']);
      f.people.activeFlags.mockResolvedValue([{ kind: 'do_not_call_back' } as PersonFlag]);
      await expect(f.service.oweForMissedCall(tx, missed)).resolves.toBeNull();
    });

    it('owes nothing to a number that last said not to call back', async () => {
      const f = setup();
      f.vault.phoneHashesOf.mockReturnValue(['hash-1']);
      f.people.activeFlags.mockResolvedValue([]);
      f.callbacks.lastContactBackAnswer.mockResolvedValue(false);
      await expect(f.service.oweForMissedCall(tx, missed)).resolves.toBeNull();
    });

    it('owes a callback after the usual delay, in the office’s time zone when the number gave no window', async () => {
      const f = setup();
      f.vault.phoneHashesOf.mockReturnValue(['hash-1', 'hash-old']);
      f.vault.encrypt.mockReturnValue('enc');
      f.people.activeFlags.mockResolvedValue([]);
      f.callbacks.lastContactBackAnswer.mockResolvedValue(null);
      f.callbacks.lastSafeWindow.mockResolvedValue(null);
      f.callbacks.officeTimeZone.mockResolvedValue(null);
      f.callbacks.insertForMissedCall.mockImplementation(async (_m, cb) => ({ id: cb.id, dueAt: cb.dueAt }));

      const owed = await f.service.oweForMissedCall(tx, missed);

      expect(owed?.dueAt).toEqual(new Date(NOW.getTime() + 5 * 60_000));
      expect(f.callbacks.insertForMissedCall).toHaveBeenCalledWith(
        tx,
        expect.objectContaining({ sourceCallId: 'call-1', phoneHash: 'hash-1', timeZone: 'Asia/Almaty', maxAttempts: 3, window: null }),
      );
    });
  });

  describe('placing a callback', () => {
    it('when the network dials nothing, takes the attempt back and says so', async () => {
      const f = setup();
      const cb = aCallback({ status: 'due', attempts: 0, placedById: null });
      f.callbacks.findInOffices.mockResolvedValue(cb);
      f.vault.decrypt.mockReturnValue('+77010000000');
      f.vault.phoneHashesOf.mockReturnValue(['hash-1']);
      f.people.activeFlags.mockResolvedValue([]);
      f.callbacks.contactBackEvidence.mockResolvedValue({ contactAnswer: true, caseConsentStanding: false, caseConsentWithdrawn: false });
      f.callbacks.save.mockImplementation(async (_m, saved) => saved);
      f.callbacks.insertAttempt.mockResolvedValue();
      f.presence.ringTargetOf.mockResolvedValue({ kind: 'browser' } as never);
      f.twiml.bridgeToClient.mockReturnValue('<Response/>');
      f.urls.url.mockReturnValue('https://mayak.test/voice');
      f.provider.createCall.mockRejectedValue(new Error('network down'));
      f.callbacks.undoAttempt.mockResolvedValue();
      const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);

      await expect(f.service.place(operator, 'cb-1', 4)).rejects.toMatchObject({ code: 'provider_unavailable' });

      expect(f.callbacks.insertAttempt).toHaveBeenCalledWith(tx, { callbackId: 'cb-1', number: 1, operatorId: 'op-1' });
      expect(f.callbacks.undoAttempt).toHaveBeenCalledWith(tx, 'cb-1', 1, 'due');
      expect(warn).toHaveBeenCalledWith(expect.objectContaining({ callbackId: 'cb-1' }), 'the provider did not place a callback');
      warn.mockRestore();
    });

    it('refuses a client who withdrew consent to be called back', async () => {
      const f = setup();
      f.callbacks.findInOffices.mockResolvedValue(aCallback({ status: 'due' }));
      f.vault.decrypt.mockReturnValue('+77010000000');
      f.vault.phoneHashesOf.mockReturnValue(['hash-1']);
      f.people.activeFlags.mockResolvedValue([]);
      f.callbacks.contactBackEvidence.mockResolvedValue({ contactAnswer: true, caseConsentStanding: false, caseConsentWithdrawn: true });
      await expect(f.service.place(operator, 'cb-1', 4)).rejects.toMatchObject({ code: 'contact_back_consent_required' });
    });
  });

  it('reconciling re-queues every scheduled callback due soon, a page at a time', async () => {
    const f = setup();
    f.callbacks.scheduledDueWithin.mockResolvedValue([
      { id: 'cb-1', dueAt: NOW },
      { id: 'cb-2', dueAt: new Date(NOW.getTime() + 30_000) },
    ]);
    f.queue.add.mockResolvedValue(undefined as never);

    await expect(f.service.reconcile()).resolves.toEqual({ checked: 2 });

    expect(f.callbacks.scheduledDueWithin).toHaveBeenCalledWith(60, null, 1000);
    expect(f.queue.add).toHaveBeenCalledWith(JobName.CallbackDue, { callbackId: 'cb-2' }, expect.objectContaining({ jobId: 'cb-2', delayMs: 30_000 }));
  });
});
