import type { EntityManager } from 'typeorm';
import { AuditAction } from '#api/core/audit/audit-actions';
import type { AuditService } from '#api/core/audit/audit.service';
import type { Actor } from '#api/core/context/request-context';
import { notFound } from '#api/core/errors/domain-error';
import { strictFake } from '#api/testing/strict-fake';
import type { Contact } from '../contacts/contact.entity';
import type { ContactsService } from '../contacts/contacts.service';
import type { KnowledgeArticle } from './article.entity';
import { KnowledgeRepository } from './knowledge.repository';
import { KnowledgeService } from './knowledge.service';

const tx = { transaction: 'tx' } as unknown as EntityManager;

const operator: Actor = {
  userId: 'operator-1',
  email: 'operator@mayak.kz',
  roles: ['operator'],
  officeIds: ['office-1'],
  sessionId: 's-1',
  permissions: ['knowledge.read', 'contacts.write'],
};
const editor: Actor = {
  userId: 'editor-1',
  email: 'editor@mayak.kz',
  roles: ['supervisor'],
  officeIds: ['office-1'],
  sessionId: 's-2',
  permissions: ['knowledge.read', 'knowledge.manage'],
};

function anArticle(fields: Partial<KnowledgeArticle> = {}): KnowledgeArticle {
  return {
    id: 'article-1',
    locale: 'ru',
    title: 'Shelters in Almaty',
    body: 'Call first.',
    tags: ['shelter'],
    organisationIds: [],
    published: true,
    createdById: 'editor-1',
    updatedById: 'editor-1',
    version: 3,
    ...fields,
  } as KnowledgeArticle;
}

function setup() {
  const articles = strictFake<KnowledgeRepository>('KnowledgeRepository');
  const contacts = strictFake<ContactsService>('ContactsService');
  const audit = strictFake<AuditService>('AuditService');
  articles.transaction.mockImplementation((work) => work(tx));
  return { service: new KnowledgeService(articles, contacts, audit), articles, contacts, audit };
}

