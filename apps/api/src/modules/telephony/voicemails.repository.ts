import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '#api/core/context/request-context';
import { contactScope } from '../access/record-scope';
import { Contact } from '../contacts/contact.entity';
import { Voicemail } from './voicemail.entity';

/** A finished recording as the provider reported it. */
export interface FinishedRecording {
  callSid: string;
  recordingSid: string;
  recordingUrl: string;
  durationSeconds: number | null;
}

/** Voicemails, and what deciding who may hear one reads of contacts and callbacks. */
export abstract class VoicemailsRepository {
  abstract transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T>;
  /** Writes a pending voicemail for the call's office and contact; its id, or null when the recording is already noted or the call is unknown. */
  abstract insertPending(recording: FinishedRecording): Promise<string | null>;
  /** The voicemail without its audio, or null. */
  abstract findById(id: string): Promise<Voicemail | null>;
  /** The voicemail with its encrypted audio, or null. */
  abstract findWithAudio(id: string): Promise<Voicemail | null>;
  /** The voicemail a contact came with (without its audio), or null. */
  abstract findForContact(contactId: string): Promise<Voicemail | null>;
  /** Stores the sealed audio of a pending voicemail and forgets the provider's URL; false when it was no longer pending. */
  abstract markStored(m: EntityManager, id: string, contentType: string, audioEncrypted: string): Promise<boolean>;
  /** Marks failed the voicemails pending for more than a day; how many. */
  abstract failPendingOverADay(): Promise<number>;
  /** Ids of up to 200 voicemails pending for more than a minute, oldest first. */
  abstract pendingOverAMinute(): Promise<string[]>;
  /** Whether the actor may see the contact (the contact rules). */
  abstract isContactVisible(actor: Actor, contactId: string): Promise<boolean>;
  /** Whether one of the offices has a callback for the contact. */
  abstract hasCallbackInOffices(contactId: string, officeIds: string[]): Promise<boolean>;
}

@Injectable()
export class SqlVoicemailsRepository extends VoicemailsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async insertPending(recording: FinishedRecording): Promise<string | null> {
    const rows: { id: string }[] = await this.dataSource.query(
      `INSERT INTO voicemails (office_id, call_id, contact_id, recording_sid, recording_url, duration_seconds, status)
       SELECT c.office_id, c.id, c.contact_id, $2, $3, $4, 'pending' FROM telephony_calls c WHERE c.call_sid = $1
       ON CONFLICT DO NOTHING RETURNING id`,
      [recording.callSid, recording.recordingSid, recording.recordingUrl, recording.durationSeconds],
    );
    return rows[0]?.id ?? null;
  }

  async findById(id: string): Promise<Voicemail | null> {
    return this.dataSource.getRepository(Voicemail).findOneBy({ id });
  }

  async findWithAudio(id: string): Promise<Voicemail | null> {
    return this.dataSource.getRepository(Voicemail).createQueryBuilder('v').addSelect('v.audioEncrypted').where('v.id = :id', { id }).getOne();
  }

  async findForContact(contactId: string): Promise<Voicemail | null> {
    return this.dataSource.getRepository(Voicemail).findOneBy({ contactId });
  }

  async markStored(m: EntityManager, id: string, contentType: string, audioEncrypted: string): Promise<boolean> {
    const updated = await m.query(
      `UPDATE voicemails SET status = 'stored', content_type = $2, audio_encrypted = $3, fetched_at = mayak_now(), recording_url = NULL WHERE id = $1 AND status = 'pending' RETURNING id`,
      [id, contentType, audioEncrypted],
    );
    return (Array.isArray(updated[0]) ? updated[0] : updated).length > 0;
  }

  async failPendingOverADay(): Promise<number> {
    const givenUp = await this.dataSource.query(
      `UPDATE voicemails SET status = 'failed' WHERE status = 'pending' AND created_at < mayak_now() - interval '1 day' RETURNING id`,
    );
    return (Array.isArray(givenUp[0]) ? givenUp[0] : givenUp).length;
  }

  async pendingOverAMinute(): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `SELECT id FROM voicemails WHERE status = 'pending' AND created_at < mayak_now() - interval '1 minute' ORDER BY created_at LIMIT 200`,
    )) as { id: string }[];
    return rows.map((r) => r.id);
  }

  async isContactVisible(actor: Actor, contactId: string): Promise<boolean> {
    const contacts = contactScope(actor, 'k');
    return this.dataSource
      .getRepository(Contact)
      .createQueryBuilder('k')
      .where('k.id = :contactId', { contactId })
      .andWhere(contacts.sql, contacts.params)
      .getExists();
  }

  async hasCallbackInOffices(contactId: string, officeIds: string[]): Promise<boolean> {
    const [callback] = (await this.dataSource.query(`SELECT 1 FROM callbacks b WHERE b.contact_id = $1 AND b.office_id = ANY($2) LIMIT 1`, [
      contactId,
      officeIds,
    ])) as unknown[];
    return !!callback;
  }
}
