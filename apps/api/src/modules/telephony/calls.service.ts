import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { InjectDataSource } from '@nestjs/typeorm';
import { callOutcomeForQueueResult, compareQueued, isMenuLanguage, menuLanguageForDigits, type MenuLanguage, type QueuePriority } from '@mayak/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditAction, type AuditActionName } from '../../core/audit/audit-actions';
import { AuditService } from '../../core/audit/audit.service';
import { Clock } from '../../core/clock/clock';
import { updateReturning } from '../../core/database/update-returning';
import type { AppConfig } from '../../core/config/app-config';
import { APP_CONFIG } from '../../core/config/config.module';
import type { Actor } from '../../core/context/request-context';
import { DomainError, forbidden, notFound } from '../../core/errors/domain-error';
import { requireSid } from './provider-ids';
import { ACTIVE_FLAG_SQL } from '../people/people.service';
import { RealtimeEvents } from '../../core/realtime/realtime-events';
import { CallbacksService } from '../callbacks/callbacks.service';
import { loadUserRefs, refOf } from '../cases/user-refs';
import { ContactsService } from '../contacts/contacts.service';
import { IdentifierVault } from '../people/identifier-vault';
import { TelephonyCall } from './call.entity';
import type { CallDto } from './dto/telephony.dto';
import { LineHours } from './line-hours';
import { LineRouter } from './line-router';
import { PresenceService } from './presence.service';
import { TelephonyProvider } from './provider/telephony-provider';
import { TelephonyUrls } from './telephony-urls';
import { Twiml, dialAddress } from './twiml';
import { Encrypted } from '../../core/crypto/encrypted-columns';

type Language = MenuLanguage;

// A caller's place in the queue, decided as they join it (telephony_calls.party_hash is the caller's number):
// at risk (an active at-risk flag on the number or a person holding it, or their open critical case) first,
// then callers owed a callback. `hashes`: the SQL array of the number's hashes under every identifier
// hash key while that key rotates (rows not yet recomputed), or null for the call's own hash.
const sameNumberAs = (column: string, hashes: string | null) => (hashes ? `${column} = ANY(${hashes})` : `${column} = telephony_calls.party_hash`);
const HOLDERS_OF_NUMBER = (hashes: string | null) => `SELECT i.person_id FROM person_identifiers i WHERE i.kind = 'phone' AND ${sameNumberAs('i.value_hash', hashes)}`;
const QUEUE_PRIORITY_SQL = (hashes: string | null) => `CASE
  WHEN telephony_calls.party_hash IS NULL THEN 'normal'
  WHEN EXISTS (SELECT 1 FROM person_flags f WHERE f.kind = 'at_risk' AND ${ACTIVE_FLAG_SQL}
                 AND (${sameNumberAs('f.phone_hash', hashes)} OR f.person_id IN (${HOLDERS_OF_NUMBER(hashes)})))
    OR EXISTS (SELECT 1 FROM cases k WHERE k.person_id IN (${HOLDERS_OF_NUMBER(hashes)}) AND k.priority = 'critical' AND k.status <> 'closed') THEN 'urgent'
  WHEN EXISTS (SELECT 1 FROM callbacks b WHERE ${sameNumberAs('b.phone_hash', hashes)} AND b.status IN ('scheduled', 'due', 'in_progress')) THEN 'callback_promised'
  ELSE 'normal' END`;
/** 0 first: the order QUEUE_PRIORITIES gives, in SQL. */
const QUEUE_RANK_SQL = (alias: string) => `array_position(ARRAY['urgent', 'callback_promised', 'normal'], ${alias}.queue_priority)`;
const LIVE_STATES = ['menu', 'queued', 'connecting', 'in_progress', 'on_hold'];

/**
 * A hotline call from the moment it arrives to its last status callback. Every step is a
 * conditional update on the call's state, so a provider retrying a webhook, or two
 * operators pressing "answer" at once, change things exactly once.
 */
