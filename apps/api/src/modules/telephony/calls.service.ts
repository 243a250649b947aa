import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { callOutcomeForQueueResult, compareQueued, isMenuLanguage, menuLanguageForDigits, type MenuLanguage, type QueuePriority } from '@mayak/domain';
import { AuditAction, type AuditActionName } from '#api/core/audit/audit-actions';
import { AuditService } from '#api/core/audit/audit.service';
import { Clock } from '#api/core/clock/clock';
import type { AppConfig } from '#api/core/config/app-config';
import { APP_CONFIG } from '#api/core/config/config.module';
import type { Actor } from '#api/core/context/request-context';
import { DomainError, forbidden, notFound } from '#api/core/errors/domain-error';
import { requireSid } from './provider-ids';
import { RealtimeEvents } from '#api/core/realtime/realtime-events';
import { CallbacksService } from '../callbacks/callbacks.service';
import { refOf } from '../cases/user-refs';
import { ContactsService } from '../contacts/contacts.service';
import { IdentifierVault } from '../people/identifier-vault';
import type { TelephonyCall } from './call.entity';
import { CallsRepository } from './calls.repository';
import type { CallDto } from './dto/telephony.dto';
import { LineHours } from './line-hours';
import { LineRouter } from './line-router';
import { PresenceService } from './presence.service';
import { TelephonyProvider } from './provider/telephony-provider';
import { TelephonyUrls } from './telephony-urls';
import { Twiml, dialAddress } from './twiml';
import { Encrypted } from '#api/core/crypto/encrypted-columns';

type Language = MenuLanguage;

/**
 * A hotline call from the moment it arrives to its last status callback. Every step is a
 * conditional update on the call's state, so a provider retrying a webhook, or two
 * operators pressing "answer" at once, change things exactly once.
 */
@Injectable()
export class CallsService {
  private readonly logger = new Logger('Calls');

  constructor(
    private readonly calls: CallsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly provider: TelephonyProvider,
    private readonly twiml: Twiml,
    private readonly urls: TelephonyUrls,
    private readonly router: LineRouter,
    private readonly presence: PresenceService,
    private readonly vault: IdentifierVault,
    private readonly contacts: ContactsService,
    private readonly callbacks: CallbacksService,
    private readonly realtime: RealtimeEvents,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly lineHours: LineHours,
  ) {}

  // ---- provider webhooks ----------------------------------------------------------------

  /**
   * A call arrives: its row, its contact and the audit row are written once, in one
   * statement, whatever the provider retries; then the language menu. This is the webhook
   * a caller waits on, so it makes one round trip to Postgres (office routing is cached).
   */
  async incoming(params: Record<string, string>): Promise<string> {
    const callSid = requireSid(params.CallSid, 'CA', 'CallSid');
    const lineNumber = params.To || this.config.telephony.hotlineNumber;
    const office = await this.router.officeFor(lineNumber);
    const party = this.protectCaller(params.From);
    const callId = randomUUID();
    const contactId = randomUUID();
    // The number is encrypted for each row that keeps it.
    const callParty = party ? this.vault.encrypt(party.e164, Encrypted.callParty.at(callId)) : null;
    const contactPhone = party ? this.vault.encrypt(party.e164, Encrypted.contactPhone.at(contactId)) : null;
    const audit = this.audit.insertFrom(
      { action: AuditAction.CallReceived, entityType: 'call', officeId: office.officeId, summary: { contactId, withheld: !party } },
      'new_call',
      'id',
      9,
    );
    await this.calls.receive(
      {
        callId,
        callSid,
        officeId: office.officeId,
        contactId,
        lineNumber,
        partyEncrypted: callParty,
        partyHash: party?.hash ?? null,
        contactPhoneEncrypted: contactPhone,
      },
      audit,
    );
    // Outside the line's opening hours (cached: no round trip in the steady state): no menu and no queue.
    const closed = await this.lineHours.whenClosed(lineNumber, office.timeZone);
    if (closed) {
      const call = await this.byCallSid(callSid);
      if (closed.kind === 'forward') {
        if (call) await this.finishUnanswered(call, 'missed', 'forwarded', undefined, false);
        return this.twiml.forward(closed.to, this.config.telephony.hotlineNumber, this.urls.url('/voice/forward-result'));
      }
      if (call) await this.finishUnanswered(call, 'missed', 'after_hours');
      if (closed.kind === 'voicemail') {
        // No language chosen yet: every menu language says the message will be recorded.
        return this.twiml.voicemail(this.twiml.menuLanguages, this.urls.url('/voice/voicemail-done'), this.urls.url('/voice/recording-status'));
      }
      return this.twiml.closed();
    }
    return this.twiml.languageMenu(this.urls.url('/voice/language'));
  }

