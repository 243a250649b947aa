import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { matchesWords, WORDS_QUERY } from '#api/core/database/full-text';
import { Organisation } from '../directory/organisation.entity';
import { KnowledgeArticle } from './article.entity';
import type { ArticleRefDto, SearchArticlesQuery } from './dto/article.dto';

/** An article as first written; the database gives id, version, timestamps and the search vector. */
export type NewArticle = Pick<KnowledgeArticle, 'locale' | 'title' | 'body' | 'tags' | 'organisationIds' | 'published' | 'createdById' | 'updatedById'>;

export interface ArticleSearchFilter extends Pick<SearchArticlesQuery, 'q' | 'locale' | 'tag'> {
  publishedOnly: boolean;
}

/** The knowledge base's articles and the contacts they helped on (its files have KnowledgeFilesRepository). */
export abstract class KnowledgeRepository {
  abstract transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T>;
  /** One page, the best match first when there are words, then the latest changed; and the total. */
  abstract search(filter: ArticleSearchFilter, limit: number, offset: number): Promise<{ items: KnowledgeArticle[]; total: number }>;
  abstract findById(id: string): Promise<KnowledgeArticle | null>;
  /** The article locked for a change, or null. */
  abstract findForUpdate(m: EntityManager, id: string): Promise<KnowledgeArticle | null>;
  abstract insert(m: EntityManager, article: NewArticle): Promise<KnowledgeArticle>;
  abstract save(m: EntityManager, article: KnowledgeArticle): Promise<KnowledgeArticle>;
  /** How many of these directory organisations exist. */
  abstract countOrganisations(ids: string[]): Promise<number>;
  /** Records that the article helped on the contact; false when that was already recorded. */
  abstract markUsed(m: EntityManager, contactId: string, articleId: string): Promise<boolean>;
  /** The first 100 articles that helped on the contact, in the order they were marked. */
  abstract usedOn(contactId: string): Promise<ArticleRefDto[]>;
}

@Injectable()
export class SqlKnowledgeRepository extends KnowledgeRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async search(filter: ArticleSearchFilter, limit: number, offset: number): Promise<{ items: KnowledgeArticle[]; total: number }> {
    const qb = this.dataSource.getRepository(KnowledgeArticle).createQueryBuilder('a');
    if (filter.publishedOnly) qb.andWhere('a.published');
    if (filter.locale) qb.andWhere('a.locale = :locale', { locale: filter.locale });
    if (filter.tag) qb.andWhere('a.tags @> ARRAY[CAST(:tag AS text)]', { tag: filter.tag });
    if (filter.q) {
      qb.andWhere(matchesWords('a.search_tsv'), { text: filter.q }).orderBy(`ts_rank(a.search_tsv, ${WORDS_QUERY})`, 'DESC');
    }
    qb.addOrderBy('a.updated_at', 'DESC').addOrderBy('a.id', 'DESC');
    const [items, total] = await qb.take(limit).skip(offset).getManyAndCount();
    return { items, total };
  }

  async findById(id: string): Promise<KnowledgeArticle | null> {
    return this.dataSource.getRepository(KnowledgeArticle).findOneBy({ id });
  }

  async findForUpdate(m: EntityManager, id: string): Promise<KnowledgeArticle | null> {
    return m.getRepository(KnowledgeArticle).createQueryBuilder('a').setLock('pessimistic_write').where('a.id = :id', { id }).getOne();
  }

  async insert(m: EntityManager, article: NewArticle): Promise<KnowledgeArticle> {
    const repo = m.getRepository(KnowledgeArticle);
    return repo.save(repo.create(article));
  }

  async save(m: EntityManager, article: KnowledgeArticle): Promise<KnowledgeArticle> {
    return m.getRepository(KnowledgeArticle).save(article);
  }

  async countOrganisations(ids: string[]): Promise<number> {
    return this.dataSource.getRepository(Organisation).countBy({ id: In(ids) });
  }

  async markUsed(m: EntityManager, contactId: string, articleId: string): Promise<boolean> {
    const inserted: unknown[] = await m.query(
      `INSERT INTO contact_articles (contact_id, article_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING article_id`,
      [contactId, articleId],
    );
    return inserted.length > 0;
  }

  async usedOn(contactId: string): Promise<ArticleRefDto[]> {
    return this.dataSource.query(
      `SELECT a.id, a.title, a.locale FROM contact_articles ca JOIN knowledge_articles a ON a.id = ca.article_id WHERE ca.contact_id = $1 ORDER BY ca.created_at LIMIT 100`,
      [contactId],
    );
  }
}
