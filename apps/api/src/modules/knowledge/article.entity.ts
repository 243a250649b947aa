import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '#api/core/database/base.entity';

/** A short article for operators (Markdown), in one of the console's languages. */
@Entity('knowledge_articles')
@Index('ix_knowledge_articles_locale_updated', ['locale', 'updatedAt'])
@Index('ix_knowledge_articles_tags', { synchronize: false })
@Index('ix_knowledge_articles_search_tsv', { synchronize: false })
export class KnowledgeArticle extends BaseEntity {
  @Column({ type: 'text' })
  locale!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  body!: string;

  @Column({ type: 'text', array: true, default: '{}' })
  tags!: string[];

  /** Directory organisations the article points to. */
  @Column({ type: 'uuid', array: true, default: '{}' })
  organisationIds!: string[];

  @Column({ type: 'boolean', default: true })
  published!: boolean;

  @Column({ type: 'uuid' })
  createdById!: string;

  @Column({ type: 'uuid' })
  updatedById!: string;

  @Column({ type: 'tsvector', nullable: true, select: false, insert: false, update: false })
  searchTsv!: string | null;
}