  /** The caller chose a language (or said nothing): into the office's queue, and every operator on duty sees it ring. */
  async languageChosen(params: Record<string, string>): Promise<string> {
    const callSid = requireSid(params.CallSid, 'CA', 'CallSid');
    const language: Language = menuLanguageForDigits(params.Digits, this.config.telephony.menuLanguages) ?? this.config.telephony.menuLanguages[0] ?? 'ru';
    const hashes = await this.partyHashesWhileRotating(callSid);
    const queued = await this.calls.enqueue(callSid, language, hashes);
    const call = queued ?? (await this.byCallSid(callSid));
    if (!call) return this.twiml.hangUp();
    if (queued) await this.ring(call.officeId, call.id, call.contactId);
    const office = await this.router.officeCode(call.officeId);
    return this.twiml.enqueue(this.router.queueName(office), this.urls.url('/voice/hold', { lang: language }), this.urls.url('/voice/queue-result'));
  }

  /**
   * What a waiting caller hears, requested again and again: their place in the queue and the
   * hold message. After the longest wait they may press 1 to be called back instead (unless
   * their number asked never to be called back, or is withheld); after twice that, they are
   * told we will call back and leave the queue.
   */
  async hold(params: Record<string, string>, language: string | undefined): Promise<string> {
    const lang = isMenuLanguage(language) ? language : 'ru';
    const waitedRaw = Number(params.QueueTime ?? 0);
    const waited = Number.isFinite(waitedRaw) ? waitedRaw : 0;
    const maxWait = this.config.telephony.maxQueueSeconds;
    if (waited >= 2 * maxWait) return this.twiml.hold(lang, { leave: true });
    const hashes = params.CallSid ? await this.partyHashesWhileRotating(params.CallSid) : null;
    const place = params.CallSid ? await this.calls.queuePlace(params.CallSid, hashes) : null;
    return this.twiml.hold(lang, {
      position: place?.position ?? null,
      offerCallbackUrl: place?.mayCallBack && waited >= maxWait ? this.urls.url('/voice/queue-choice', { lang }) : null,
    });
  }

  /** After the recording: thanks in the caller's language (or every menu language when none was chosen). */
  voicemailThanks(language: string | undefined): string {
    return this.twiml.voicemailThanks(isMenuLanguage(language) ? [language] : this.twiml.menuLanguages);
  }

  /** A waiting caller pressed a key after the callback offer: 1 leaves the queue with a callback owed. */
  async queueChoice(params: Record<string, string>, language: string | undefined): Promise<string> {
    const lang = isMenuLanguage(language) ? language : 'ru';
    const callSid = requireSid(params.CallSid, 'CA', 'CallSid');
    const digit = (params.Digits ?? '').trim();
    if (digit !== '1' && digit !== '2') return this.twiml.hold(lang, {});
    // 1: called back; 2: a voicemail first (the queue's action then records it), and called back too.
    await this.calls.requestCallback(callSid, digit === '2');
    return this.twiml.hold(lang, { leave: true });
  }

