import { Check, Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { BaseEntity } from '#api/core/database/base.entity';
import { Contact } from '../contacts/contact.entity';
import { Office } from '../offices/office.entity';

export type CallDirection = 'inbound' | 'outbound';
/** hotline: a caller rang the line; callback: we rang a client back; consult: an operator rang a colleague during a warm transfer. */
export type CallPurpose = 'hotline' | 'callback' | 'consult';

/**
 * One telephone call as the provider reported it, keyed by its CallSid so that a provider
 * retrying a webhook finds the row it already wrote. The caller's number is encrypted and
 * matched by its keyed hash, like everywhere else.
 */
@Entity('telephony_calls')
@Index('uq_telephony_calls_call_sid', ['callSid'], { unique: true })
@Index('ix_telephony_calls_office_live', ['officeId', 'createdAt'], { where: `state IN ('menu', 'queued', 'connecting', 'in_progress', 'on_hold')` })
@Index('ix_telephony_calls_contact', ['contactId'])
@Index('ix_telephony_calls_office_created', { synchronize: false }) // INCLUDE columns: see migration 1795600000000
@Index('ix_telephony_calls_operator_live', ['operatorId'], { where: `state IN ('connecting', 'in_progress', 'on_hold')` })
@Check('ck_telephony_calls_state', `state IN ('menu', 'queued', 'connecting', 'in_progress', 'on_hold', 'completed', 'missed', 'abandoned')`)
@Check('ck_telephony_calls_queue_priority', `queue_priority IN ('urgent', 'callback_promised', 'normal')`)
export class TelephonyCall extends BaseEntity {
  @Column({ type: 'text' })
  callSid!: string;

  @Column({ type: 'text' })
  direction!: CallDirection;

  @Column({ type: 'text' })
  purpose!: CallPurpose;

  @Column({ type: 'uuid' })
  officeId!: string;

  @ManyToOne(() => Office, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'office_id', foreignKeyConstraintName: 'fk_telephony_calls_office' })
  office?: Relation<Office>;

  @Column({ type: 'uuid', nullable: true })
  contactId!: string | null;

  @ManyToOne(() => Contact, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'contact_id', foreignKeyConstraintName: 'fk_telephony_calls_contact' })
  contact?: Relation<Contact>;

  @Column({ type: 'uuid', nullable: true })
  callbackId!: string | null;

  /** The other party: the caller on inbound calls, the client on callbacks. */
  @Column({ type: 'text', nullable: true })
  partyEncrypted!: string | null;

  @Column({ type: 'text', nullable: true })
  partyHash!: string | null;

  /** The hotline's own number the call came in on or went out from (not personal data). */
  @Column({ type: 'text' })
  lineNumber!: string;

  @Column({ type: 'text', nullable: true })
  language!: string | null;

  @Column({ type: 'text' })
  state!: string;

  @Column({ type: 'text', nullable: true })
  outcome!: string | null;

  /** The operator who has the call now (after answering or receiving a transfer). */
  @Column({ type: 'uuid', nullable: true })
  operatorId!: string | null;

  /** A warm transfer waiting for its target to take the call. */
  @Column({ type: 'uuid', nullable: true })
  transferToId!: string | null;

  @Column({ type: 'text', nullable: true })
  transferMode!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  queuedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  answeredAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  endedAt!: Date | null;

  @Column({ type: 'integer', nullable: true })
  durationSeconds!: number | null;

  /** Who is answered first (see QUEUE_PRIORITIES), set when the call joins the queue. */
  @Column({ type: 'text', default: 'normal' })
  queuePriority!: string;

  /** The caller pressed the key to leave a voicemail while waiting, and left the queue to record it. */
  @Column({ type: 'boolean', default: false })
  voicemailRequested!: boolean;

  /** The caller pressed the key for a callback while waiting, and left the queue. */
  @Column({ type: 'boolean', default: false })
  callbackRequested!: boolean;

  /** The provider's final status word (completed, busy, no-answer, ...), as reported. */
  @Column({ type: 'text', nullable: true })
  providerStatus!: string | null;
}
