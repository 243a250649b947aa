import type { NotificationDelivery, NotificationKind } from '@mayak/domain';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { OutboundMail } from '#api/core/mail/mail.entity';
import { User } from '../users/user.entity';

const KINDS = `'referral_received', 'referral_reminder', 'referral_withdrawn', 'case_assigned', 'task_assigned', 'task_due_soon', 'task_overdue', 'referral_overdue', 'critical_alert_unread'`;

/**
 * One event told to one person, recorded once (the idempotency key is the event's and the
 * recipient's), with how it reaches them: its own mail, a line of the day's digest, or nothing.
 * `data` holds references, codes and dates only, never a survivor's name, number or story.
 */
@Entity('notifications')
@Index('uq_notifications_idempotency_key', ['idempotencyKey'], { unique: true })
@Index('ix_notifications_digest', ['recipientId', 'createdAt'], { where: `delivery = 'digest' AND mail_id IS NULL` })
@Index('ix_notifications_entity', ['entityId', 'kind'])
@Index('ix_notifications_mail', ['mailId'])
@Check('ck_notifications_kind', `kind IN (${KINDS})`)
@Check('ck_notifications_delivery', `delivery IN ('immediate', 'digest', 'never')`)
export class Notification {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_notifications' })
  id!: string;

  @CreateDateColumn({ type: 'timestamptz', default: () => 'mayak_now()' })
  createdAt!: Date;

  @Column({ type: 'text' })
  idempotencyKey!: string;

  @Column({ type: 'uuid' })
  recipientId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'recipient_id', foreignKeyConstraintName: 'fk_notifications_recipient' })
  recipient?: Relation<User>;

  @Column({ type: 'text' })
  kind!: NotificationKind;

  @Column({ type: 'text' })
  delivery!: NotificationDelivery;

  @Column({ type: 'text' })
  entityType!: string;

  @Column({ type: 'uuid' })
  entityId!: string;

  @Column({ type: 'jsonb', default: {} })
  data!: Record<string, unknown>;

  /** The mail that carried it (its own, or the digest); null while it waits for a digest, or never sent. */
  @Column({ type: 'uuid', nullable: true })
  mailId!: string | null;

  @ManyToOne(() => OutboundMail, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'mail_id', foreignKeyConstraintName: 'fk_notifications_mail' })
  mail?: Relation<OutboundMail>;
}