  /** Why the caller left the queue: bridged to an operator, or hung up / sent away unanswered. */
  async queueResult(params: Record<string, string>): Promise<string> {
    const call = await this.byCallSid(params.CallSid);
    if (!call) return this.twiml.hangUp();
    const outcome = callOutcomeForQueueResult(params.QueueResult ?? '');
    if (outcome === 'missed' && call.voicemailRequested) {
      const language = (call.language ?? 'ru') as Language;
      await this.finishUnanswered(call, 'missed', 'voicemail');
      return this.twiml.voicemail([language], this.urls.url('/voice/voicemail-done', { lang: language }), this.urls.url('/voice/recording-status'));
    }
    if (outcome === 'missed' || outcome === 'abandoned' || outcome === 'failed') {
      await this.finishUnanswered(call, outcome === 'abandoned' ? 'abandoned' : 'missed', outcome);
      if (outcome === 'missed') return this.twiml.missed((call.language ?? 'ru') as Language);
    }
    return this.twiml.hangUp();
  }

  /** How the operator's leg ended. If they never picked up, the caller goes back to the queue. */
  async dialResult(params: Record<string, string>, callId: string | undefined): Promise<string> {
    const call = callId ? await this.calls.findById(callId) : await this.byCallSid(params.CallSid);
    if (!call || call.callSid !== params.CallSid) return this.twiml.hangUp();
    const status = params.DialCallStatus ?? '';
    if (status === 'completed' || status === 'answered') return this.twiml.hangUp();
    const office = await this.router.officeCode(call.officeId);
    const requeued = await this.calls.transaction(async (m) => {
      const moved = await this.calls.requeue(m, call.id);
      if (!moved) return null;
      if (call.contactId) await this.calls.releaseOpenContact(m, call.contactId);
      if (moved.previousOperatorId) await this.presence.markBusy(m, moved.previousOperatorId, false);
      return moved.previousOperatorId;
    });
    if (requeued !== null) {
      if (requeued) await this.realtime.notify([requeued], 'call.ended', { callId: call.id, reason: 'not_picked_up' });
      await this.ring(call.officeId, call.id, call.contactId);
    }
    return this.twiml.enqueue(
      this.router.queueName(office),
      this.urls.url('/voice/hold', { lang: call.language ?? 'ru' }),
      this.urls.url('/voice/queue-result'),
    );
  }

  /** Status callbacks: the final one completes the call and its contact; unanswered calls owe a callback. */
  async statusChanged(params: Record<string, string>): Promise<void> {
    const call = await this.byCallSid(params.CallSid);
    if (!call) return;
    if (call.purpose === 'callback') return this.callbacks.callLegEnded(call, params);
    const final = ['completed', 'busy', 'failed', 'no-answer', 'canceled'].includes(params.CallStatus ?? '');
    if (!final) return;
    if (call.answeredAt) {
      const duration = Number(params.CallDuration);
      const ended = await this.calls.transaction(async (m) => {
        if (!(await this.calls.completeAnswered(m, call.id, params.CallStatus, Number.isFinite(duration) ? duration : null))) return false;
        // The operator keeps the contact open to finish their notes; the call's times are fixed now.
        if (call.contactId) await this.calls.endContactCall(m, call.contactId);
        // After-call work: the operator finishes the notes before the next call rings for them.
        if (call.operatorId) await this.presence.startWrapUp(m, call.operatorId, call.officeId);
        await this.audit.record(
          {
            action: AuditAction.CallEnded,
            entityType: 'call',
            entityId: call.id,
            officeId: call.officeId,
            summary: { outcome: 'answered', providerStatus: params.CallStatus, durationSeconds: duration },
          },
          m,
        );
        return true;
      });
      if (ended)
        await this.realtime.notify([...(call.operatorId ? [call.operatorId] : []), ...(await this.presence.watchersOf(call.officeId))], 'call.ended', {
          callId: call.id,
          contactId: call.contactId,
          outcome: 'answered',
        });
      return;
    }
    await this.finishUnanswered(
      call,
      call.state === 'queued' || call.state === 'menu' ? 'abandoned' : 'missed',
      params.CallStatus === 'failed' ? 'failed' : call.state === 'queued' || call.state === 'menu' ? 'abandoned' : 'missed',
      params.CallStatus,
    );
    // The queue result usually comes first and closes the call; the final status still brings the network's word and duration.
    await this.calls.recordFinalStatus(
      call.id,
      params.CallStatus,
      Number.isFinite(Number(params.CallDuration)) && params.CallDuration !== '' ? Number(params.CallDuration) : null,
    );
  }

