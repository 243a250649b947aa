import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { User } from '../users/user.entity';

export type AlertKind =
  | 'critical_contact'
  | 'message_unroutable'
  | 'message_unprocessed'
  | 'closure_approval_requested'
  | 'referral_overdue'
  | 'referral_escalated'
  | 'referral_answered'
  | 'case_stale'
  | 'task_overdue'
  | 'callback_due'
  | 'callback_failed'
  | 'conversation_assigned';

/**
 * Something a person must look at. One row per recipient; `dedupeKey` makes raising the
 * same alert twice harmless (watchers may run more than once).
 */
@Entity('alerts')
@Index('ix_alerts_recipient_created', ['recipientId', 'createdAt', 'id'])
@Index('uq_alerts_dedupe', ['recipientId', 'dedupeKey'], { unique: true })
// The notification watch's partial index on (created_at) for the kinds it mails about (migration 1797600000000).
@Index('ix_alerts_mail_watch', { synchronize: false })
export class Alert {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  recipientId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'recipient_id', foreignKeyConstraintName: 'fk_alerts_recipient' })
  recipient?: Relation<User>;

  @Column({ type: 'uuid', nullable: true })
  officeId!: string | null;

  @Column({ type: 'text' })
  kind!: AlertKind;

  @Column({ type: 'text' })
  dedupeKey!: string;

  @Column({ type: 'text', nullable: true })
  entityType!: string | null;

  @Column({ type: 'uuid', nullable: true })
  entityId!: string | null;

  /** Codes and references only; never identifiers. */
  @Column({ type: 'jsonb', default: {} })
  data!: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz', default: () => 'mayak_now()' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  readAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;
}
