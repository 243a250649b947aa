import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditAction } from '../../core/audit/audit-actions';
import { AuditService } from '../../core/audit/audit.service';
import { Clock } from '../../core/clock/clock';
import type { Actor } from '../../core/context/request-context';
import { FieldCipher } from '../../core/crypto/field-cipher';
import { notFound } from '../../core/errors/domain-error';
import { JobQueue } from '../../core/queue/job-queue.port';
import { JobName } from '../../core/queue/queue-names';
import { requireSid } from './provider-ids';
import { TelephonyProvider } from './provider/telephony-provider';
import { Voicemail } from './voicemail.entity';
import { contactScope } from '../access/record-scope';
import { Contact } from '../contacts/contact.entity';
import { Encrypted } from '../../core/crypto/encrypted-columns';

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
    @InjectDataSource() private readonly dataSource: DataSource,
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
    const rows: { id: string }[] = await this.dataSource.query(
      `INSERT INTO voicemails (office_id, call_id, contact_id, recording_sid, recording_url, duration_seconds, status)
       SELECT c.office_id, c.id, c.contact_id, $2, $3, $4, 'pending' FROM telephony_calls c WHERE c.call_sid = $1
       ON CONFLICT DO NOTHING RETURNING id`,
      [callSid, recordingSid, params.RecordingUrl, Number.isFinite(duration) ? Math.round(duration) : null],
    );
    if (rows.length) await this.enqueue(rows[0].id);
  }

  /** The worker's job: fetch, seal, store, then delete the provider's copy. */
  async fetchAndStore(voicemailId: string): Promise<'stored' | 'already'> {
    const row = await this.dataSource.getRepository(Voicemail).findOneBy({ id: voicemailId });
    if (!row || row.status !== 'pending' || !row.recordingUrl) return 'already';
    const audio = await this.provider.fetchRecording(row.recordingUrl);
    const sealed = this.cipher.encrypt(audio.bytes.toString('base64'), Encrypted.voicemailAudio.at(row.id));
    const stored = await this.dataSource.transaction(async (m) => {
      const updated = await m.query(
        `UPDATE voicemails SET status = 'stored', content_type = $2, audio_encrypted = $3, fetched_at = mayak_now(), recording_url = NULL WHERE id = $1 AND status = 'pending' RETURNING id`,
        [row.id, audio.contentType, sealed],
      );
      if (!(Array.isArray(updated[0]) ? updated[0] : updated).length) return false;
      await this.audit.record({ action: AuditAction.VoicemailStored, entityType: 'voicemail', entityId: row.id, officeId: row.officeId, summary: { callId: row.callId, durationSeconds: row.durationSeconds, bytes: audio.bytes.length } }, m);
      return true;
    });
    if (!stored) return 'already';
    // Kept here now: the provider's copy goes (a failure is logged; the recording stays there until removed by hand).
    await this.provider.deleteRecording(row.recordingSid).catch((error: unknown) => this.logger.warn({ err: error, voicemailId: row.id }, 'could not delete the provider’s copy of a voicemail'));
    return 'stored';
  }

  /**
   * Every minute (the worker): a voicemail still waiting for its audio a minute after it was
   * recorded gets its fetch again (a job lost with Redis, or one that ran out of attempts), at
   * most every ten minutes; after a day it is marked failed (the recording stays at the
   * provider, to be fetched by hand).
   */
  async reconcile(): Promise<{ requeued: number; givenUp: number }> {
    const givenUp = await this.dataSource.query(`UPDATE voicemails SET status = 'failed' WHERE status = 'pending' AND created_at < mayak_now() - interval '1 day' RETURNING id`);
    const pending = (await this.dataSource.query(`SELECT id FROM voicemails WHERE status = 'pending' AND created_at < mayak_now() - interval '1 minute' ORDER BY created_at LIMIT 200`)) as { id: string }[];
    const round = Math.floor(this.clock.nowMs() / 600_000);
    for (const row of pending) await this.enqueue(row.id, `voicemail-${row.id}-r${round}`);
    return { requeued: pending.length, givenUp: (Array.isArray(givenUp[0]) ? givenUp[0] : givenUp).length };
  }

  /** The voicemail a contact came with, if the user may hear it (see mayHear). */
  async forContact(actor: Actor, contactId: string): Promise<VoicemailView | null> {
    const row = await this.dataSource.getRepository(Voicemail).findOneBy({ contactId });
    if (!row || !(await this.mayHear(actor, row))) return null;
    return this.view(row);
  }

  /** The audio, decrypted, for one listening; audited each time. */
  async audio(actor: Actor, id: string): Promise<{ contentType: string; bytes: Buffer }> {
    const row = await this.dataSource.getRepository(Voicemail).createQueryBuilder('v').addSelect('v.audioEncrypted').where('v.id = :id', { id }).getOne();
    if (!row || row.status !== 'stored' || !row.audioEncrypted || !(await this.mayHear(actor, row))) throw notFound('Voicemail');
    await this.audit.record({ action: AuditAction.VoicemailPlayed, entityType: 'voicemail', entityId: row.id, officeId: row.officeId, summary: { contactId: row.contactId } });
    return { contentType: row.contentType ?? 'application/octet-stream', bytes: Buffer.from(this.cipher.decrypt(row.audioEncrypted, Encrypted.voicemailAudio.at(row.id)), 'base64') };
  }

  /**
   * Whoever may see the voicemail's contact (the contact rules), and whoever calls the caller
   * back: a callback for that contact in one of their offices (callbacks are the office's).
   */
  private async mayHear(actor: Actor, row: Voicemail): Promise<boolean> {
    if (!row.contactId || !actor.officeIds.includes(row.officeId)) return false;
    const contacts = contactScope(actor, 'k');
    const seesContact = await this.dataSource.getRepository(Contact).createQueryBuilder('k')
      .where('k.id = :contactId', { contactId: row.contactId }).andWhere(contacts.sql, contacts.params).getExists();
    if (seesContact) return true;
    if (!actor.permissions.includes('callbacks.read')) return false;
    const [callback] = (await this.dataSource.query(`SELECT 1 FROM callbacks b WHERE b.contact_id = $1 AND b.office_id = ANY($2) LIMIT 1`, [row.contactId, actor.officeIds])) as unknown[];
    return !!callback;
  }

  view(row: Voicemail): VoicemailView {
    return { id: row.id, contactId: row.contactId, callId: row.callId, durationSeconds: row.durationSeconds, status: row.status, createdAt: row.createdAt.toISOString() };
  }

  private async enqueue(voicemailId: string, jobId = `voicemail-${voicemailId}`): Promise<void> {
    try {
      await this.queue.add(JobName.VoicemailFetch, { voicemailId }, { jobId, attempts: 6 });
    } catch (error) {
      this.logger.warn({ err: error, voicemailId }, 'could not add the voicemail job');
    }
  }
}