  private async finishUnanswered(
    call: TelephonyCall,
    state: 'missed' | 'abandoned',
    outcome: string,
    providerStatus?: string,
    oweCallback = true,
  ): Promise<void> {
    const finished = await this.calls.transaction(async (m) => {
      if (!(await this.calls.finishUnanswered(m, call.id, state, outcome, providerStatus ?? null))) return null;
      if (call.contactId) await this.calls.completeContact(m, call.contactId);
      await this.audit.record(
        {
          action: AuditAction.CallEnded,
          entityType: 'call',
          entityId: call.id,
          officeId: call.officeId,
          summary: { outcome, providerStatus: providerStatus ?? null },
        },
        m,
      );
      const reason =
        outcome === 'after_hours'
          ? 'after_hours'
          : outcome === 'voicemail'
            ? 'voicemail'
            : call.callbackRequested
              ? 'requested_in_queue'
              : state === 'abandoned'
                ? 'abandoned_call'
                : 'missed_call';
      const owed =
        oweCallback && call.partyEncrypted && call.partyHash
          ? await this.callbacks.oweForMissedCall(m, {
              callId: call.id,
              officeId: call.officeId,
              contactId: call.contactId,
              phone: this.vault.decrypt(call.partyEncrypted, Encrypted.callParty.at(call.id)),
              reason,
            })
          : null;
      return { owed };
    });
    if (!finished) return;
    if (finished.owed) await this.callbacks.afterCommit(finished.owed);
    await this.realtime.notify(await this.presence.watchersOf(call.officeId), 'call.ended', { callId: call.id, contactId: call.contactId, outcome });
  }

  // ---- operators -------------------------------------------------------------------------

  /** Takes a ringing call: first one wins, the others are told someone else has it. */
  async answer(actor: Actor, callId: string): Promise<CallDto> {
    const call = await this.requireVisible(actor, callId);
    const target = await this.presence.ringTargetOf(actor.userId);
    const claimed = await this.calls.transaction(async (m) => {
      if (!(await this.calls.claim(m, call.id, actor.userId))) return false;
      if (call.contactId) await this.calls.assignOpenContact(m, call.contactId, actor.userId);
      await this.presence.markBusy(m, actor.userId, true);
      await this.audit.record(
        {
          action: AuditAction.CallAnswered,
          entityType: 'call',
          entityId: call.id,
          officeId: call.officeId,
          summary: { contactId: call.contactId, ringTarget: target.kind },
        },
        m,
      );
      return true;
    });
    if (!claimed) {
      const now = await this.calls.currentHolder(call.id);
      throw new DomainError('call_taken', now.operatorId ? 'Someone else has answered this call' : 'This call is no longer waiting', {
        operatorId: now.operatorId,
        state: now.state,
      });
    }
    try {
      await this.provider.updateCall(call.callSid, this.twiml.connectTo(target, this.urls.url('/voice/dial-result', { call: call.id }), { callId: call.id }));
    } catch (error) {
      // The caller is still in the queue: give the call back so someone else can take it.
      await this.calls.transaction(async (m) => {
        await this.calls.giveBack(m, call.id, actor.userId);
        if (call.contactId) await this.calls.releaseContact(m, call.contactId);
        await this.presence.markBusy(m, actor.userId, false);
      });
      this.logger.warn({ err: error, callId: call.id }, 'could not connect the call to the operator');
      throw new DomainError('provider_unavailable', 'The telephone network did not accept the connection; the call is still waiting');
    }
    await this.realtime.notify(await this.presence.watchersOf(call.officeId), 'call.taken', {
      callId: call.id,
      contactId: call.contactId,
      operatorId: actor.userId,
    });
    return this.get(actor, call.id);
  }