describe('KnowledgeService', () => {
  describe('search', () => {
    it('shows drafts only to those who write articles and ask for them', async () => {
      const { service, articles } = setup();
      articles.search.mockResolvedValue({ items: [], total: 0 });
      await service.search(operator, { includeDrafts: true });
      await service.search(editor, {});
      await service.search(editor, { includeDrafts: true });
      expect(articles.search.mock.calls.map(([filter]) => filter.publishedOnly)).toEqual([true, true, false]);
    });

    it('looks tags up in lower case and clamps the page', async () => {
      const { service, articles } = setup();
      articles.search.mockResolvedValue({ items: [anArticle()], total: 1 });
      await expect(service.search(operator, { tag: 'Shelter', locale: 'kk', q: 'приют', limit: 1000 })).resolves.toMatchObject({
        total: 1,
        limit: 100,
        offset: 0,
      });
      expect(articles.search).toHaveBeenCalledWith({ publishedOnly: true, tag: 'shelter', locale: 'kk', q: 'приют' }, 100, 0);
    });
  });

  it('get is a 404 for an unknown article', async () => {
    const { service, articles } = setup();
    articles.findById.mockResolvedValue(null);
    await expect(service.get('nope')).rejects.toMatchObject({ code: 'not_found' });
  });

  describe('create', () => {
    it('refuses organisations that are not in the directory, writing nothing', async () => {
      const { service, articles } = setup();
      articles.countOrganisations.mockResolvedValue(1);
      await expect(service.create(editor, { locale: 'ru', title: 'T', body: 'B', organisationIds: ['org-1', 'org-2'] })).rejects.toMatchObject({
        code: 'validation_failed',
        extra: { errors: [expect.objectContaining({ field: 'organisationIds', code: 'unknown_organisation' })] },
      });
      expect(articles.countOrganisations).toHaveBeenCalledWith(['org-1', 'org-2']);
    });

    it('writes a published article by the author with lower-case tags, and audits it, without asking about organisations when none are named', async () => {
      const { service, articles, audit } = setup();
      articles.insert.mockImplementation(async (_m, fields) => anArticle({ ...fields, id: 'article-9' }));
      audit.record.mockResolvedValue();

      const saved = await service.create(editor, { locale: 'kk', title: 'Баспана', body: 'Хабарласыңыз', tags: ['Shelter', 'ALMATY'] });

      expect(saved.id).toBe('article-9');
      expect(articles.insert).toHaveBeenCalledWith(tx, {
        locale: 'kk',
        title: 'Баспана',
        body: 'Хабарласыңыз',
        tags: ['shelter', 'almaty'],
        organisationIds: [],
        published: true,
        createdById: 'editor-1',
        updatedById: 'editor-1',
      });
      expect(audit.record).toHaveBeenCalledWith(
        { action: AuditAction.ArticleCreated, entityType: 'article', entityId: 'article-9', summary: { locale: 'kk' } },
        tx,
      );
    });
  });

  describe('update', () => {
    it('refuses a stale version', async () => {
      const { service, articles } = setup();
      articles.findForUpdate.mockResolvedValue(anArticle({ version: 3 }));
      await expect(service.update(editor, 'article-1', { version: 2, title: 'New' })).rejects.toMatchObject({ code: 'conflict' });
      expect(articles.findForUpdate).toHaveBeenCalledWith(tx, 'article-1');
    });

    it('is a 404 for an unknown article', async () => {
      const { service, articles } = setup();
      articles.findForUpdate.mockResolvedValue(null);
      await expect(service.update(editor, 'nope', { version: 1 })).rejects.toMatchObject({ code: 'not_found' });
    });

    it('checks newly named organisations before opening a transaction', async () => {
      const { service, articles } = setup();
      articles.countOrganisations.mockResolvedValue(0);
      await expect(service.update(editor, 'article-1', { version: 3, organisationIds: ['org-9'] })).rejects.toMatchObject({ code: 'validation_failed' });
      expect(articles.transaction).not.toHaveBeenCalled();
    });

    it('changes what was sent, records who changed it and audits the change', async () => {
      const { service, articles, audit } = setup();
      articles.findForUpdate.mockResolvedValue(anArticle());
      articles.save.mockImplementation(async (_m, article) => article);
      audit.record.mockResolvedValue();

      const saved = await service.update(operator, 'article-1', { version: 3, tags: ['Legal'], published: false });

      expect(saved).toMatchObject({ title: 'Shelters in Almaty', tags: ['legal'], published: false, updatedById: 'operator-1', createdById: 'editor-1' });
      expect(articles.save).toHaveBeenCalledWith(tx, saved);
      expect(audit.record).toHaveBeenCalledWith({ action: AuditAction.ArticleUpdated, entityType: 'article', entityId: 'article-1' }, tx);
    });
  });

  describe('articles used on a contact', () => {
    const contact = { id: 'contact-1' } as Contact;
    const refs = [{ id: 'article-1', title: 'Shelters in Almaty', locale: 'ru' }];

    it('refuses a contact the user may not see, before anything else', async () => {
      const { service, contacts } = setup();
      contacts.require.mockRejectedValue(notFound('Contact'));
      await expect(service.markUsed(operator, 'contact-1', 'article-1')).rejects.toMatchObject({ code: 'not_found' });
      await expect(service.usedOn(operator, 'contact-1')).rejects.toMatchObject({ code: 'not_found' });
      expect(contacts.require).toHaveBeenCalledWith(operator, 'contact-1');
    });

    it('is a 404 for an unknown article, recording nothing', async () => {
      const { service, contacts, articles } = setup();
      contacts.require.mockResolvedValue(contact);
      articles.findById.mockResolvedValue(null);
      await expect(service.markUsed(operator, 'contact-1', 'article-9')).rejects.toMatchObject({ code: 'not_found' });
    });

    it('audits the first time an article is marked as used, and answers with the contact’s articles', async () => {
      const { service, contacts, articles, audit } = setup();
      contacts.require.mockResolvedValue(contact);
      articles.findById.mockResolvedValue(anArticle());
      articles.markUsed.mockResolvedValue(true);
      articles.usedOn.mockResolvedValue(refs);
      audit.record.mockResolvedValue();

      await expect(service.markUsed(operator, 'contact-1', 'article-1')).resolves.toEqual(refs);

      expect(articles.markUsed).toHaveBeenCalledWith(tx, 'contact-1', 'article-1');
      expect(audit.record).toHaveBeenCalledWith(
        { action: AuditAction.ArticleUsed, entityType: 'contact', entityId: 'contact-1', summary: { articleId: 'article-1' } },
        tx,
      );
    });

    it('audits nothing when the article was already marked', async () => {
      const { service, contacts, articles } = setup();
      contacts.require.mockResolvedValue(contact);
      articles.findById.mockResolvedValue(anArticle());
      articles.markUsed.mockResolvedValue(false);
      articles.usedOn.mockResolvedValue(refs);
      await expect(service.markUsed(operator, 'contact-1', 'article-1')).resolves.toEqual(refs);
    });
  });
});
