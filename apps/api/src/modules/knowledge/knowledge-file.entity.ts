import type { KnowledgeFileType } from '@mayak/domain';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { KnowledgeArticle } from './article.entity';

/**
 * A file of an article that operators send to people (a leaflet, a map): kept sealed in the file
 * store like every file. Removing one only stops it being offered; messages that carried it
 * still name it.
 */
@Entity('knowledge_files')
@Index('ix_knowledge_files_article', ['articleId', 'createdAt'])
@Index('ix_knowledge_files_offered', ['createdAt', 'id'], { where: 'removed_at IS NULL' })
@Index('uq_knowledge_files_share_token', ['shareToken'], { unique: true })
@Check('ck_knowledge_files_content_type', `content_type IN ('application/pdf', 'image/jpeg', 'image/png')`)
export class KnowledgeFile {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_knowledge_files' })
  id!: string;

  @CreateDateColumn({ type: 'timestamptz', default: () => 'mayak_now()' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', default: () => 'mayak_now()' })
  updatedAt!: Date;

  @Column({ type: 'uuid' })
  articleId!: string;

  @ManyToOne(() => KnowledgeArticle, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'article_id', foreignKeyConstraintName: 'fk_knowledge_files_article' })
  article?: Relation<KnowledgeArticle>;

  /** What people see it called (cleaned by libs/domain). */
  @Column({ type: 'text' })
  fileName!: string;

  @Column({ type: 'text' })
  contentType!: KnowledgeFileType;

  @Column({ type: 'integer' })
  sizeBytes!: number;

  @Column({ type: 'text' })
  storageKey!: string;

  /**
   * A random capability in the link the channels fetch the file from (Twilio's MediaUrl, the web
   * chat): the file is meant for the public, but the link cannot be guessed from its id.
   */
  @Column({ type: 'text' })
  shareToken!: string;

  @Column({ type: 'uuid' })
  createdById!: string;

  @Column({ type: 'timestamptz', nullable: true })
  removedAt!: Date | null;
}