  /**
   * Hands a live call to a colleague. Cold: the caller is put through at once. Warm: the
   * caller waits on hold while the two operators talk; then `completeTransfer` puts them
   * through, or `cancelTransfer` brings the caller back. The contact (and its draft) go with the call.
   */
  async transfer(actor: Actor, callId: string, input: { toUserId: string; mode: 'warm' | 'cold' }): Promise<CallDto> {
    const call = await this.requireHandled(actor, callId);
    if (call.state !== 'in_progress') throw new DomainError('conflict', 'Only a call in progress can be transferred');
    if (input.toUserId === call.operatorId)
      throw new DomainError('validation_failed', 'The call is already with this person', {
        errors: [{ field: 'toUserId', code: 'same_operator', message: 'Choose a colleague' }],
      });
    await this.requireColleague(call.officeId, input.toUserId);
    const targetRing = await this.presence.ringTargetOf(input.toUserId);
    const fromId = call.operatorId!;
    if (input.mode === 'cold') {
      await this.provider
        .updateCall(call.callSid, this.twiml.connectTo(targetRing, this.urls.url('/voice/dial-result', { call: call.id }), { callId: call.id }))
        .catch((error) => this.providerFailed(error));
      await this.handOver(call, fromId, input.toUserId, 'cold');
    } else {
      const holdQueue = `hold-${call.id}`;
      await this.provider
        .updateCall(
          call.callSid,
          this.twiml.holdForTransfer(
            (call.language ?? 'ru') as Language,
            holdQueue,
            this.urls.url('/voice/hold', { lang: call.language ?? 'ru' }),
            this.urls.url('/voice/transfer-hold-result', { call: call.id }),
          ),
        )
        .catch((error) => this.providerFailed(error));
      const fromRing = await this.presence.ringTargetOf(fromId);
      // The colleague's phone rings and connects them to the operator handing over.
      await this.provider
        .createCall({
          to: dialAddress(targetRing, { callId: call.id }),
          from: this.config.telephony.hotlineNumber,
          twiml: this.twiml.consult(fromRing, this.config.telephony.hotlineNumber, { callId: call.id }),
          statusCallbackUrl: this.urls.url('/voice/consult-status', { call: call.id }),
        })
        .catch((error) => this.providerFailed(error));
      await this.calls.transaction(async (m) => {
        await this.calls.offerWarmTransfer(m, call.id, input.toUserId);
        await this.audit.record(
          {
            action: AuditAction.CallTransferred,
            entityType: 'call',
            entityId: call.id,
            officeId: call.officeId,
            summary: { mode: 'warm', step: 'offered', from: fromId, to: input.toUserId },
          },
          m,
        );
      });
      await this.realtime.notify([fromId, input.toUserId], 'call.transfer', {
        callId: call.id,
        contactId: call.contactId,
        mode: 'warm',
        step: 'offered',
        fromId,
        toId: input.toUserId,
      });
    }
    return this.get(actor, call.id);
  }

  async completeTransfer(actor: Actor, callId: string): Promise<CallDto> {
    const call = await this.requireHandled(actor, callId);
    if (call.state !== 'on_hold' || !call.transferToId) throw new DomainError('conflict', 'No transfer is waiting on this call');
    const targetRing = await this.presence.ringTargetOf(call.transferToId);
    await this.provider
      .updateCall(call.callSid, this.twiml.connectTo(targetRing, this.urls.url('/voice/dial-result', { call: call.id }), { callId: call.id }))
      .catch((error) => this.providerFailed(error));
    await this.handOver(call, call.operatorId!, call.transferToId, 'warm');
    return this.get(actor, call.id);
  }

