import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Contact } from '../contacts/contact.entity';
import { Office } from '../offices/office.entity';
import { TelephonyCall } from './call.entity';

export type VoicemailStatus = 'pending' | 'stored' | 'failed' | 'erased';

/**
 * A message a caller recorded. The audio is fetched from the provider by the worker and kept
 * here encrypted (base64 of the file, sealed like every field); the provider's copy is deleted.
 */
@Entity('voicemails')
@Index('uq_voicemails_recording_sid', ['recordingSid'], { unique: true })
@Index('uq_voicemails_call', ['callId'], { unique: true })
@Index('ix_voicemails_contact', ['contactId'])
@Check('ck_voicemails_status', `status IN ('pending', 'stored', 'failed', 'erased')`)
export class Voicemail {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_voicemails' })
  id!: string;

  @CreateDateColumn({ type: 'timestamptz', default: () => 'mayak_now()' })
  createdAt!: Date;

  @Column({ type: 'uuid' })
  officeId!: string;

  @ManyToOne(() => Office, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'office_id', foreignKeyConstraintName: 'fk_voicemails_office' })
  office?: Relation<Office>;

  @Column({ type: 'uuid' })
  callId!: string;

  @ManyToOne(() => TelephonyCall, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'call_id', foreignKeyConstraintName: 'fk_voicemails_call' })
  call?: Relation<TelephonyCall>;

  @Column({ type: 'uuid', nullable: true })
  contactId!: string | null;

  @ManyToOne(() => Contact, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'contact_id', foreignKeyConstraintName: 'fk_voicemails_contact' })
  contact?: Relation<Contact>;

  @Column({ type: 'text' })
  recordingSid!: string;

  /** Where the provider keeps it until the worker has fetched it (then null). */
  @Column({ type: 'text', nullable: true })
  recordingUrl!: string | null;

  @Column({ type: 'integer', nullable: true })
  durationSeconds!: number | null;

  @Column({ type: 'text', default: 'pending' })
  status!: VoicemailStatus;

  @Column({ type: 'text', nullable: true })
  contentType!: string | null;

  @Column({ type: 'text', nullable: true, select: false })
  audioEncrypted!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  fetchedAt!: Date | null;
}
