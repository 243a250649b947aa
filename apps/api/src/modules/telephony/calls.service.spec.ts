import type { EntityManager } from 'typeorm';
import type { AuditService } from '#api/core/audit/audit.service';
import { SettableClock } from '#api/core/clock/clock';
import type { AppConfig } from '#api/core/config/app-config';
import type { Actor } from '#api/core/context/request-context';
import type { RealtimeEvents } from '#api/core/realtime/realtime-events';
import { strictFake } from '#api/testing/strict-fake';
import type { CallbacksService } from '../callbacks/callbacks.service';
import type { ContactsService } from '../contacts/contacts.service';
import type { IdentifierPresenter, IdentifierVault } from '../people/identifier-vault';
import type { TelephonyCall } from './call.entity';
import { CallsRepository } from './calls.repository';
import { CallsService } from './calls.service';
import type { LineHours } from './line-hours';
import type { LineRouter } from './line-router';
import type { PresenceService } from './presence.service';
import type { TelephonyProvider } from './provider/telephony-provider';
import type { TelephonyUrls } from './telephony-urls';
import type { RingTarget, Twiml } from './twiml';

const NOW = new Date('2031-05-06T07:00:00.000Z');
const tx = { transaction: 'tx' } as unknown as EntityManager;
const HOTLINE = '+77000011616';
const CALL_SID = `CA${'a'.repeat(32)}`;
const AUDIT_INSERT = { sql: 'INSERT INTO audit_log ...', params: ['p'] };
const CONSOLE: RingTarget = { kind: 'console', address: 'operator-1' };

const operator: Actor = {
  userId: 'operator-1',
  email: 'op@mayak.kz',
  roles: ['operator'],
  officeIds: ['office-1'],
  sessionId: 's-1',
  permissions: ['telephony.answer'],
};
const colleague: Actor = {
  userId: 'operator-2',
  email: 'op2@mayak.kz',
  roles: ['operator'],
  officeIds: ['office-1'],
  sessionId: 's-2',
  permissions: ['telephony.answer'],
};
const supervisor: Actor = {
  userId: 'supervisor-1',
  email: 'sup@mayak.kz',
  roles: ['supervisor'],
  officeIds: ['office-1'],
  sessionId: 's-3',
  permissions: ['telephony.answer', 'telephony.supervise'],
};
const elsewhere: Actor = {
  userId: 'operator-9',
  email: 'op9@mayak.kz',
  roles: ['operator'],
  officeIds: ['office-2'],
  sessionId: 's-9',
  permissions: ['telephony.answer', 'telephony.supervise'],
};

const config = {
  telephony: { hotlineNumber: HOTLINE, menuLanguages: ['ru', 'kk'], maxQueueSeconds: 300, languageFirstSeconds: 30 },
} as unknown as AppConfig;

function aCall(fields: Partial<TelephonyCall> = {}): TelephonyCall {
  return {
    id: 'call-1',
    callSid: CALL_SID,
    direction: 'inbound',
    purpose: 'hotline',
    officeId: 'office-1',
    contactId: 'contact-1',
    callbackId: null,
    partyEncrypted: 'enc:+77011234567',
    partyHash: 'hash-1',
    lineNumber: HOTLINE,
    language: 'ru',
    state: 'queued',
    outcome: null,
    operatorId: null,
    transferToId: null,
    transferMode: null,
    queuedAt: new Date(NOW.getTime() - 60_000),
    answeredAt: null,
    endedAt: null,
    durationSeconds: null,
    queuePriority: 'normal',
    voicemailRequested: false,
    callbackRequested: false,
    providerStatus: null,
    version: 1,
    createdAt: NOW,
    updatedAt: NOW,
    ...fields,
  } as TelephonyCall;
}

const presenter: IdentifierPresenter = { revealed: false, phone: () => '+7 *** ** 67', name: () => null, identifier: () => '', phoneText: () => '' };

function setup() {
  const calls = strictFake<CallsRepository>('CallsRepository');
  const provider = strictFake<TelephonyProvider>('TelephonyProvider');
  const twiml = strictFake<Twiml>('Twiml');
  const urls = strictFake<TelephonyUrls>('TelephonyUrls');
  const router = strictFake<LineRouter>('LineRouter');
  const presence = strictFake<PresenceService>('PresenceService');
  const vault = strictFake<IdentifierVault>('IdentifierVault');
  const contacts = strictFake<ContactsService>('ContactsService');
  const callbacks = strictFake<CallbacksService>('CallbacksService');
  const realtime = strictFake<RealtimeEvents>('RealtimeEvents');
  const audit = strictFake<AuditService>('AuditService');
  const lineHours = strictFake<LineHours>('LineHours');
  const clock = new SettableClock(NOW);
  calls.transaction.mockImplementation((work) => work(tx));
  urls.url.mockImplementation((path) => path);
  // A strict fake answers every property with a method: the key-rotation flag is a plain value on top of it.
  const hashKey = { rotating: false };
  const vaultWithFlag = Object.create(vault, { hashKeyRotating: { get: () => hashKey.rotating } }) as IdentifierVault;
  const service = new CallsService(
    calls,
    config,
    provider,
    twiml,
    urls,
    router,
    presence,
    vaultWithFlag,
    contacts,
    callbacks,
    realtime,
    audit,
    clock,
    lineHours,
  );
  return { service, calls, provider, twiml, urls, router, presence, vault, hashKey, contacts, callbacks, realtime, audit, lineHours, clock };
}

type Setup = ReturnType<typeof setup>;