  async cancelTransfer(actor: Actor, callId: string): Promise<CallDto> {
    const call = await this.requireHandled(actor, callId);
    if (call.state !== 'on_hold' || !call.transferToId) throw new DomainError('conflict', 'No transfer is waiting on this call');
    const ring = await this.presence.ringTargetOf(call.operatorId!);
    await this.provider
      .updateCall(call.callSid, this.twiml.connectTo(ring, this.urls.url('/voice/dial-result', { call: call.id }), { callId: call.id }))
      .catch((error) => this.providerFailed(error));
    await this.calls.transaction(async (m) => {
      await this.calls.cancelWarmTransfer(m, call.id);
      await this.audit.record(
        {
          action: AuditAction.CallTransferred,
          entityType: 'call',
          entityId: call.id,
          officeId: call.officeId,
          summary: { mode: 'warm', step: 'cancelled', to: call.transferToId },
        },
        m,
      );
    });
    await this.realtime.notify([call.operatorId!, call.transferToId], 'call.transfer', {
      callId: call.id,
      contactId: call.contactId,
      mode: 'warm',
      step: 'cancelled',
      fromId: call.operatorId,
      toId: call.transferToId,
    });
    return this.get(actor, call.id);
  }

  /**
   * Puts the caller on hold: their leg waits in a queue of its own, hearing the hold message
   * (muting is not holding: a muted operator can still be heard breathing by nobody, but the
   * caller would hear nothing and think the line dropped).
   */
  async holdCall(actor: Actor, callId: string): Promise<CallDto> {
    const call = await this.requireOwn(actor, callId, 'hold');
    if (call.state !== 'in_progress') throw new DomainError('conflict', 'Only a call in progress can be put on hold');
    const language = (call.language ?? 'ru') as Language;
    await this.provider
      .updateCall(
        call.callSid,
        this.twiml.holdByOperator(
          language,
          `hold-${call.id}`,
          this.urls.url('/voice/hold', { lang: language }),
          this.urls.url('/voice/transfer-hold-result', { call: call.id }),
        ),
      )
      .catch((error) => this.providerFailed(error));
    await this.moveLiveCall(call, 'in_progress', 'on_hold', AuditAction.CallHeld);
    return this.get(actor, call.id);
  }

  /** Brings a held caller back to their operator. */
  async resumeCall(actor: Actor, callId: string): Promise<CallDto> {
    const call = await this.requireOwn(actor, callId, 'resume');
    if (call.state !== 'on_hold' || call.transferToId)
      throw new DomainError('conflict', 'This call is not on hold (a warm transfer is completed or cancelled instead)');
    const ring = await this.presence.ringTargetOf(call.operatorId!);
    await this.provider
      .updateCall(call.callSid, this.twiml.connectTo(ring, this.urls.url('/voice/dial-result', { call: call.id }), { callId: call.id }))
      .catch((error) => this.providerFailed(error));
    await this.moveLiveCall(call, 'on_hold', 'in_progress', AuditAction.CallResumed);
    return this.get(actor, call.id);
  }

  /**
   * Ends the call for everyone on it. The network's final status callback then completes the
   * call and frees the operator, as when the caller hangs up.
   */
  async hangUpCall(actor: Actor, callId: string): Promise<CallDto> {
    const call = await this.requireOwn(actor, callId, 'hang up');
    if (!['connecting', 'in_progress', 'on_hold'].includes(call.state)) throw new DomainError('conflict', 'This call is not live');
    await this.provider.hangUp(call.callSid).catch((error) => this.providerFailed(error));
    await this.audit.record({ action: AuditAction.CallHungUp, entityType: 'call', entityId: call.id, officeId: call.officeId, summary: { state: call.state } });
    return this.get(actor, call.id);
  }

  private async moveLiveCall(call: TelephonyCall, from: 'in_progress' | 'on_hold', to: 'in_progress' | 'on_hold', action: AuditActionName): Promise<void> {
    const moved = await this.calls.transaction(async (m) => {
      const changed = await this.calls.moveLive(m, call.id, from, to);
      if (changed) await this.audit.record({ action, entityType: 'call', entityId: call.id, officeId: call.officeId, summary: {} }, m);
      return changed;
    });
    if (!moved) throw new DomainError('conflict', 'The call changed meanwhile; look at it again');
    await this.realtime.notify([call.operatorId!, ...(await this.presence.watchersOf(call.officeId))], 'call.changed', {
      callId: call.id,
      contactId: call.contactId,
      state: to,
    });
  }

