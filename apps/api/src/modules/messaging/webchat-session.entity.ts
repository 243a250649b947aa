import type { MenuLanguage } from '@mayak/domain';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Office } from '../offices/office.entity';
import { Conversation } from './conversation.entity';

/** A web chat visitor's session: its token lives in the widget's memory only, its hash here. */
@Entity('webchat_sessions')
@Index('uq_webchat_sessions_token_hash', ['tokenHash'], { unique: true })
@Index('ix_webchat_sessions_conversation', ['conversationId'])
@Check('ck_webchat_sessions_language', `language IN ('ru', 'kk', 'en', 'uz', 'tg', 'ky')`)
export class WebchatSession {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_webchat_sessions' })
  id!: string;

  @CreateDateColumn({ type: 'timestamptz', default: () => 'mayak_now()' })
  createdAt!: Date;

  @Column({ type: 'text' })
  tokenHash!: string;

  @Column({ type: 'uuid' })
  officeId!: string;

  @ManyToOne(() => Office, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'office_id', foreignKeyConstraintName: 'fk_webchat_sessions_office' })
  office?: Relation<Office>;

  @Column({ type: 'text' })
  language!: MenuLanguage;

  /** Set by the visitor's first message. */
  @Column({ type: 'uuid', nullable: true })
  conversationId!: string | null;

  @ManyToOne(() => Conversation, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'conversation_id', foreignKeyConstraintName: 'fk_webchat_sessions_conversation' })
  conversation?: Relation<Conversation>;

  @Column({ type: 'timestamptz', default: () => 'mayak_now()' })
  lastSeenAt!: Date;

  @Column({ type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  endedAt!: Date | null;
}