@Injectable()
export class CallsService {
  private readonly logger = new Logger('Calls');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
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
    // The contact's foreign key is checked at the end of the statement, when both rows exist.
    const audit = this.audit.insertFrom({ action: AuditAction.CallReceived, entityType: 'call', officeId: office.officeId, summary: { contactId, withheld: !party } }, 'new_call', 'id', 9);
    await this.dataSource.query(
      `WITH new_call AS (
         INSERT INTO telephony_calls (id, call_sid, direction, purpose, office_id, contact_id, party_encrypted, party_hash, line_number, state)
         VALUES ($1, $2, 'inbound', 'hotline', $3, $4, $5, $6, $7, 'menu') ON CONFLICT (call_sid) DO NOTHING RETURNING id
       ), new_contact AS (
         INSERT INTO contacts (id, office_id, operator_id, status, channel, direction, started_at, phone_encrypted, phone_hash)
         SELECT $4, $3, NULL, 'in_progress', 'voice', 'inbound', mayak_now(), $8, $6 FROM new_call RETURNING id
       ), audited AS (${audit.sql})
       SELECT (SELECT count(*) FROM new_call)::int AS created`,
      [callId, callSid, office.officeId, contactId, callParty, party?.hash ?? null, lineNumber, contactPhone, ...audit.params],
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
    // One statement moves the call into the queue and gives its contact the language, once.
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
    const call = queued ? { id: queued.id, contactId: queued.contact_id, officeId: queued.office_id } : await this.byCallSid(callSid);
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
    const lang = (isMenuLanguage(language) ? language : 'ru');
    const waitedRaw = Number(params.QueueTime ?? 0);
    const waited = Number.isFinite(waitedRaw) ? waitedRaw : 0;
    const maxWait = this.config.telephony.maxQueueSeconds;
    if (waited >= 2 * maxWait) return this.twiml.hold(lang, { leave: true });
    const hashes = params.CallSid ? await this.partyHashesWhileRotating(params.CallSid) : null;
    const [place] = params.CallSid ? ((await this.dataSource.query(
      `SELECT (SELECT count(*)::int FROM telephony_calls o WHERE o.office_id = c.office_id AND o.state = 'queued' AND o.purpose = 'hotline'
                 AND (${QUEUE_RANK_SQL('o')} < ${QUEUE_RANK_SQL('c')} OR (${QUEUE_RANK_SQL('o')} = ${QUEUE_RANK_SQL('c')} AND o.queued_at < c.queued_at))) + 1 AS position,
              c.party_hash IS NOT NULL AND NOT EXISTS (SELECT 1 FROM person_flags f WHERE f.kind = 'do_not_call_back' AND ${ACTIVE_FLAG_SQL} AND ${hashes ? 'f.phone_hash = ANY($2::text[])' : 'f.phone_hash = c.party_hash'}) AS may_call_back
         FROM telephony_calls c WHERE c.call_sid = $1 AND c.state = 'queued'`,
      hashes ? [params.CallSid, hashes] : [params.CallSid],
    )) as { position: number; may_call_back: boolean }[]) : [];
    return this.twiml.hold(lang, {
      position: place?.position ?? null,
      offerCallbackUrl: place?.may_call_back && waited >= maxWait ? this.urls.url('/voice/queue-choice', { lang }) : null,
    });
  }

  /** After the recording: thanks in the caller's language (or every menu language when none was chosen). */
  voicemailThanks(language: string | undefined): string {
    return this.twiml.voicemailThanks(isMenuLanguage(language) ? [language] : this.twiml.menuLanguages);
  }