  private async handOver(call: TelephonyCall, fromId: string, toId: string, mode: 'warm' | 'cold'): Promise<void> {
    await this.calls.transaction(async (m) => {
      await this.calls.handOver(m, call.id, toId);
      // The draft is the contact row the console autosaves: it changes hands, nothing is copied or lost.
      if (call.contactId) await this.calls.assignContact(m, call.contactId, toId);
      await this.presence.markBusy(m, fromId, false);
      await this.presence.markBusy(m, toId, true);
      await this.audit.record(
        {
          action: AuditAction.CallTransferred,
          entityType: 'call',
          entityId: call.id,
          officeId: call.officeId,
          summary: { mode, step: 'completed', from: fromId, to: toId, contactId: call.contactId },
        },
        m,
      );
    });
    await this.realtime.notify([fromId, toId, ...(await this.presence.watchersOf(call.officeId))], 'call.transfer', {
      callId: call.id,
      contactId: call.contactId,
      mode,
      step: 'completed',
      fromId,
      toId,
    });
  }

  private providerFailed(error: unknown): never {
    this.logger.warn({ err: error }, 'telephone network refused an operation');
    throw new DomainError('provider_unavailable', 'The telephone network did not accept this; nothing was changed');
  }

  // ---- reads -------------------------------------------------------------------------------

  /** Calls ringing, waiting or in progress in the actor's offices: what the live panel shows (and re-reads after a reconnect). */
  async live(actor: Actor): Promise<CallDto[]> {
    if (!actor.officeIds.length) return [];
    return this.toDtos(actor, await this.calls.listLive(actor.officeIds));
  }

  async get(actor: Actor, callId: string): Promise<CallDto> {
    return (await this.toDtos(actor, [await this.requireVisible(actor, callId)]))[0];
  }

  /** The repeat-caller panel for a ringing call: what this user may see about the number, without handling the number. */
  async callerHistory(actor: Actor, callId: string) {
    const call = await this.requireVisible(actor, callId);
    if (!call.partyEncrypted) return null;
    await this.audit.record({ action: AuditAction.CallerLookedUpForCall, entityType: 'call', entityId: call.id, officeId: call.officeId });
    return this.contacts.callerHistory(actor, this.vault.decrypt(call.partyEncrypted, Encrypted.callParty.at(call.id)));
  }

  private async requireVisible(actor: Actor, callId: string): Promise<TelephonyCall> {
    const call = await this.calls.findById(callId);
    if (!call || !actor.officeIds.includes(call.officeId)) throw notFound('Call');
    return call;
  }

  /** The operator on the call (or a supervisor of its office) may hold, resume or end it. */
  private async requireOwn(actor: Actor, callId: string, what: string): Promise<TelephonyCall> {
    const call = await this.requireVisible(actor, callId);
    if (call.operatorId !== actor.userId && !actor.permissions.includes('telephony.supervise'))
      throw forbidden(`Only the operator on this call or a supervisor may ${what} it`);
    return call;
  }

  /** The operator who has the call, or a supervisor of its office. */
  private async requireHandled(actor: Actor, callId: string): Promise<TelephonyCall> {
    const call = await this.requireVisible(actor, callId);
    if (call.operatorId !== actor.userId && !actor.permissions.includes('telephony.supervise'))
      throw forbidden('Only the operator on this call or a supervisor may transfer it');
    return call;
  }

  private async requireColleague(officeId: string, userId: string): Promise<void> {
    if (!(await this.calls.isActiveColleague(officeId, userId)))
      throw new DomainError('validation_failed', 'Transfer to an active colleague of this office', {
        errors: [{ field: 'toUserId', code: 'not_a_colleague', message: 'Not an active colleague of this office' }],
      });
  }

  private async ring(officeId: string, callId: string, contactId: string | null): Promise<void> {
    await this.realtime.notify(await this.presence.watchersOf(officeId), 'call.ringing', { callId, contactId, officeId });
  }

  private async byCallSid(callSid: string | undefined): Promise<TelephonyCall | null> {
    if (!callSid) return null;
    return this.calls.findByCallSid(callSid);
  }

