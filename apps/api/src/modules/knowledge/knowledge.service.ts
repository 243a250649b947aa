import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { clampPageSize, type Page } from '@mayak/domain';
import { DataSource, In } from 'typeorm';
import { AuditAction } from '../../core/audit/audit-actions';
import { AuditService } from '../../core/audit/audit.service';
import type { Actor } from '../../core/context/request-context';
import { fieldInvalid, notFound, staleVersion } from '../../core/errors/domain-error';
import { matchesWords, WORDS_QUERY } from '../../core/database/full-text';
import { ContactsService } from '../contacts/contacts.service';
import { Organisation } from '../directory/organisation.entity';
import { KnowledgeArticle } from './article.entity';
import type { ArticleRefDto, CreateArticleDto, SearchArticlesQuery, UpdateArticleDto } from './dto/article.dto';

/** Short answers operators give on the line, and which of them a contact used. */
@Injectable()
export class KnowledgeService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource, private readonly contacts: ContactsService, private readonly audit: AuditService) {}

  async search(actor: Actor, query: SearchArticlesQuery): Promise<Page<KnowledgeArticle>> {
    const limit = clampPageSize(query.limit);
    const offset = query.offset ?? 0;
    const qb = this.dataSource.getRepository(KnowledgeArticle).createQueryBuilder('a');
    if (!(query.includeDrafts && actor.permissions.includes('knowledge.manage'))) qb.andWhere('a.published');
    if (query.locale) qb.andWhere('a.locale = :locale', { locale: query.locale });
    if (query.tag) qb.andWhere('a.tags @> ARRAY[CAST(:tag AS text)]', { tag: query.tag.toLowerCase() });
    if (query.q) {
      qb.andWhere(matchesWords('a.search_tsv'), { text: query.q })
        .orderBy(`ts_rank(a.search_tsv, ${WORDS_QUERY})`, 'DESC');
    }
    qb.addOrderBy('a.updated_at', 'DESC').addOrderBy('a.id', 'DESC');
    const [items, total] = await qb.take(limit).skip(offset).getManyAndCount();
    return { items, total, limit, offset };
  }

  async get(id: string): Promise<KnowledgeArticle> {
    const found = await this.dataSource.getRepository(KnowledgeArticle).findOneBy({ id });
    if (!found) throw notFound('Article');
    return found;
  }

  async create(actor: Actor, input: CreateArticleDto): Promise<KnowledgeArticle> {
    await this.assertOrganisations(input.organisationIds ?? []);
    return this.dataSource.transaction(async (m) => {
      const repo = m.getRepository(KnowledgeArticle);
      const saved = await repo.save(repo.create({
        locale: input.locale, title: input.title, body: input.body, tags: (input.tags ?? []).map((t) => t.toLowerCase()), organisationIds: input.organisationIds ?? [],
        published: input.published ?? true, createdById: actor.userId, updatedById: actor.userId,
      }));
      await this.audit.record({ action: AuditAction.ArticleCreated, entityType: 'article', entityId: saved.id, summary: { locale: saved.locale } }, m);
      return saved;
    });
  }

  async update(actor: Actor, id: string, input: UpdateArticleDto): Promise<KnowledgeArticle> {
    if (input.organisationIds) await this.assertOrganisations(input.organisationIds);
    return this.dataSource.transaction(async (m) => {
      const repo = m.getRepository(KnowledgeArticle);
      const found = await repo.createQueryBuilder('a').setLock('pessimistic_write').where('a.id = :id', { id }).getOne();
      if (!found) throw notFound('Article');
      if (found.version !== input.version) throw staleVersion('This article');
      if (input.title !== undefined) found.title = input.title;
      if (input.body !== undefined) found.body = input.body;
      if (input.tags !== undefined) found.tags = input.tags.map((t) => t.toLowerCase());
      if (input.organisationIds !== undefined) found.organisationIds = input.organisationIds;
      if (input.published !== undefined) found.published = input.published;
      found.updatedById = actor.userId;
      const saved = await repo.save(found);
      await this.audit.record({ action: AuditAction.ArticleUpdated, entityType: 'article', entityId: id }, m);
      return saved;
    });
  }

  private async assertOrganisations(ids: string[]): Promise<void> {
    if (!ids.length) return;
    const found = await this.dataSource.getRepository(Organisation).countBy({ id: In(ids) });
    if (found !== ids.length) throw fieldInvalid('organisationIds', 'unknown_organisation', 'Some organisations are not in the directory');
  }

  /** Records that an article helped on this contact (idempotent); the contact must be one the user may edit. */
  async markUsed(actor: Actor, contactId: string, articleId: string): Promise<ArticleRefDto[]> {
    await this.contacts.require(actor, contactId);
    const article = await this.get(articleId);
    await this.dataSource.transaction(async (m) => {
      const inserted: unknown[] = await m.query(`INSERT INTO contact_articles (contact_id, article_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING article_id`, [contactId, article.id]);
      if (inserted.length) await this.audit.record({ action: AuditAction.ArticleUsed, entityType: 'contact', entityId: contactId, summary: { articleId } }, m);
    });
    return this.usedOn(actor, contactId);
  }

  async usedOn(actor: Actor, contactId: string): Promise<ArticleRefDto[]> {
    await this.contacts.require(actor, contactId);
    return this.dataSource.query(
      `SELECT a.id, a.title, a.locale FROM contact_articles ca JOIN knowledge_articles a ON a.id = ca.article_id WHERE ca.contact_id = $1 ORDER BY ca.created_at LIMIT 100`,
      [contactId],
    );
  }
}