/** What `get` reads after an operator's action: the call again, and its people's names. */
function readsBack(s: Setup, call: TelephonyCall) {
  s.calls.findById.mockResolvedValue(call);
  s.calls.userRefs.mockResolvedValue(new Map());
  s.vault.presenterFor.mockReturnValue(presenter);
}

describe('CallsService', () => {
  describe('incoming', () => {
    it('writes the call, its contact and the audit row in one statement, the number encrypted for each row, then offers the language menu', async () => {
      const s = setup();
      s.router.officeFor.mockResolvedValue({ officeId: 'office-1', officeCode: 'AST', timeZone: 'Asia/Almaty' });
      s.vault.phone.mockReturnValue({ e164: '+77011234567', hash: 'hash-1' } as never);
      s.vault.encrypt.mockImplementation((value) => `enc:${value}`);
      s.audit.insertFrom.mockReturnValue(AUDIT_INSERT);
      s.calls.receive.mockResolvedValue();
      s.lineHours.whenClosed.mockResolvedValue(null);
      s.twiml.languageMenu.mockReturnValue('<menu/>');

      await expect(s.service.incoming({ CallSid: CALL_SID, From: '+7 701 123 45 67', To: HOTLINE })).resolves.toBe('<menu/>');

      expect(s.audit.insertFrom).toHaveBeenCalledWith(
        expect.objectContaining({
          action: 'telephony.call_received',
          entityType: 'call',
          officeId: 'office-1',
          summary: expect.objectContaining({ withheld: false }),
        }),
        'new_call',
        'id',
        9,
      );
      expect(s.vault.encrypt).toHaveBeenCalledTimes(2);
      expect(s.calls.receive).toHaveBeenCalledWith(
        expect.objectContaining({
          callSid: CALL_SID,
          officeId: 'office-1',
          lineNumber: HOTLINE,
          partyEncrypted: 'enc:+77011234567',
          contactPhoneEncrypted: 'enc:+77011234567',
          partyHash: 'hash-1',
        }),
        AUDIT_INSERT,
      );
      const [{ callId, contactId }] = s.calls.receive.mock.calls[0];
      expect(callId).not.toBe(contactId);
      expect(s.audit.insertFrom.mock.calls[0][0].summary).toEqual({ contactId, withheld: false });
    });

    it('keeps a withheld number as no number at all, and audits it as withheld', async () => {
      const s = setup();
      s.router.officeFor.mockResolvedValue({ officeId: 'office-1', officeCode: 'AST', timeZone: 'Asia/Almaty' });
      s.audit.insertFrom.mockReturnValue(AUDIT_INSERT);
      s.calls.receive.mockResolvedValue();
      s.lineHours.whenClosed.mockResolvedValue(null);
      s.twiml.languageMenu.mockReturnValue('<menu/>');

      await s.service.incoming({ CallSid: CALL_SID, From: 'anonymous' });

      expect(s.calls.receive).toHaveBeenCalledWith(
        expect.objectContaining({ partyEncrypted: null, partyHash: null, contactPhoneEncrypted: null, lineNumber: HOTLINE }),
        AUDIT_INSERT,
      );
      expect(s.audit.insertFrom).toHaveBeenCalledWith(expect.objectContaining({ summary: expect.objectContaining({ withheld: true }) }), 'new_call', 'id', 9);
    });

    it('refuses a call sid that is not the provider’s before writing anything', async () => {
      const s = setup();
      await expect(s.service.incoming({ CallSid: 'not-a-sid' })).rejects.toMatchObject({ code: 'validation_failed' });
      expect(s.calls.receive).not.toHaveBeenCalled();
    });

    it('forwards a call outside opening hours, ended as missed without owing a callback', async () => {
      const s = setup();
      s.router.officeFor.mockResolvedValue({ officeId: 'office-1', officeCode: 'AST', timeZone: 'Asia/Almaty' });
      s.vault.phone.mockReturnValue({ e164: '+77011234567', hash: 'hash-1' } as never);
      s.vault.encrypt.mockReturnValue('enc');
      s.audit.insertFrom.mockReturnValue(AUDIT_INSERT);
      s.calls.receive.mockResolvedValue();
      s.lineHours.whenClosed.mockResolvedValue({ kind: 'forward', to: '+77010000000' });
      s.calls.findByCallSid.mockResolvedValue(aCall({ state: 'menu', queuedAt: null }));
      s.calls.finishUnanswered.mockResolvedValue(true);
      s.calls.completeContact.mockResolvedValue();
      s.audit.record.mockResolvedValue();
      s.presence.watchersOf.mockResolvedValue(['operator-1']);
      s.realtime.notify.mockResolvedValue();
      s.twiml.forward.mockReturnValue('<forward/>');

      await expect(s.service.incoming({ CallSid: CALL_SID, From: '+77011234567' })).resolves.toBe('<forward/>');

      expect(s.calls.finishUnanswered).toHaveBeenCalledWith(tx, 'call-1', 'missed', 'forwarded', null);
      expect(s.audit.record).toHaveBeenCalledWith(
        expect.objectContaining({ action: 'telephony.call_ended', summary: { outcome: 'forwarded', providerStatus: null } }),
        tx,
      );
      expect(s.callbacks.oweForMissedCall).not.toHaveBeenCalled();
      expect(s.twiml.forward).toHaveBeenCalledWith('+77010000000', HOTLINE, '/voice/forward-result');
    });

    it('ends a call outside opening hours as missed, owing the caller an after-hours callback', async () => {
      const s = setup();
      s.router.officeFor.mockResolvedValue({ officeId: 'office-1', officeCode: 'AST', timeZone: 'Asia/Almaty' });
      s.vault.phone.mockReturnValue({ e164: '+77011234567', hash: 'hash-1' } as never);
      s.vault.encrypt.mockReturnValue('enc');
      s.vault.decrypt.mockReturnValue('+77011234567');
      s.audit.insertFrom.mockReturnValue(AUDIT_INSERT);
      s.calls.receive.mockResolvedValue();
      s.lineHours.whenClosed.mockResolvedValue({ kind: 'message' });
      s.calls.findByCallSid.mockResolvedValue(aCall({ state: 'menu', queuedAt: null }));
      s.calls.finishUnanswered.mockResolvedValue(true);
      s.calls.completeContact.mockResolvedValue();
      s.audit.record.mockResolvedValue();
      s.callbacks.oweForMissedCall.mockResolvedValue({ id: 'cb-1', dueAt: NOW });
      s.callbacks.afterCommit.mockResolvedValue();
      s.presence.watchersOf.mockResolvedValue([]);
      s.realtime.notify.mockResolvedValue();
      s.twiml.closed.mockReturnValue('<closed/>');

      await expect(s.service.incoming({ CallSid: CALL_SID, From: '+77011234567' })).resolves.toBe('<closed/>');

      expect(s.calls.finishUnanswered).toHaveBeenCalledWith(tx, 'call-1', 'missed', 'after_hours', null);
      expect(s.calls.completeContact).toHaveBeenCalledWith(tx, 'contact-1');
      expect(s.callbacks.oweForMissedCall).toHaveBeenCalledWith(tx, {
        callId: 'call-1',
        officeId: 'office-1',
        contactId: 'contact-1',
        phone: '+77011234567',
        reason: 'after_hours',
      });
      expect(s.callbacks.afterCommit).toHaveBeenCalledWith({ id: 'cb-1', dueAt: NOW });
    });
  });

  describe('languageChosen', () => {
    it('puts the call in the queue in the chosen language and rings everyone watching the office', async () => {
      const s = setup();
      s.calls.enqueue.mockResolvedValue({ id: 'call-1', contactId: 'contact-1', officeId: 'office-1' });
      s.presence.watchersOf.mockResolvedValue(['operator-1', 'operator-2']);
      s.realtime.notify.mockResolvedValue();
      s.router.officeCode.mockResolvedValue('AST');
      s.router.queueName.mockReturnValue('hotline-ast');
      s.twiml.enqueue.mockReturnValue('<enqueue/>');

      await expect(s.service.languageChosen({ CallSid: CALL_SID, Digits: '2' })).resolves.toBe('<enqueue/>');

      expect(s.calls.enqueue).toHaveBeenCalledWith(CALL_SID, 'kk', null);
      expect(s.realtime.notify).toHaveBeenCalledWith(['operator-1', 'operator-2'], 'call.ringing', {
        callId: 'call-1',
        contactId: 'contact-1',
        officeId: 'office-1',
      });
      expect(s.urls.url).toHaveBeenCalledWith('/voice/hold', { lang: 'kk' });
    });

    it('does not ring again when the provider retries a call already queued', async () => {
      const s = setup();
      s.calls.enqueue.mockResolvedValue(null);
      s.calls.findByCallSid.mockResolvedValue(aCall());
      s.router.officeCode.mockResolvedValue('AST');
      s.router.queueName.mockReturnValue('hotline-ast');
      s.twiml.enqueue.mockReturnValue('<enqueue/>');

      await expect(s.service.languageChosen({ CallSid: CALL_SID, Digits: '1' })).resolves.toBe('<enqueue/>');
      expect(s.realtime.notify).not.toHaveBeenCalled();
    });

    it('while the identifier hash key rotates, finds the caller under every key', async () => {
      const s = setup();
      s.hashKey.rotating = true;
      s.calls.partyOf.mockResolvedValue({ id: 'call-1', partyEncrypted: 'enc', partyHash: 'hash-new' });
      s.vault.sameNumber.mockReturnValue(['hash-new', 'hash-old']);
      s.calls.enqueue.mockResolvedValue(null);
      s.calls.findByCallSid.mockResolvedValue(null);
      s.twiml.hangUp.mockReturnValue('<hangup/>');

      await expect(s.service.languageChosen({ CallSid: CALL_SID, Digits: '1' })).resolves.toBe('<hangup/>');
      expect(s.calls.enqueue).toHaveBeenCalledWith(CALL_SID, 'ru', ['hash-new', 'hash-old']);
    });
  });

  describe('hold', () => {
    it('offers a callback once the caller has waited the longest wait, if their number may be called back', async () => {
      const s = setup();
      s.calls.queuePlace.mockResolvedValue({ position: 3, mayCallBack: true });
      s.twiml.hold.mockReturnValue('<hold/>');

      await s.service.hold({ CallSid: CALL_SID, QueueTime: '300' }, 'kk');

      expect(s.twiml.hold).toHaveBeenCalledWith('kk', { position: 3, offerCallbackUrl: '/voice/queue-choice' });
      expect(s.urls.url).toHaveBeenCalledWith('/voice/queue-choice', { lang: 'kk' });
    });

    it('offers no callback to a number that asked never to be called back', async () => {
      const s = setup();
      s.calls.queuePlace.mockResolvedValue({ position: 1, mayCallBack: false });
      s.twiml.hold.mockReturnValue('<hold/>');

      await s.service.hold({ CallSid: CALL_SID, QueueTime: '450' }, 'ru');
      expect(s.twiml.hold).toHaveBeenCalledWith('ru', { position: 1, offerCallbackUrl: null });
    });

    it('offers no callback before the longest wait', async () => {
      const s = setup();
      s.calls.queuePlace.mockResolvedValue({ position: 2, mayCallBack: true });
      s.twiml.hold.mockReturnValue('<hold/>');

      await s.service.hold({ CallSid: CALL_SID, QueueTime: '299' }, 'ru');
      expect(s.twiml.hold).toHaveBeenCalledWith('ru', { position: 2, offerCallbackUrl: null });
    });

    it('sends the caller out of the queue after twice the longest wait, without reading anything', async () => {
      const s = setup();
      s.twiml.hold.mockReturnValue('<leave/>');
      await expect(s.service.hold({ CallSid: CALL_SID, QueueTime: '600' }, 'xx')).resolves.toBe('<leave/>');
      expect(s.twiml.hold).toHaveBeenCalledWith('ru', { leave: true });
    });
  });

  describe('queueChoice', () => {
    it('2 asks for a voicemail first and a callback, and leaves the queue', async () => {
      const s = setup();
      s.calls.requestCallback.mockResolvedValue();
      s.twiml.hold.mockReturnValue('<leave/>');
      await s.service.queueChoice({ CallSid: CALL_SID, Digits: '2' }, 'ru');
      expect(s.calls.requestCallback).toHaveBeenCalledWith(CALL_SID, true);
      expect(s.twiml.hold).toHaveBeenCalledWith('ru', { leave: true });
    });

    it('any other key changes nothing', async () => {
      const s = setup();
      s.twiml.hold.mockReturnValue('<hold/>');
      await s.service.queueChoice({ CallSid: CALL_SID, Digits: '7' }, 'ru');
      expect(s.calls.requestCallback).not.toHaveBeenCalled();
      expect(s.twiml.hold).toHaveBeenCalledWith('ru', {});
    });
  });

  describe('queueResult', () => {
    function ending(s: Setup) {
      s.calls.finishUnanswered.mockResolvedValue(true);
      s.calls.completeContact.mockResolvedValue();
      s.audit.record.mockResolvedValue();
      s.vault.decrypt.mockReturnValue('+77011234567');
      s.callbacks.oweForMissedCall.mockResolvedValue({ id: 'cb-1', dueAt: NOW });
      s.callbacks.afterCommit.mockResolvedValue();
      s.presence.watchersOf.mockResolvedValue(['supervisor-1']);
      s.realtime.notify.mockResolvedValue();
    }

    it('a caller who asked for a voicemail records it, and is owed a callback for it', async () => {
      const s = setup();
      s.calls.findByCallSid.mockResolvedValue(aCall({ voicemailRequested: true, callbackRequested: true, language: 'kk' }));
      ending(s);
      s.twiml.voicemail.mockReturnValue('<record/>');

      await expect(s.service.queueResult({ CallSid: CALL_SID, QueueResult: 'leave' })).resolves.toBe('<record/>');

      expect(s.calls.finishUnanswered).toHaveBeenCalledWith(tx, 'call-1', 'missed', 'voicemail', null);
      expect(s.callbacks.oweForMissedCall).toHaveBeenCalledWith(tx, expect.objectContaining({ reason: 'voicemail' }));
      expect(s.twiml.voicemail).toHaveBeenCalledWith(['kk'], '/voice/voicemail-done', '/voice/recording-status');
      expect(s.realtime.notify).toHaveBeenCalledWith(['supervisor-1'], 'call.ended', { callId: 'call-1', contactId: 'contact-1', outcome: 'voicemail' });
    });

    it('a caller who hung up in the queue is recorded as abandoned and owed a callback for it', async () => {
      const s = setup();
      s.calls.findByCallSid.mockResolvedValue(aCall());
      ending(s);
      s.twiml.hangUp.mockReturnValue('<hangup/>');

      await s.service.queueResult({ CallSid: CALL_SID, QueueResult: 'hangup' });

      expect(s.calls.finishUnanswered).toHaveBeenCalledWith(tx, 'call-1', 'abandoned', 'abandoned', null);
      expect(s.callbacks.oweForMissedCall).toHaveBeenCalledWith(tx, {
        callId: 'call-1',
        officeId: 'office-1',
        contactId: 'contact-1',
        phone: '+77011234567',
        reason: 'abandoned_call',
      });
    });

    it('a caller who pressed for a callback is owed one as requested in the queue', async () => {
      const s = setup();
      s.calls.findByCallSid.mockResolvedValue(aCall({ callbackRequested: true }));
      ending(s);
      s.twiml.missed.mockReturnValue('<missed/>');

      await expect(s.service.queueResult({ CallSid: CALL_SID, QueueResult: 'leave' })).resolves.toBe('<missed/>');
      expect(s.callbacks.oweForMissedCall).toHaveBeenCalledWith(tx, expect.objectContaining({ reason: 'requested_in_queue' }));
    });

    it('a withheld number is owed no callback', async () => {
      const s = setup();
      s.calls.findByCallSid.mockResolvedValue(aCall({ partyEncrypted: null, partyHash: null }));
      ending(s);
      s.twiml.missed.mockReturnValue('<missed/>');

      await s.service.queueResult({ CallSid: CALL_SID, QueueResult: 'leave' });
      expect(s.callbacks.oweForMissedCall).not.toHaveBeenCalled();
      expect(s.callbacks.afterCommit).not.toHaveBeenCalled();
    });

    it('a call another webhook already ended owes nothing and tells nobody', async () => {
      const s = setup();
      s.calls.findByCallSid.mockResolvedValue(aCall());
      s.calls.finishUnanswered.mockResolvedValue(false);
      s.twiml.missed.mockReturnValue('<missed/>');

      await s.service.queueResult({ CallSid: CALL_SID, QueueResult: 'leave' });
      expect(s.audit.record).not.toHaveBeenCalled();
      expect(s.callbacks.oweForMissedCall).not.toHaveBeenCalled();
      expect(s.realtime.notify).not.toHaveBeenCalled();
    });
  });

  describe('dialResult', () => {
    it('an operator who never picked up: the call goes back to the queue, the operator is free, everyone is rung again', async () => {
      const s = setup();
      s.calls.findById.mockResolvedValue(aCall({ state: 'connecting', operatorId: 'operator-1' }));
      s.router.officeCode.mockResolvedValue('AST');
      s.router.queueName.mockReturnValue('hotline-ast');
      s.calls.requeue.mockResolvedValue({ previousOperatorId: 'operator-1' });
      s.calls.releaseOpenContact.mockResolvedValue();
      s.presence.markBusy.mockResolvedValue();
      s.presence.watchersOf.mockResolvedValue(['operator-1', 'operator-2']);
      s.realtime.notify.mockResolvedValue();
      s.twiml.enqueue.mockReturnValue('<enqueue/>');

      await expect(s.service.dialResult({ CallSid: CALL_SID, DialCallStatus: 'no-answer' }, 'call-1')).resolves.toBe('<enqueue/>');

      expect(s.calls.releaseOpenContact).toHaveBeenCalledWith(tx, 'contact-1');
      expect(s.presence.markBusy).toHaveBeenCalledWith(tx, 'operator-1', false);
      expect(s.realtime.notify).toHaveBeenCalledWith(['operator-1'], 'call.ended', { callId: 'call-1', reason: 'not_picked_up' });
      expect(s.realtime.notify).toHaveBeenCalledWith(['operator-1', 'operator-2'], 'call.ringing', expect.objectContaining({ callId: 'call-1' }));
    });

    it('ignores a result whose call sid is not the call’s', async () => {
      const s = setup();
      s.calls.findById.mockResolvedValue(aCall({ callSid: `CA${'b'.repeat(32)}` }));
      s.twiml.hangUp.mockReturnValue('<hangup/>');
      await expect(s.service.dialResult({ CallSid: CALL_SID, DialCallStatus: 'no-answer' }, 'call-1')).resolves.toBe('<hangup/>');
    });
  });

  describe('statusChanged', () => {
    it('the final status of an answered call completes it, fixes the contact’s times, starts the operator’s wrap-up and audits it', async () => {
      const s = setup();
      s.calls.findByCallSid.mockResolvedValue(aCall({ state: 'in_progress', operatorId: 'operator-1', answeredAt: NOW }));
      s.calls.completeAnswered.mockResolvedValue(true);
      s.calls.endContactCall.mockResolvedValue();
      s.presence.startWrapUp.mockResolvedValue();
      s.audit.record.mockResolvedValue();
      s.presence.watchersOf.mockResolvedValue(['supervisor-1']);
      s.realtime.notify.mockResolvedValue();

      await s.service.statusChanged({ CallSid: CALL_SID, CallStatus: 'completed', CallDuration: '95' });

      expect(s.calls.completeAnswered).toHaveBeenCalledWith(tx, 'call-1', 'completed', 95);
      expect(s.calls.endContactCall).toHaveBeenCalledWith(tx, 'contact-1');
      expect(s.presence.startWrapUp).toHaveBeenCalledWith(tx, 'operator-1', 'office-1');
      expect(s.audit.record).toHaveBeenCalledWith(
        expect.objectContaining({
          action: 'telephony.call_ended',
          entityId: 'call-1',
          summary: { outcome: 'answered', providerStatus: 'completed', durationSeconds: 95 },
        }),
        tx,
      );
      expect(s.realtime.notify).toHaveBeenCalledWith(['operator-1', 'supervisor-1'], 'call.ended', {
        callId: 'call-1',
        contactId: 'contact-1',
        outcome: 'answered',
      });
    });

    it('a repeated final status of an answered call changes nothing more', async () => {
      const s = setup();
      s.calls.findByCallSid.mockResolvedValue(aCall({ state: 'completed', operatorId: 'operator-1', answeredAt: NOW }));
      s.calls.completeAnswered.mockResolvedValue(false);

      await s.service.statusChanged({ CallSid: CALL_SID, CallStatus: 'completed', CallDuration: 'x' });
      expect(s.calls.completeAnswered).toHaveBeenCalledWith(tx, 'call-1', 'completed', null);
      expect(s.audit.record).not.toHaveBeenCalled();
      expect(s.realtime.notify).not.toHaveBeenCalled();
    });

    it('a caller who hangs up in the queue is abandoned, and the network’s status and duration are kept', async () => {
      const s = setup();
      s.calls.findByCallSid.mockResolvedValue(aCall());
      s.calls.finishUnanswered.mockResolvedValue(false);
      s.calls.recordFinalStatus.mockResolvedValue();

      await s.service.statusChanged({ CallSid: CALL_SID, CallStatus: 'completed', CallDuration: '40' });
      expect(s.calls.finishUnanswered).toHaveBeenCalledWith(tx, 'call-1', 'abandoned', 'abandoned', 'completed');
      expect(s.calls.recordFinalStatus).toHaveBeenCalledWith('call-1', 'completed', 40);
    });

    it('a failed connection is recorded as failed', async () => {
      const s = setup();
      s.calls.findByCallSid.mockResolvedValue(aCall({ state: 'connecting' }));
      s.calls.finishUnanswered.mockResolvedValue(false);
      s.calls.recordFinalStatus.mockResolvedValue();

      await s.service.statusChanged({ CallSid: CALL_SID, CallStatus: 'failed', CallDuration: '' });
      expect(s.calls.finishUnanswered).toHaveBeenCalledWith(tx, 'call-1', 'missed', 'failed', 'failed');
      expect(s.calls.recordFinalStatus).toHaveBeenCalledWith('call-1', 'failed', null);
    });

    it('a callback leg is the callbacks’ business', async () => {
      const s = setup();
      const leg = aCall({ purpose: 'callback', direction: 'outbound' });
      s.calls.findByCallSid.mockResolvedValue(leg);
      s.callbacks.callLegEnded.mockResolvedValue();
      await s.service.statusChanged({ CallSid: CALL_SID, CallStatus: 'completed' });
      expect(s.callbacks.callLegEnded).toHaveBeenCalledWith(leg, { CallSid: CALL_SID, CallStatus: 'completed' });
    });

    it('a status that is not final changes nothing', async () => {
      const s = setup();
      s.calls.findByCallSid.mockResolvedValue(aCall({ state: 'in_progress', answeredAt: NOW }));
      await s.service.statusChanged({ CallSid: CALL_SID, CallStatus: 'ringing' });
      expect(s.calls.completeAnswered).not.toHaveBeenCalled();
      expect(s.calls.finishUnanswered).not.toHaveBeenCalled();
    });
  });

  describe('answer', () => {
    it('a call of another office is not found', async () => {
      const s = setup();
      s.calls.findById.mockResolvedValue(aCall());
      await expect(s.service.answer(elsewhere, 'call-1')).rejects.toMatchObject({ code: 'not_found' });
    });

    it('takes the waiting call for the operator: their contact, busy, audited with the ring target, and the others told', async () => {
      const s = setup();
      readsBack(s, aCall());
      s.presence.ringTargetOf.mockResolvedValue(CONSOLE);
      s.calls.claim.mockResolvedValue(true);
      s.calls.assignOpenContact.mockResolvedValue();
      s.presence.markBusy.mockResolvedValue();
      s.audit.record.mockResolvedValue();
      s.twiml.connectTo.mockReturnValue('<dial/>');
      s.provider.updateCall.mockResolvedValue();
      s.presence.watchersOf.mockResolvedValue(['operator-2']);
      s.realtime.notify.mockResolvedValue();
      s.presence.languagesAvailable.mockResolvedValue(new Set());

      await s.service.answer(operator, 'call-1');

      expect(s.calls.claim).toHaveBeenCalledWith(tx, 'call-1', 'operator-1');
      expect(s.calls.assignOpenContact).toHaveBeenCalledWith(tx, 'contact-1', 'operator-1');
      expect(s.presence.markBusy).toHaveBeenCalledWith(tx, 'operator-1', true);
      expect(s.audit.record).toHaveBeenCalledWith(
        expect.objectContaining({ action: 'telephony.call_answered', entityId: 'call-1', summary: { contactId: 'contact-1', ringTarget: 'console' } }),
        tx,
      );
      expect(s.provider.updateCall).toHaveBeenCalledWith(CALL_SID, '<dial/>');
      expect(s.realtime.notify).toHaveBeenCalledWith(['operator-2'], 'call.taken', { callId: 'call-1', contactId: 'contact-1', operatorId: 'operator-1' });
    });

    it('the second operator to answer is told who has the call, and nothing is connected', async () => {
      const s = setup();
      s.calls.findById.mockResolvedValue(aCall());
      s.presence.ringTargetOf.mockResolvedValue(CONSOLE);
      s.calls.claim.mockResolvedValue(false);
      s.calls.currentHolder.mockResolvedValue({ operatorId: 'operator-2', state: 'in_progress' });

      await expect(s.service.answer(operator, 'call-1')).rejects.toMatchObject({
        code: 'call_taken',
        extra: { operatorId: 'operator-2', state: 'in_progress' },
      });
      expect(s.audit.record).not.toHaveBeenCalled();
      expect(s.provider.updateCall).not.toHaveBeenCalled();
    });

    it('when the network refuses the connection, the call goes back to the queue and the operator is free again', async () => {
      const s = setup();
      s.calls.findById.mockResolvedValue(aCall());
      s.presence.ringTargetOf.mockResolvedValue(CONSOLE);
      s.calls.claim.mockResolvedValue(true);
      s.calls.assignOpenContact.mockResolvedValue();
      s.presence.markBusy.mockResolvedValue();
      s.audit.record.mockResolvedValue();
      s.twiml.connectTo.mockReturnValue('<dial/>');
      s.provider.updateCall.mockRejectedValue(new Error('503'));
      s.calls.giveBack.mockResolvedValue();
      s.calls.releaseContact.mockResolvedValue();

      await expect(s.service.answer(operator, 'call-1')).rejects.toMatchObject({ code: 'provider_unavailable' });
      expect(s.calls.giveBack).toHaveBeenCalledWith(tx, 'call-1', 'operator-1');
      expect(s.calls.releaseContact).toHaveBeenCalledWith(tx, 'contact-1');
      expect(s.presence.markBusy).toHaveBeenLastCalledWith(tx, 'operator-1', false);
      expect(s.realtime.notify).not.toHaveBeenCalled();
    });
  });

  describe('transfer', () => {
    const live = () => aCall({ state: 'in_progress', operatorId: 'operator-1', answeredAt: NOW });

    it('refuses an operator who does not have the call', async () => {
      const s = setup();
      s.calls.findById.mockResolvedValue(live());
      await expect(s.service.transfer(colleague, 'call-1', { toUserId: 'operator-3', mode: 'cold' })).rejects.toMatchObject({ code: 'forbidden' });
    });

    it('refuses a call that is not in progress', async () => {
      const s = setup();
      s.calls.findById.mockResolvedValue(aCall({ state: 'on_hold', operatorId: 'operator-1' }));
      await expect(s.service.transfer(operator, 'call-1', { toUserId: 'operator-2', mode: 'cold' })).rejects.toMatchObject({ code: 'conflict' });
    });

    it('refuses a transfer to the operator who already has the call', async () => {
      const s = setup();
      s.calls.findById.mockResolvedValue(live());
      await expect(s.service.transfer(supervisor, 'call-1', { toUserId: 'operator-1', mode: 'cold' })).rejects.toMatchObject({
        code: 'validation_failed',
        extra: { errors: [expect.objectContaining({ field: 'toUserId', code: 'same_operator' })] },
      });
    });

    it('refuses someone who is not an active colleague of the call’s office', async () => {
      const s = setup();
      s.calls.findById.mockResolvedValue(live());
      s.calls.isActiveColleague.mockResolvedValue(false);
      await expect(s.service.transfer(operator, 'call-1', { toUserId: 'stranger', mode: 'cold' })).rejects.toMatchObject({
        code: 'validation_failed',
        extra: { errors: [expect.objectContaining({ field: 'toUserId', code: 'not_a_colleague' })] },
      });
      expect(s.calls.isActiveColleague).toHaveBeenCalledWith('office-1', 'stranger');
      expect(s.provider.updateCall).not.toHaveBeenCalled();
    });

    it('cold: the call and its contact change hands at once, both operators’ presence follows, and it is audited', async () => {
      const s = setup();
      readsBack(s, live());
      s.calls.isActiveColleague.mockResolvedValue(true);
      s.presence.ringTargetOf.mockResolvedValue({ kind: 'console', address: 'operator-2' });
      s.twiml.connectTo.mockReturnValue('<dial/>');
      s.provider.updateCall.mockResolvedValue();
      s.calls.handOver.mockResolvedValue();
      s.calls.assignContact.mockResolvedValue();
      s.presence.markBusy.mockResolvedValue();
      s.audit.record.mockResolvedValue();
      s.presence.watchersOf.mockResolvedValue(['supervisor-1']);
      s.realtime.notify.mockResolvedValue();

      await s.service.transfer(operator, 'call-1', { toUserId: 'operator-2', mode: 'cold' });

      expect(s.calls.handOver).toHaveBeenCalledWith(tx, 'call-1', 'operator-2');
      expect(s.calls.assignContact).toHaveBeenCalledWith(tx, 'contact-1', 'operator-2');
      expect(s.presence.markBusy).toHaveBeenCalledWith(tx, 'operator-1', false);
      expect(s.presence.markBusy).toHaveBeenCalledWith(tx, 'operator-2', true);
      expect(s.audit.record).toHaveBeenCalledWith(
        expect.objectContaining({
          action: 'telephony.call_transferred',
          summary: { mode: 'cold', step: 'completed', from: 'operator-1', to: 'operator-2', contactId: 'contact-1' },
        }),
        tx,
      );
      expect(s.realtime.notify).toHaveBeenCalledWith(
        ['operator-1', 'operator-2', 'supervisor-1'],
        'call.transfer',
        expect.objectContaining({ mode: 'cold', step: 'completed' }),
      );
    });

    it('warm: the caller waits on hold while the colleague is rung, and the offer is audited', async () => {
      const s = setup();
      readsBack(s, live());
      s.calls.isActiveColleague.mockResolvedValue(true);
      s.presence.ringTargetOf.mockResolvedValue(CONSOLE);
      s.twiml.holdForTransfer.mockReturnValue('<hold/>');
      s.twiml.consult.mockReturnValue('<consult/>');
      s.provider.updateCall.mockResolvedValue();
      s.provider.createCall.mockResolvedValue({ sid: 'CA-consult' });
      s.calls.offerWarmTransfer.mockResolvedValue();
      s.audit.record.mockResolvedValue();
      s.realtime.notify.mockResolvedValue();

      await s.service.transfer(operator, 'call-1', { toUserId: 'operator-2', mode: 'warm' });

      expect(s.calls.offerWarmTransfer).toHaveBeenCalledWith(tx, 'call-1', 'operator-2');
      expect(s.calls.handOver).not.toHaveBeenCalled();
      expect(s.provider.createCall).toHaveBeenCalledWith(expect.objectContaining({ from: HOTLINE, twiml: '<consult/>' }));
      expect(s.audit.record).toHaveBeenCalledWith(
        expect.objectContaining({ action: 'telephony.call_transferred', summary: { mode: 'warm', step: 'offered', from: 'operator-1', to: 'operator-2' } }),
        tx,
      );
      expect(s.realtime.notify).toHaveBeenCalledWith(['operator-1', 'operator-2'], 'call.transfer', expect.objectContaining({ step: 'offered' }));
    });

    it('a transfer the network refuses changes nothing', async () => {
      const s = setup();
      s.calls.findById.mockResolvedValue(live());
      s.calls.isActiveColleague.mockResolvedValue(true);
      s.presence.ringTargetOf.mockResolvedValue(CONSOLE);
      s.twiml.connectTo.mockReturnValue('<dial/>');
      s.provider.updateCall.mockRejectedValue(new Error('down'));

      await expect(s.service.transfer(operator, 'call-1', { toUserId: 'operator-2', mode: 'cold' })).rejects.toMatchObject({ code: 'provider_unavailable' });
      expect(s.calls.handOver).not.toHaveBeenCalled();
    });

    it('cancelling needs a warm transfer waiting on the call', async () => {
      const s = setup();
      s.calls.findById.mockResolvedValue(live());
      await expect(s.service.cancelTransfer(operator, 'call-1')).rejects.toMatchObject({ code: 'conflict' });
      expect(s.calls.cancelWarmTransfer).not.toHaveBeenCalled();
    });
  });

  describe('hold, resume and hang up', () => {
    it('a supervisor may put another operator’s call on hold; it is audited', async () => {
      const s = setup();
      readsBack(s, aCall({ state: 'in_progress', operatorId: 'operator-1', answeredAt: NOW }));
      s.twiml.holdByOperator.mockReturnValue('<hold/>');
      s.provider.updateCall.mockResolvedValue();
      s.calls.moveLive.mockResolvedValue(true);
      s.audit.record.mockResolvedValue();
      s.presence.watchersOf.mockResolvedValue(['supervisor-1']);
      s.realtime.notify.mockResolvedValue();

      await s.service.holdCall(supervisor, 'call-1');

      expect(s.calls.moveLive).toHaveBeenCalledWith(tx, 'call-1', 'in_progress', 'on_hold');
      expect(s.audit.record).toHaveBeenCalledWith(expect.objectContaining({ action: 'telephony.call_held', entityId: 'call-1' }), tx);
      expect(s.realtime.notify).toHaveBeenCalledWith(['operator-1', 'supervisor-1'], 'call.changed', {
        callId: 'call-1',
        contactId: 'contact-1',
        state: 'on_hold',
      });
    });

    it('another operator may not put the call on hold', async () => {
      const s = setup();
      s.calls.findById.mockResolvedValue(aCall({ state: 'in_progress', operatorId: 'operator-1' }));
      await expect(s.service.holdCall(colleague, 'call-1')).rejects.toMatchObject({ code: 'forbidden' });
    });

    it('a call that changed meanwhile is a conflict, and nothing is audited', async () => {
      const s = setup();
      s.calls.findById.mockResolvedValue(aCall({ state: 'on_hold', operatorId: 'operator-1' }));
      s.presence.ringTargetOf.mockResolvedValue(CONSOLE);
      s.twiml.connectTo.mockReturnValue('<dial/>');
      s.provider.updateCall.mockResolvedValue();
      s.calls.moveLive.mockResolvedValue(false);

      await expect(s.service.resumeCall(operator, 'call-1')).rejects.toMatchObject({ code: 'conflict' });
      expect(s.calls.moveLive).toHaveBeenCalledWith(tx, 'call-1', 'on_hold', 'in_progress');
      expect(s.audit.record).not.toHaveBeenCalled();
    });

    it('a held call with a warm transfer waiting is not resumed', async () => {
      const s = setup();
      s.calls.findById.mockResolvedValue(aCall({ state: 'on_hold', operatorId: 'operator-1', transferToId: 'operator-2' }));
      await expect(s.service.resumeCall(operator, 'call-1')).rejects.toMatchObject({ code: 'conflict' });
      expect(s.provider.updateCall).not.toHaveBeenCalled();
    });

    it('only a live call can be hung up', async () => {
      const s = setup();
      s.calls.findById.mockResolvedValue(aCall({ state: 'completed', operatorId: 'operator-1' }));
      await expect(s.service.hangUpCall(operator, 'call-1')).rejects.toMatchObject({ code: 'conflict' });
      expect(s.provider.hangUp).not.toHaveBeenCalled();
    });
  });

  describe('reads', () => {
    it('someone with no office sees no live calls, without a query', async () => {
      const s = setup();
      await expect(s.service.live({ ...operator, officeIds: [] })).resolves.toEqual([]);
    });

    it('numbers each office’s waiting callers in the order they are answered, and counts their wait by the clock', async () => {
      const s = setup();
      const urgent = aCall({ id: 'call-2', queuePriority: 'urgent', queuedAt: new Date(NOW.getTime() - 10_000) });
      const normal = aCall({ id: 'call-1', queuedAt: new Date(NOW.getTime() - 90_000) });
      s.calls.listLive.mockResolvedValue([normal, urgent]);
      s.calls.userRefs.mockResolvedValue(new Map());
      s.vault.presenterFor.mockReturnValue(presenter);
      s.presence.languagesAvailable.mockResolvedValue(new Set(['office-1:ru']));

      const dtos = await s.service.live(operator);

      expect(s.calls.listLive).toHaveBeenCalledWith(['office-1']);
      expect(dtos.map((d) => [d.id, d.queuePosition, d.waitingSeconds])).toEqual([
        ['call-1', 2, 90],
        ['call-2', 1, 10],
      ]);
      expect(dtos[0]).toMatchObject({ phone: '+7 *** ** 67', masked: true, ringsEveryoneAt: new Date(NOW.getTime() - 60_000).toISOString() });
    });

    it('looking up the caller of a call is audited', async () => {
      const s = setup();
      s.calls.findById.mockResolvedValue(aCall());
      s.audit.record.mockResolvedValue();
      s.vault.decrypt.mockReturnValue('+77011234567');
      s.contacts.callerHistory.mockResolvedValue({ contacts: [] } as never);

      await s.service.callerHistory(operator, 'call-1');
      expect(s.audit.record).toHaveBeenCalledWith({ action: 'telephony.caller_looked_up', entityType: 'call', entityId: 'call-1', officeId: 'office-1' });
      expect(s.contacts.callerHistory).toHaveBeenCalledWith(operator, '+77011234567');
    });
  });
});
