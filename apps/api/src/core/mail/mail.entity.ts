import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type MailStatus = 'pending' | 'sending' | 'sent' | 'failed';

/**
 * One mail of the outbox: written in the transaction of what it tells of, sent by the worker.
 * The idempotency key makes writing it twice harmless; the content (subject, text and HTML) is
 * sealed by the field cipher and dropped once the mail has gone. Whoever reads the table sees
 * to whom, what kind and how delivery went, never what it said.
 */
@Entity('mails')
@Index('uq_mails_idempotency_key', ['idempotencyKey'], { unique: true })
@Index('ix_mails_due', ['nextAttemptAt'], { where: `status IN ('pending', 'sending')` })
@Index('ix_mails_failed', ['failedAt'], { where: `status = 'failed'` })
@Index('ix_mails_recipient', ['recipientId'])
@Check('ck_mails_status', `status IN ('pending', 'sending', 'sent', 'failed')`)
export class OutboundMail {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_mails' })
  id!: string;

  @CreateDateColumn({ type: 'timestamptz', default: () => 'mayak_now()' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', default: () => 'mayak_now()' })
  updatedAt!: Date;

  /** What the mail is about, once: `notification:<id>`, `digest:<user>:<day>`, ... */
  @Column({ type: 'text' })
  idempotencyKey!: string;

  /** The template: a notification kind, `digest`, and later invitations and password resets. */
  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'uuid', nullable: true })
  recipientId!: string | null;

  /** The users table belongs to the users module: named, not imported, so that core depends on no context. */
  @ManyToOne('User', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'recipient_id', foreignKeyConstraintName: 'fk_mails_recipient' })
  recipient?: unknown;

  @Column({ type: 'text' })
  toAddress!: string;

  @Column({ type: 'text' })
  locale!: string;

  /** Subject, text and HTML as one sealed JSON value; null once sent. */
  @Column({ type: 'text', nullable: true })
  contentEncrypted!: string | null;

  @Column({ type: 'text', default: 'pending' })
  status!: MailStatus;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ type: 'timestamptz', default: () => 'mayak_now()' })
  nextAttemptAt!: Date;

  /** While a worker sends it: until when the claim holds (a worker that died lets go then). */
  @Column({ type: 'timestamptz', nullable: true })
  claimedUntil!: Date | null;

  /** Why the last try failed (the SMTP server's answer), for administrators. */
  @Column({ type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  failedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  smtpMessageId!: string | null;
}
