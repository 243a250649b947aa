import type { MessageContentKind } from '@mayak/domain';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { KnowledgeFile } from '../knowledge/knowledge-file.entity';
import { Conversation } from './conversation.entity';

/**
 * A message in a conversation. Bodies and details (a location, media types, a shared contact)
 * are encrypted: people write addresses and names in them. The provider's id makes retries harmless.
 */
@Entity('conversation_messages')
@Index('uq_conversation_messages_provider_id', ['providerMessageId'], { unique: true })
@Index('ix_conversation_messages_conversation', ['conversationId', 'createdAt', 'id'])
@Index('ix_conversation_messages_contact', ['contactId'])
@Index('ix_conversation_messages_knowledge_file', ['knowledgeFileId'], { where: 'knowledge_file_id IS NOT NULL' })
@Check('ck_conversation_messages_direction', `direction IN ('inbound', 'outbound')`)
@Check(
  'ck_conversation_messages_content_kind',
  `content_kind IN ('text', 'image', 'document', 'audio', 'video', 'sticker', 'location', 'contact', 'unsupported')`,
)
export class ConversationMessage {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @CreateDateColumn({ type: 'timestamptz', default: () => 'mayak_now()' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', default: () => 'mayak_now()' })
  updatedAt!: Date;

  @Column({ type: 'uuid' })
  conversationId!: string;

  @ManyToOne(() => Conversation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'conversation_id', foreignKeyConstraintName: 'fk_conversation_messages_conversation' })
  conversation?: Relation<Conversation>;

  @Column({ type: 'uuid', nullable: true })
  contactId!: string | null;

  @Column({ type: 'text' })
  direction!: 'inbound' | 'outbound';

  @Column({ type: 'text' })
  bodyEncrypted!: string;

  @Column({ type: 'text', default: 'text' })
  contentKind!: MessageContentKind;

  /** JSON of what is not text (MessageDetails), encrypted; null for plain text. */
  @Column({ type: 'text', nullable: true })
  detailsEncrypted!: string | null;

  @Column({ type: 'text', nullable: true })
  providerMessageId!: string | null;

  /** received, queued, sent, delivered, read, undelivered, failed (the provider's words). */
  @Column({ type: 'text' })
  status!: string;

  @Column({ type: 'uuid', nullable: true })
  sentById!: string | null;

  @Column({ type: 'text', nullable: true })
  errorCode!: string | null;

  /** The knowledge-base file an operator sent with this message. */
  @Column({ type: 'uuid', nullable: true })
  knowledgeFileId!: string | null;

  @ManyToOne(() => KnowledgeFile, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'knowledge_file_id', foreignKeyConstraintName: 'fk_conversation_messages_knowledge_file' })
  knowledgeFile?: Relation<KnowledgeFile>;
}