  /** A waiting caller pressed a key after the callback offer: 1 leaves the queue with a callback owed. */
  async queueChoice(params: Record<string, string>, language: string | undefined): Promise<string> {
    const lang = (isMenuLanguage(language) ? language : 'ru');
    const callSid = requireSid(params.CallSid, 'CA', 'CallSid');
    const digit = (params.Digits ?? '').trim();
    if (digit !== '1' && digit !== '2') return this.twiml.hold(lang, {});
    // 1: called back; 2: a voicemail first (the queue's action then records it), and called back too.
    await this.dataSource.query(
      `UPDATE telephony_calls SET callback_requested = true, voicemail_requested = $2, updated_at = mayak_now() WHERE call_sid = $1 AND state = 'queued'`,
      [callSid, digit === '2'],
    );
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
    const call = callId ? await this.dataSource.getRepository(TelephonyCall).findOneBy({ id: callId }) : await this.byCallSid(params.CallSid);
    if (!call || call.callSid !== params.CallSid) return this.twiml.hangUp();
    const status = params.DialCallStatus ?? '';
    if (status === 'completed' || status === 'answered') return this.twiml.hangUp();
    const office = await this.router.officeCode(call.officeId);
    const requeued = await this.dataSource.transaction(async (m) => {
      const rows = await updateReturning<{ operator_id: string | null }>(m,
        `UPDATE telephony_calls c SET state = 'queued', operator_id = NULL, answered_at = NULL, updated_at = mayak_now(), version = c.version + 1
           FROM telephony_calls old WHERE c.id = old.id AND c.id = $1 AND c.state IN ('connecting', 'in_progress') RETURNING old.operator_id`,
        [call.id],
      );
      if (!rows.length) return null;
      if (call.contactId) await m.query(`UPDATE contacts SET operator_id = NULL, updated_at = mayak_now(), version = version + 1 WHERE id = $1 AND status = 'in_progress'`, [call.contactId]);
      if (rows[0].operator_id) await this.presence.markBusy(m, rows[0].operator_id, false);
      return rows[0].operator_id;
    });
    if (requeued !== null) {
      if (requeued) await this.realtime.notify([requeued], 'call.ended', { callId: call.id, reason: 'not_picked_up' });
      await this.ring(call.officeId, call.id, call.contactId);
    }
    return this.twiml.enqueue(this.router.queueName(office), this.urls.url('/voice/hold', { lang: call.language ?? 'ru' }), this.urls.url('/voice/queue-result'));
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
      const ended = await this.dataSource.transaction(async (m) => {
        const rows = await updateReturning<{ id: string }>(m,
          `UPDATE telephony_calls SET state = 'completed', outcome = COALESCE(outcome, 'answered'), ended_at = mayak_now(), provider_status = $2,
                  duration_seconds = $3, transfer_to_id = NULL, updated_at = mayak_now(), version = version + 1
            WHERE id = $1 AND state IN ('connecting', 'in_progress', 'on_hold') RETURNING id`,
          [call.id, params.CallStatus, Number.isFinite(duration) ? duration : null],
        );
        if (!rows.length) return false;
        // The operator keeps the contact open to finish their notes; the call's times are fixed now.
        if (call.contactId) {
          await m.query(
            `UPDATE contacts SET ended_at = mayak_now(), duration_seconds = GREATEST(0, EXTRACT(EPOCH FROM mayak_now() - started_at))::int, updated_at = mayak_now(), version = version + 1
              WHERE id = $1 AND status = 'in_progress'`,
            [call.contactId],
          );
        }
        // After-call work: the operator finishes the notes before the next call rings for them.
        if (call.operatorId) await this.presence.startWrapUp(m, call.operatorId, call.officeId);
        await this.audit.record({ action: AuditAction.CallEnded, entityType: 'call', entityId: call.id, officeId: call.officeId, summary: { outcome: 'answered', providerStatus: params.CallStatus, durationSeconds: duration } }, m);
        return true;
      });
      if (ended) await this.realtime.notify([...(call.operatorId ? [call.operatorId] : []), ...(await this.presence.watchersOf(call.officeId))], 'call.ended', { callId: call.id, contactId: call.contactId, outcome: 'answered' });
      return;
    }
    await this.finishUnanswered(call, call.state === 'queued' || call.state === 'menu' ? 'abandoned' : 'missed', params.CallStatus === 'failed' ? 'failed' : call.state === 'queued' || call.state === 'menu' ? 'abandoned' : 'missed', params.CallStatus);
    // The queue result usually comes first and closes the call; the final status still brings the network's word and duration.
    await this.dataSource.query(
      `UPDATE telephony_calls SET provider_status = COALESCE(provider_status, $2), duration_seconds = COALESCE(duration_seconds, $3), updated_at = mayak_now() WHERE id = $1 AND answered_at IS NULL`,
      [call.id, params.CallStatus, Number.isFinite(Number(params.CallDuration)) && params.CallDuration !== '' ? Number(params.CallDuration) : null],
    );
  }

  private async finishUnanswered(call: TelephonyCall, state: 'missed' | 'abandoned', outcome: string, providerStatus?: string, oweCallback = true): Promise<void> {
    const finished = await this.dataSource.transaction(async (m) => {
      const rows = await updateReturning<{ id: string }>(m,
        `UPDATE telephony_calls SET state = $2, outcome = $3, ended_at = mayak_now(), provider_status = COALESCE($4, provider_status), updated_at = mayak_now(), version = version + 1
          WHERE id = $1 AND state IN ('menu', 'queued', 'connecting') AND answered_at IS NULL RETURNING id`,
        [call.id, state, outcome, providerStatus ?? null],
      );
      if (!rows.length) return null;
      if (call.contactId) {
        await m.query(
          `UPDATE contacts SET status = 'completed', ended_at = mayak_now(), completed_at = mayak_now(), duration_seconds = GREATEST(0, EXTRACT(EPOCH FROM mayak_now() - started_at))::int,
                  updated_at = mayak_now(), version = version + 1 WHERE id = $1 AND status = 'in_progress'`,
          [call.contactId],
        );
      }
      await this.audit.record({ action: AuditAction.CallEnded, entityType: 'call', entityId: call.id, officeId: call.officeId, summary: { outcome, providerStatus: providerStatus ?? null } }, m);
      const reason = outcome === 'after_hours' ? 'after_hours' : outcome === 'voicemail' ? 'voicemail' : call.callbackRequested ? 'requested_in_queue' : state === 'abandoned' ? 'abandoned_call' : 'missed_call';
      const owed = oweCallback && call.partyEncrypted && call.partyHash
        ? await this.callbacks.oweForMissedCall(m, { callId: call.id, officeId: call.officeId, contactId: call.contactId, phone: this.vault.decrypt(call.partyEncrypted, Encrypted.callParty.at(call.id)), reason })
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
    const claimed = await this.dataSource.transaction(async (m) => {
      const rows = await updateReturning<{ id: string }>(m,
        `UPDATE telephony_calls SET state = 'in_progress', operator_id = $2, answered_at = mayak_now(), updated_at = mayak_now(), version = version + 1
          WHERE id = $1 AND state = 'queued' RETURNING id`,
        [call.id, actor.userId],
      );
      if (!rows.length) return false;
      if (call.contactId) await m.query(`UPDATE contacts SET operator_id = $2, updated_at = mayak_now(), version = version + 1 WHERE id = $1 AND status = 'in_progress'`, [call.contactId, actor.userId]);
      await this.presence.markBusy(m, actor.userId, true);
      await this.audit.record({ action: AuditAction.CallAnswered, entityType: 'call', entityId: call.id, officeId: call.officeId, summary: { contactId: call.contactId, ringTarget: target.kind } }, m);
      return true;
    });
    if (!claimed) {
      const now = await this.dataSource.getRepository(TelephonyCall).findOneByOrFail({ id: call.id });
      throw new DomainError('call_taken', now.operatorId ? 'Someone else has answered this call' : 'This call is no longer waiting', { operatorId: now.operatorId, state: now.state });
    }
    try {
      await this.provider.updateCall(call.callSid, this.twiml.connectTo(target, this.urls.url('/voice/dial-result', { call: call.id }), { callId: call.id }));
    } catch (error) {
      // The caller is still in the queue: give the call back so someone else can take it.
      await this.dataSource.transaction(async (m) => {
        await m.query(`UPDATE telephony_calls SET state = 'queued', operator_id = NULL, answered_at = NULL, updated_at = mayak_now(), version = version + 1 WHERE id = $1 AND operator_id = $2 AND state = 'in_progress'`, [call.id, actor.userId]);
        if (call.contactId) await m.query(`UPDATE contacts SET operator_id = NULL, updated_at = mayak_now(), version = version + 1 WHERE id = $1`, [call.contactId]);
        await this.presence.markBusy(m, actor.userId, false);
      });
      this.logger.warn({ err: error, callId: call.id }, 'could not connect the call to the operator');
      throw new DomainError('provider_unavailable', 'The telephone network did not accept the connection; the call is still waiting');
    }
    await this.realtime.notify(await this.presence.watchersOf(call.officeId), 'call.taken', { callId: call.id, contactId: call.contactId, operatorId: actor.userId });
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
    if (input.toUserId === call.operatorId) throw new DomainError('validation_failed', 'The call is already with this person', { errors: [{ field: 'toUserId', code: 'same_operator', message: 'Choose a colleague' }] });
    await this.requireColleague(call.officeId, input.toUserId);
    const targetRing = await this.presence.ringTargetOf(input.toUserId);
    const fromId = call.operatorId!;
    if (input.mode === 'cold') {
      await this.provider.updateCall(call.callSid, this.twiml.connectTo(targetRing, this.urls.url('/voice/dial-result', { call: call.id }), { callId: call.id })).catch((error) => this.providerFailed(error));
      await this.handOver(call, fromId, input.toUserId, 'cold');
    } else {
      const holdQueue = `hold-${call.id}`;
      await this.provider.updateCall(call.callSid, this.twiml.holdForTransfer((call.language ?? 'ru') as Language, holdQueue, this.urls.url('/voice/hold', { lang: call.language ?? 'ru' }), this.urls.url('/voice/transfer-hold-result', { call: call.id })))
        .catch((error) => this.providerFailed(error));
      const fromRing = await this.presence.ringTargetOf(fromId);
      // The colleague's phone rings and connects them to the operator handing over.
      await this.provider.createCall({ to: dialAddress(targetRing, { callId: call.id }), from: this.config.telephony.hotlineNumber, twiml: this.twiml.consult(fromRing, this.config.telephony.hotlineNumber, { callId: call.id }), statusCallbackUrl: this.urls.url('/voice/consult-status', { call: call.id }) })
        .catch((error) => this.providerFailed(error));
      await this.dataSource.transaction(async (m) => {
        await m.query(`UPDATE telephony_calls SET state = 'on_hold', transfer_to_id = $2, transfer_mode = 'warm', updated_at = mayak_now(), version = version + 1 WHERE id = $1`, [call.id, input.toUserId]);
        await this.audit.record({ action: AuditAction.CallTransferred, entityType: 'call', entityId: call.id, officeId: call.officeId, summary: { mode: 'warm', step: 'offered', from: fromId, to: input.toUserId } }, m);
      });
      await this.realtime.notify([fromId, input.toUserId], 'call.transfer', { callId: call.id, contactId: call.contactId, mode: 'warm', step: 'offered', fromId, toId: input.toUserId });
    }
    return this.get(actor, call.id);
  }

  async completeTransfer(actor: Actor, callId: string): Promise<CallDto> {
    const call = await this.requireHandled(actor, callId);
    if (call.state !== 'on_hold' || !call.transferToId) throw new DomainError('conflict', 'No transfer is waiting on this call');
    const targetRing = await this.presence.ringTargetOf(call.transferToId);
    await this.provider.updateCall(call.callSid, this.twiml.connectTo(targetRing, this.urls.url('/voice/dial-result', { call: call.id }), { callId: call.id })).catch((error) => this.providerFailed(error));
    await this.handOver(call, call.operatorId!, call.transferToId, 'warm');
    return this.get(actor, call.id);
  }

  async cancelTransfer(actor: Actor, callId: string): Promise<CallDto> {
    const call = await this.requireHandled(actor, callId);
    if (call.state !== 'on_hold' || !call.transferToId) throw new DomainError('conflict', 'No transfer is waiting on this call');
    const ring = await this.presence.ringTargetOf(call.operatorId!);
    await this.provider.updateCall(call.callSid, this.twiml.connectTo(ring, this.urls.url('/voice/dial-result', { call: call.id }), { callId: call.id })).catch((error) => this.providerFailed(error));
    await this.dataSource.transaction(async (m) => {
      await m.query(`UPDATE telephony_calls SET state = 'in_progress', transfer_to_id = NULL, transfer_mode = NULL, updated_at = mayak_now(), version = version + 1 WHERE id = $1`, [call.id]);
      await this.audit.record({ action: AuditAction.CallTransferred, entityType: 'call', entityId: call.id, officeId: call.officeId, summary: { mode: 'warm', step: 'cancelled', to: call.transferToId } }, m);
    });
    await this.realtime.notify([call.operatorId!, call.transferToId], 'call.transfer', { callId: call.id, contactId: call.contactId, mode: 'warm', step: 'cancelled', fromId: call.operatorId, toId: call.transferToId });
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
    await this.provider.updateCall(call.callSid, this.twiml.holdByOperator(language, `hold-${call.id}`, this.urls.url('/voice/hold', { lang: language }), this.urls.url('/voice/transfer-hold-result', { call: call.id })))
      .catch((error) => this.providerFailed(error));
    await this.moveLiveCall(call, 'in_progress', 'on_hold', AuditAction.CallHeld);
    return this.get(actor, call.id);
  }

  /** Brings a held caller back to their operator. */
  async resumeCall(actor: Actor, callId: string): Promise<CallDto> {
    const call = await this.requireOwn(actor, callId, 'resume');
    if (call.state !== 'on_hold' || call.transferToId) throw new DomainError('conflict', 'This call is not on hold (a warm transfer is completed or cancelled instead)');
    const ring = await this.presence.ringTargetOf(call.operatorId!);
    await this.provider.updateCall(call.callSid, this.twiml.connectTo(ring, this.urls.url('/voice/dial-result', { call: call.id }), { callId: call.id })).catch((error) => this.providerFailed(error));
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
    const moved = await this.dataSource.transaction(async (m) => {
      const rows = await updateReturning<{ id: string }>(m,
        `UPDATE telephony_calls SET state = $3, updated_at = mayak_now(), version = version + 1 WHERE id = $1 AND state = $2 AND transfer_to_id IS NULL RETURNING id`,
        [call.id, from, to],
      );
      if (rows.length) await this.audit.record({ action, entityType: 'call', entityId: call.id, officeId: call.officeId, summary: {} }, m);
      return rows.length > 0;
    });
    if (!moved) throw new DomainError('conflict', 'The call changed meanwhile; look at it again');
    await this.realtime.notify([call.operatorId!, ...(await this.presence.watchersOf(call.officeId))], 'call.changed', { callId: call.id, contactId: call.contactId, state: to });
  }

  private async handOver(call: TelephonyCall, fromId: string, toId: string, mode: 'warm' | 'cold'): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await m.query(
        `UPDATE telephony_calls SET state = 'in_progress', operator_id = $2, transfer_to_id = NULL, transfer_mode = NULL, outcome = 'transferred', updated_at = mayak_now(), version = version + 1 WHERE id = $1`,
        [call.id, toId],
      );
      // The draft is the contact row the console autosaves: it changes hands, nothing is copied or lost.
      if (call.contactId) await m.query(`UPDATE contacts SET operator_id = $2, updated_at = mayak_now(), version = version + 1 WHERE id = $1`, [call.contactId, toId]);
      await this.presence.markBusy(m, fromId, false);
      await this.presence.markBusy(m, toId, true);
      await this.audit.record({ action: AuditAction.CallTransferred, entityType: 'call', entityId: call.id, officeId: call.officeId, summary: { mode, step: 'completed', from: fromId, to: toId, contactId: call.contactId } }, m);
    });
    await this.realtime.notify([fromId, toId, ...(await this.presence.watchersOf(call.officeId))], 'call.transfer', { callId: call.id, contactId: call.contactId, mode, step: 'completed', fromId, toId });
  }

  private providerFailed(error: unknown): never {
    this.logger.warn({ err: error }, 'telephone network refused an operation');
    throw new DomainError('provider_unavailable', 'The telephone network did not accept this; nothing was changed');
  }

  // ---- reads -------------------------------------------------------------------------------

  /** Calls ringing, waiting or in progress in the actor's offices: what the live panel shows (and re-reads after a reconnect). */
  async live(actor: Actor): Promise<CallDto[]> {
    if (!actor.officeIds.length) return [];
    const calls = await this.dataSource.getRepository(TelephonyCall).createQueryBuilder('c')
      .where(`c.state IN (:...states)`, { states: LIVE_STATES }).andWhere('c.office_id = ANY(:offices)', { offices: actor.officeIds }).andWhere(`c.purpose = 'hotline'`)
      // Waiting callers in the order they are answered (the console's Alt+A takes the first); then the rest, oldest first.
      .orderBy(`CASE WHEN c.state = 'queued' THEN ${QUEUE_RANK_SQL('c')} ELSE 9 END`, 'ASC').addOrderBy('COALESCE(c.queued_at, c.created_at)', 'ASC').limit(200).getMany();
    return this.toDtos(actor, calls);
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
    const call = await this.dataSource.getRepository(TelephonyCall).findOneBy({ id: callId });
    if (!call || !actor.officeIds.includes(call.officeId)) throw notFound('Call');
    return call;
  }

  /** The operator on the call (or a supervisor of its office) may hold, resume or end it. */
  private async requireOwn(actor: Actor, callId: string, what: string): Promise<TelephonyCall> {
    const call = await this.requireVisible(actor, callId);
    if (call.operatorId !== actor.userId && !actor.permissions.includes('telephony.supervise')) throw forbidden(`Only the operator on this call or a supervisor may ${what} it`);
    return call;
  }

  /** The operator who has the call, or a supervisor of its office. */
  private async requireHandled(actor: Actor, callId: string): Promise<TelephonyCall> {
    const call = await this.requireVisible(actor, callId);
    if (call.operatorId !== actor.userId && !actor.permissions.includes('telephony.supervise')) throw forbidden('Only the operator on this call or a supervisor may transfer it');
    return call;
  }

  private async requireColleague(officeId: string, userId: string): Promise<void> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM users u JOIN user_offices uo ON uo.user_id = u.id WHERE u.id = $1 AND uo.office_id = $2 AND u.active AND u.roles && ARRAY['operator', 'case_worker', 'supervisor']::text[]`,
      [userId, officeId],
    );
    if (!rows.length) throw new DomainError('validation_failed', 'Transfer to an active colleague of this office', { errors: [{ field: 'toUserId', code: 'not_a_colleague', message: 'Not an active colleague of this office' }] });
  }

  private async ring(officeId: string, callId: string, contactId: string | null): Promise<void> {
    await this.realtime.notify(await this.presence.watchersOf(officeId), 'call.ringing', { callId, contactId, officeId });
  }

  private async byCallSid(callSid: string | undefined): Promise<TelephonyCall | null> {
    if (!callSid) return null;
    return this.dataSource.getRepository(TelephonyCall).findOneBy({ callSid });
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
    const [row] = (await this.dataSource.query(`SELECT id, party_encrypted, party_hash FROM telephony_calls WHERE call_sid = $1`, [callSid])) as { id: string; party_encrypted: string | null; party_hash: string | null }[];
    return row?.party_hash ? this.vault.sameNumber(row.party_hash, row.party_encrypted, Encrypted.callParty.at(row.id)) : null;
  }

  async toDtos(actor: Actor, calls: TelephonyCall[], m: EntityManager = this.dataSource.manager): Promise<CallDto[]> {
    if (!calls.length) return [];
    const refs = await loadUserRefs(m, calls.flatMap((c) => [c.operatorId, c.transferToId]));
    const present = this.vault.presenterFor(actor);
    const now = this.clock.nowMs();
    const positions = queuePositions(calls);
    const waiting = calls.filter((c) => c.state === 'queued' && c.queuedAt && c.language);
    const speakers = waiting.length ? await this.presence.languagesAvailable([...new Set(waiting.map((c) => c.officeId))], m) : new Set<string>();
    // A waiting call rings first for whoever speaks its language, if someone available does; for everyone after a while.
    const ringsEveryoneAt = (c: TelephonyCall): string | null =>
      c.state === 'queued' && c.queuedAt && c.language && speakers.has(`${c.officeId}:${c.language}`)
        ? new Date(c.queuedAt.getTime() + this.config.telephony.languageFirstSeconds * 1000).toISOString()
        : null;
    return calls.map((c) => ({
      queuePriority: c.queuePriority as CallDto['queuePriority'], queuePosition: positions.get(c.id) ?? null, ringsEveryoneAt: ringsEveryoneAt(c),
      id: c.id, officeId: c.officeId, contactId: c.contactId, direction: c.direction, purpose: c.purpose, state: c.state as CallDto['state'], outcome: c.outcome,
      language: c.language, phone: present.phone(c.partyEncrypted, Encrypted.callParty.at(c.id)), masked: !present.revealed, operator: refOf(refs, c.operatorId), transferTo: refOf(refs, c.transferToId),
      transferMode: c.transferMode as CallDto['transferMode'], createdAt: c.createdAt.toISOString(), queuedAt: c.queuedAt?.toISOString() ?? null,
      answeredAt: c.answeredAt?.toISOString() ?? null, endedAt: c.endedAt?.toISOString() ?? null, durationSeconds: c.durationSeconds,
      waitingSeconds: c.queuedAt && !c.answeredAt && !c.endedAt ? Math.max(0, Math.round((now - c.queuedAt.getTime()) / 1000)) : null, version: c.version,
    }));
  }

  /** For tests and the contact view: the call a contact came from. */
  async callOfContact(contactId: string): Promise<TelephonyCall | null> {
    return this.dataSource.getRepository(TelephonyCall).findOneBy({ contactId });
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
