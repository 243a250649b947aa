import { Injectable, Logger } from '@nestjs/common';
import { AuditAction } from '#api/core/audit/audit-actions';
import { AuditService } from '#api/core/audit/audit.service';
import { Clock } from '#api/core/clock/clock';
import type { Actor } from '#api/core/context/request-context';
import { FieldCipher } from '#api/core/crypto/field-cipher';
import { notFound } from '#api/core/errors/domain-error';
import { JobQueue } from '#api/core/queue/job-queue.port';
import { JobName } from '#api/core/queue/queue-names';
import { requireSid } from './provider-ids';
import { TelephonyProvider } from './provider/telephony-provider';
import type { Voicemail } from './voicemail.entity';
import { VoicemailsRepository } from './voicemails.repository';
import { Encrypted } from '#api/core/crypto/encrypted-columns';

export interface VoicemailView {
  id: string;
  contactId: string | null;
  callId: string;
  durationSeconds: number | null;
  status: Voicemail['status'];
  createdAt: string;
}

/**
 * Voicemail: a recording's status callback writes the row (once per RecordingSid), the worker
 * fetches the audio, keeps it encrypted and deletes the provider's copy. Listening is audited,
 * every time, and limited to the call's office.
 */
@Injectable()
export class VoicemailsService {
  private readonly logger = new Logger('Voicemails');

  constructor(
    private readonly voicemails: VoicemailsRepository,
    private readonly provider: TelephonyProvider,
    private readonly cipher: FieldCipher,
    private readonly queue: JobQueue,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Twilio's recordingStatusCallback: a finished recording is noted and fetched by the worker. */
  async recordingStatus(params: Record<string, string>): Promise<void> {
    const callSid = requireSid(params.CallSid, 'CA', 'CallSid');
    const recordingSid = requireSid(params.RecordingSid, 'RE', 'RecordingSid');
    if (params.RecordingStatus !== 'completed' || !params.RecordingUrl) return;
    const duration = Number(params.RecordingDuration);
    const id = await this.voicemails.insertPending({
      callSid,
      recordingSid,
      recordingUrl: params.RecordingUrl,
      durationSeconds: Number.isFinite(duration) ? Math.round(duration) : null,
    });
    if (id) await this.enqueue(id);
  }

  /** The worker's job: fetch, seal, store, then delete the provider's copy. */
  async fetchAndStore(voicemailId: string): Promise<'stored' | 'already'> {
    const row = await this.voicemails.findById(voicemailId);
    if (!row || row.status !== 'pending' || !row.recordingUrl) return 'already';
    const audio = await this.provider.fetchRecording(row.recordingUrl);
    const sealed = this.cipher.encrypt(audio.bytes.toString('base64'), Encrypted.voicemailAudio.at(row.id));
    const stored = await this.voicemails.transaction(async (m) => {
      if (!(await this.voicemails.markStored(m, row.id, audio.contentType, sealed))) return false;
      await this.audit.record(
        {
          action: AuditAction.VoicemailStored,
          entityType: 'voicemail',
          entityId: row.id,
          officeId: row.officeId,
          summary: { callId: row.callId, durationSeconds: row.durationSeconds, bytes: audio.bytes.length },
        },
        m,
      );
      return true;
    });
    if (!stored) return 'already';
    // Kept here now: the provider's copy goes (a failure is logged; the recording stays there until removed by hand).
    await this.provider
      .deleteRecording(row.recordingSid)
      .catch((error: unknown) => this.logger.warn({ err: error, voicemailId: row.id }, 'could not delete the provider’s copy of a voicemail'));
    return 'stored';
  }

  /**
   * Every minute (the worker): a voicemail still waiting for its audio a minute after it was
   * recorded gets its fetch again (a job lost with Redis, or one that ran out of attempts), at
   * most every ten minutes; after a day it is marked failed (the recording stays at the
   * provider, to be fetched by hand).
   */
  async reconcile(): Promise<{ requeued: number; givenUp: number }> {
    const givenUp = await this.voicemails.failPendingOverADay();
    const pending = await this.voicemails.pendingOverAMinute();
    const round = Math.floor(this.clock.nowMs() / 600_000);
    for (const id of pending) await this.enqueue(id, `voicemail-${id}-r${round}`);
    return { requeued: pending.length, givenUp };
  }

  /** The voicemail a contact came with, if the user may hear it (see mayHear). */
  async forContact(actor: Actor, contactId: string): Promise<VoicemailView | null> {
    const row = await this.voicemails.findForContact(contactId);
    if (!row || !(await this.mayHear(actor, row))) return null;
    return this.view(row);
  }

  /** The audio, decrypted, for one listening; audited each time. */
  async audio(actor: Actor, id: string): Promise<{ contentType: string; bytes: Buffer }> {
    const row = await this.voicemails.findWithAudio(id);
    if (!row || row.status !== 'stored' || !row.audioEncrypted || !(await this.mayHear(actor, row))) throw notFound('Voicemail');
    await this.audit.record({
      action: AuditAction.VoicemailPlayed,
      entityType: 'voicemail',
      entityId: row.id,
      officeId: row.officeId,
      summary: { contactId: row.contactId },
    });
    return {
      contentType: row.contentType ?? 'application/octet-stream',
      bytes: Buffer.from(this.cipher.decrypt(row.audioEncrypted, Encrypted.voicemailAudio.at(row.id)), 'base64'),
    };
  }

  /**
   * Whoever may see the voicemail's contact (the contact rules), and whoever calls the caller
   * back: a callback for that contact in one of their offices (callbacks are the office's).
   */
  private async mayHear(actor: Actor, row: Voicemail): Promise<boolean> {
    if (!row.contactId || !actor.officeIds.includes(row.officeId)) return false;
    if (await this.voicemails.isContactVisible(actor, row.contactId)) return true;
    if (!actor.permissions.includes('callbacks.read')) return false;
    return this.voicemails.hasCallbackInOffices(row.contactId, actor.officeIds);
  }

  view(row: Voicemail): VoicemailView {
    return {
      id: row.id,
      contactId: row.contactId,
      callId: row.callId,
      durationSeconds: row.durationSeconds,
      status: row.status,
      createdAt: row.createdAt.toISOString(),
    };
  }

  private async enqueue(voicemailId: string, jobId = `voicemail-${voicemailId}`): Promise<void> {
    try {
      await this.queue.add(JobName.VoicemailFetch, { voicemailId }, { jobId, attempts: 6 });
    } catch (error) {
      this.logger.warn({ err: error, voicemailId }, 'could not add the voicemail job');
    }
  }
}
