import { Injectable } from '@nestjs/common';
import { clampPageSize, type Page } from '@mayak/domain';
import { AuditAction } from '#api/core/audit/audit-actions';
import { AuditService } from '#api/core/audit/audit.service';
import type { Actor } from '#api/core/context/request-context';
import { fieldInvalid, notFound, staleVersion } from '#api/core/errors/domain-error';
import { ContactsService } from '../contacts/contacts.service';
import type { KnowledgeArticle } from './article.entity';
import type { ArticleRefDto, CreateArticleDto, SearchArticlesQuery, UpdateArticleDto } from './dto/article.dto';
import { KnowledgeRepository } from './knowledge.repository';

/** Short answers operators give on the line, and which of them a contact used. */
@Injectable()
export class KnowledgeService {
  constructor(
    private readonly articles: KnowledgeRepository,
    private readonly contacts: ContactsService,
    private readonly audit: AuditService,
  ) {}

  async search(actor: Actor, query: SearchArticlesQuery): Promise<Page<KnowledgeArticle>> {
    const limit = clampPageSize(query.limit);
    const offset = query.offset ?? 0;
    const publishedOnly = !(query.includeDrafts && actor.permissions.includes('knowledge.manage'));
    const { items, total } = await this.articles.search({ publishedOnly, locale: query.locale, tag: query.tag?.toLowerCase(), q: query.q }, limit, offset);
    return { items, total, limit, offset };
  }

  async get(id: string): Promise<KnowledgeArticle> {
    const found = await this.articles.findById(id);
    if (!found) throw notFound('Article');
    return found;
  }

  async create(actor: Actor, input: CreateArticleDto): Promise<KnowledgeArticle> {
    await this.assertOrganisations(input.organisationIds ?? []);
    return this.articles.transaction(async (m) => {
      const saved = await this.articles.insert(m, {
        locale: input.locale,
        title: input.title,
        body: input.body,
        tags: (input.tags ?? []).map((t) => t.toLowerCase()),
        organisationIds: input.organisationIds ?? [],
        published: input.published ?? true,
        createdById: actor.userId,
        updatedById: actor.userId,
      });
      await this.audit.record({ action: AuditAction.ArticleCreated, entityType: 'article', entityId: saved.id, summary: { locale: saved.locale } }, m);
      return saved;
    });
  }

  async update(actor: Actor, id: string, input: UpdateArticleDto): Promise<KnowledgeArticle> {
    if (input.organisationIds) await this.assertOrganisations(input.organisationIds);
    return this.articles.transaction(async (m) => {
      const found = await this.articles.findForUpdate(m, id);
      if (!found) throw notFound('Article');
      if (found.version !== input.version) throw staleVersion('This article');
      if (input.title !== undefined) found.title = input.title;
      if (input.body !== undefined) found.body = input.body;
      if (input.tags !== undefined) found.tags = input.tags.map((t) => t.toLowerCase());
      if (input.organisationIds !== undefined) found.organisationIds = input.organisationIds;
      if (input.published !== undefined) found.published = input.published;
      found.updatedById = actor.userId;
      const saved = await this.articles.save(m, found);
      await this.audit.record({ action: AuditAction.ArticleUpdated, entityType: 'article', entityId: id }, m);
      return saved;
    });
  }

  private async assertOrganisations(ids: string[]): Promise<void> {
    if (!ids.length) return;
    const found = await this.articles.countOrganisations(ids);
    if (found !== ids.length) throw fieldInvalid('organisationIds', 'unknown_organisation', 'Some organisations are not in the directory');
  }

  /** Records that an article helped on this contact (idempotent); the contact must be one the user may edit. */
  async markUsed(actor: Actor, contactId: string, articleId: string): Promise<ArticleRefDto[]> {
    await this.contacts.require(actor, contactId);
    const article = await this.get(articleId);
    await this.articles.transaction(async (m) => {
      const firstTime = await this.articles.markUsed(m, contactId, article.id);
      if (firstTime) await this.audit.record({ action: AuditAction.ArticleUsed, entityType: 'contact', entityId: contactId, summary: { articleId } }, m);
    });
    return this.usedOn(actor, contactId);
  }

  async usedOn(actor: Actor, contactId: string): Promise<ArticleRefDto[]> {
    await this.contacts.require(actor, contactId);
    return this.articles.usedOn(contactId);
  }
}
