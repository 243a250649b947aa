import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { SmsThread } from './sms-thread.entity';

/** A text in a thread. Bodies are encrypted (people write addresses and names in them); MessageSid makes provider retries harmless. */
@Entity('sms_messages')
@Index('uq_sms_messages_message_sid', ['messageSid'], { unique: true })
@Index('ix_sms_messages_thread', ['threadId', 'createdAt', 'id'])
@Check('ck_sms_messages_direction', `direction IN ('inbound', 'outbound')`)
export class SmsMessage {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @CreateDateColumn({ type: 'timestamptz', default: () => 'mayak_now()' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', default: () => 'mayak_now()' })
  updatedAt!: Date;

  @Column({ type: 'uuid' })
  threadId!: string;

  @ManyToOne(() => SmsThread, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'thread_id', foreignKeyConstraintName: 'fk_sms_messages_thread' })
  thread?: Relation<SmsThread>;

  @Column({ type: 'uuid', nullable: true })
  contactId!: string | null;

  @Column({ type: 'text' })
  direction!: 'inbound' | 'outbound';

  @Column({ type: 'text' })
  bodyEncrypted!: string;

  @Column({ type: 'text', nullable: true })
  messageSid!: string | null;

  /** received, queued, sent, delivered, undelivered, failed (the provider's words). */
  @Column({ type: 'text' })
  status!: string;

  @Column({ type: 'uuid', nullable: true })
  sentById!: string | null;

  @Column({ type: 'text', nullable: true })
  errorCode!: string | null;
}