  /** Withheld or unparseable numbers ("anonymous", "+266696687") are kept as no number at all. */
  private protectCaller(from: string | undefined): { e164: string; hash: string } | null {
    if (!from || !/^\+?[\d\s()-]{5,}$/.test(from)) return null;
    try {
      return this.vault.phone(from, 'From');
    } catch {
      return null;
    }
  }

  /**
   * While the identifier hash key rotates, the caller's number under every key (flags, people and
   * callbacks not yet recomputed by keys:rotate are still found); null otherwise (the call's hash is enough).
   */
  private async partyHashesWhileRotating(callSid: string): Promise<string[] | null> {
    if (!this.vault.hashKeyRotating) return null;
    const party = await this.calls.partyOf(callSid);
    return party?.partyHash ? this.vault.sameNumber(party.partyHash, party.partyEncrypted, Encrypted.callParty.at(party.id)) : null;
  }

  async toDtos(actor: Actor, calls: TelephonyCall[]): Promise<CallDto[]> {
    if (!calls.length) return [];
    const refs = await this.calls.userRefs(calls.flatMap((c) => [c.operatorId, c.transferToId]));
    const present = this.vault.presenterFor(actor);
    const now = this.clock.nowMs();
    const positions = queuePositions(calls);
    const waiting = calls.filter((c) => c.state === 'queued' && c.queuedAt && c.language);
    const speakers = waiting.length ? await this.presence.languagesAvailable([...new Set(waiting.map((c) => c.officeId))]) : new Set<string>();
    // A waiting call rings first for whoever speaks its language, if someone available does; for everyone after a while.
    const ringsEveryoneAt = (c: TelephonyCall): string | null =>
      c.state === 'queued' && c.queuedAt && c.language && speakers.has(`${c.officeId}:${c.language}`)
        ? new Date(c.queuedAt.getTime() + this.config.telephony.languageFirstSeconds * 1000).toISOString()
        : null;
    return calls.map((c) => ({
      queuePriority: c.queuePriority as CallDto['queuePriority'],
      queuePosition: positions.get(c.id) ?? null,
      ringsEveryoneAt: ringsEveryoneAt(c),
      id: c.id,
      officeId: c.officeId,
      contactId: c.contactId,
      direction: c.direction,
      purpose: c.purpose,
      state: c.state as CallDto['state'],
      outcome: c.outcome,
      language: c.language,
      phone: present.phone(c.partyEncrypted, Encrypted.callParty.at(c.id)),
      masked: !present.revealed,
      operator: refOf(refs, c.operatorId),
      transferTo: refOf(refs, c.transferToId),
      transferMode: c.transferMode as CallDto['transferMode'],
      createdAt: c.createdAt.toISOString(),
      queuedAt: c.queuedAt?.toISOString() ?? null,
      answeredAt: c.answeredAt?.toISOString() ?? null,
      endedAt: c.endedAt?.toISOString() ?? null,
      durationSeconds: c.durationSeconds,
      waitingSeconds: c.queuedAt && !c.answeredAt && !c.endedAt ? Math.max(0, Math.round((now - c.queuedAt.getTime()) / 1000)) : null,
      version: c.version,
    }));
  }

  /** For tests and the contact view: the call a contact came from. */
  async callOfContact(contactId: string): Promise<TelephonyCall | null> {
    return this.calls.findByContact(contactId);
  }
}

/** Each waiting call's place in its office's queue, among the calls given (all of an office's waiting calls, from `live`). */
function queuePositions(calls: TelephonyCall[]): Map<string, number> {
  const positions = new Map<string, number>();
  const byOffice = new Map<string, TelephonyCall[]>();
  for (const call of calls) if (call.state === 'queued' && call.queuedAt) byOffice.set(call.officeId, [...(byOffice.get(call.officeId) ?? []), call]);
  for (const waiting of byOffice.values()) {
    waiting
      .map((call) => ({ id: call.id, priority: call.queuePriority as QueuePriority, queuedAtMs: call.queuedAt!.getTime() }))
      .sort(compareQueued)
      .forEach((call, index) => positions.set(call.id, index + 1));
  }
  return positions;
}
