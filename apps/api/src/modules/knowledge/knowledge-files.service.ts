import { Inject, Injectable } from '@nestjs/common';
import { clampPageSize, judgeKnowledgeFile, knowledgeFileName, type Locale } from '@mayak/domain';
import { randomBytes, randomUUID } from 'node:crypto';
import { AuditAction } from '#api/core/audit/audit-actions';
import { AuditService } from '#api/core/audit/audit.service';
import type { AppConfig } from '#api/core/config/app-config';
import { APP_CONFIG } from '#api/core/config/config.module';
import type { Actor } from '#api/core/context/request-context';
import { FieldCipher } from '#api/core/crypto/field-cipher';
import { DomainError, fieldInvalid, notFound } from '#api/core/errors/domain-error';
import { BlobStore } from '#api/core/storage/blob-store';
import { KnowledgeFilesRepository, type KnowledgeFileRow } from './knowledge-files.repository';

/** An article holds a handful of files; more is a sign of a mistake. */
const MAX_FILES_PER_ARTICLE = 20;
export const SHARED_FILES_PATH = '/api/v1/knowledge/shared';

/** What a sealed knowledge file is bound to (FieldCipher.sealBytes). */
export const contextOf = (id: string) => `knowledge-file:${id}`;

/** A file opened for sending or showing. */
export interface OpenedKnowledgeFile {
  file: KnowledgeFileRow;
  bytes: Buffer;
}

/**
 * Files of the knowledge base that operators send to people (leaflets, maps): checked by their
 * bytes (libs/domain), kept sealed in the file store like every file, reached by the channels
 * through a link with a random token.
 */
@Injectable()
export class KnowledgeFilesService {
  constructor(
    private readonly repository: KnowledgeFilesRepository,
    private readonly store: BlobStore,
    private readonly cipher: FieldCipher,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async add(actor: Pick<Actor, 'userId'>, articleId: string, input: { name: string; declaredType: string; body: unknown }): Promise<KnowledgeFileRow> {
    if (!Buffer.isBuffer(input.body))
      throw new DomainError('unsupported_media_type', 'Send the file itself as the body: a PDF (application/pdf), JPEG (image/jpeg) or PNG (image/png)');
    const bytes = input.body;
    const verdict = judgeKnowledgeFile(input.declaredType, bytes.subarray(0, 32), bytes.length);
    if (!verdict.ok) throw this.refusal(verdict.reason);
    const id = randomUUID();
    const storageKey = `knowledge/${id}`;
    await this.store.put(storageKey, this.cipher.sealBytes(bytes, contextOf(id)));
    try {
      await this.repository.transaction(async (m) => {
        if (!(await this.repository.articleExists(m, articleId))) throw notFound('Article');
        if ((await this.repository.countOffered(m, articleId)) >= MAX_FILES_PER_ARTICLE) {
          throw fieldInvalid('articleId', 'too_many_files', `An article holds at most ${MAX_FILES_PER_ARTICLE} files; remove one first`);
        }
        await this.repository.insert(m, {
          id,
          articleId,
          fileName: knowledgeFileName(input.name, verdict.contentType),
          contentType: verdict.contentType,
          sizeBytes: bytes.length,
          storageKey,
          shareToken: randomBytes(24).toString('base64url'),
          createdById: actor.userId,
        });
        await this.audit.record(
          {
            action: AuditAction.KnowledgeFileAdded,
            entityType: 'article',
            entityId: articleId,
            summary: { fileId: id, contentType: verdict.contentType, sizeBytes: bytes.length },
          },
          m,
        );
      });
    } catch (error) {
      await this.store.delete(storageKey).catch(() => undefined);
      throw error;
    }
    return this.require(id);
  }

  /** Stops offering a file (messages that carried it keep its name); its bytes stay for them. */
  async remove(id: string): Promise<void> {
    const file = await this.require(id);
    await this.repository.transaction(async (m) => {
      if (!(await this.repository.markRemoved(m, id))) throw notFound('File');
      await this.audit.record({ action: AuditAction.KnowledgeFileRemoved, entityType: 'article', entityId: file.articleId, summary: { fileId: id } }, m);
    });
  }

  async list(filter: { articleId?: string; locale?: Locale; q?: string; includeDrafts?: boolean; limit?: number; offset?: number }, actor: Actor) {
    const limit = clampPageSize(filter.limit);
    const offset = filter.offset ?? 0;
    const includeDrafts = !!filter.includeDrafts && actor.permissions.includes('knowledge.manage');
    const page = await this.repository.pageOfOffered({ articleId: filter.articleId, locale: filter.locale, q: filter.q, includeDrafts }, limit, offset);
    return { items: page.items, total: page.total, limit, offset };
  }

  /** Files by id (messages name the file they carried, removed or not). */
  async describe(ids: string[]): Promise<Map<string, KnowledgeFileRow>> {
    const unique = [...new Set(ids)];
    if (!unique.length) return new Map();
    return new Map((await this.repository.findMany(unique)).map((f) => [f.id, f]));
  }

  /** A file staff may open (a removed one too: a sent message still names it). */
  async open(id: string): Promise<OpenedKnowledgeFile> {
    return this.opened(await this.require(id));
  }

  /** What an operator may send now: offered, of a published article. */
  async forSending(id: string): Promise<KnowledgeFileRow> {
    const file = await this.repository.find(id);
    if (!file || file.removedAt || !file.articlePublished)
      throw fieldInvalid('fileId', 'file_not_offered', 'This file is no longer offered in the knowledge base');
    return file;
  }

  /** The file behind a share link, while it is offered (the channels fetch it shortly after it is sent). */
  async openShared(token: string): Promise<OpenedKnowledgeFile> {
    const file = /^[A-Za-z0-9_-]{32}$/.test(token) ? await this.repository.findByShareToken(token) : null;
    if (!file || file.removedAt) throw notFound('File');
    return this.opened(file);
  }

  shareUrl(file: KnowledgeFileRow): string {
    return `${this.config.publicUrl}${SHARED_FILES_PATH}/${file.shareToken}`;
  }

  private async opened(file: KnowledgeFileRow): Promise<OpenedKnowledgeFile> {
    const sealed = await this.store.get(file.storageKey);
    if (!sealed) throw notFound('File');
    return { file, bytes: this.cipher.openBytes(sealed, contextOf(file.id)) };
  }

  private async require(id: string): Promise<KnowledgeFileRow> {
    const file = await this.repository.find(id);
    if (!file) throw notFound('File');
    return file;
  }

  private refusal(reason: 'empty' | 'too_large' | 'type_not_allowed' | 'type_mismatch'): DomainError {
    switch (reason) {
      case 'too_large':
        return new DomainError('payload_too_large', 'The file is larger than 5 MB');
      case 'type_not_allowed':
        return new DomainError('unsupported_media_type', 'Only PDF, JPEG and PNG files can be sent to people');
      case 'type_mismatch':
        return fieldInvalid('file', 'type_mismatch', 'The file is not what its type says (its content is not a PDF, JPEG or PNG of that kind)');
      case 'empty':
        return fieldInvalid('file', 'empty', 'The file is empty');
    }
  }
}
