import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { Office } from '../offices/office.entity';
import { ConversationMessage } from './conversation-message.entity';

export type AttachmentStatus = 'pending' | 'stored' | 'rejected' | 'failed' | 'erased';

/** A file that came with a message: fetched by the worker, checked, and kept sealed in the file store. */
@Entity('message_attachments')
@Index('uq_message_attachments_message_position', ['messageId', 'position'], { unique: true })
@Index('ix_message_attachments_pending', ['createdAt'], { where: `status = 'pending'` })
@Index('ix_message_attachments_erased', ['updatedAt'], { where: `status = 'erased' AND storage_key IS NOT NULL` })
@Check('ck_message_attachments_status', `status IN ('pending', 'stored', 'rejected', 'failed', 'erased')`)
export class MessageAttachment {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_message_attachments' })
  id!: string;

  @CreateDateColumn({ type: 'timestamptz', default: () => 'mayak_now()' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', default: () => 'mayak_now()' })
  updatedAt!: Date;

  @Column({ type: 'uuid' })
  messageId!: string;

  @ManyToOne(() => ConversationMessage, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'message_id', foreignKeyConstraintName: 'fk_message_attachments_message' })
  message?: Relation<ConversationMessage>;

  @Column({ type: 'uuid' })
  officeId!: string;

  @ManyToOne(() => Office, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'office_id', foreignKeyConstraintName: 'fk_message_attachments_office' })
  office?: Relation<Office>;

  /** Its place among the message's files. */
  @Column({ type: 'integer', default: 0 })
  position!: number;

  @Column({ type: 'text', default: 'pending' })
  status!: AttachmentStatus;

  /** What the channel said it is; what it is (`contentType`) is read from its bytes. */
  @Column({ type: 'text' })
  declaredType!: string;

  @Column({ type: 'text', nullable: true })
  contentType!: string | null;

  @Column({ type: 'integer', nullable: true })
  sizeBytes!: number | null;

  /** Where the channel serves it (a Twilio media URL, a Telegram file id), encrypted; cleared once fetched. */
  @Column({ type: 'text', nullable: true })
  sourceEncrypted!: string | null;

  @Column({ type: 'text', nullable: true })
  storageKey!: string | null;

  @Column({ type: 'text', nullable: true })
  rejectReason!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  fetchedAt!: Date | null;
}
