import { Inject, Injectable, Logger } from '@nestjs/common';
import { caseAttachmentFileName, clampPageSize, judgeCaseAttachment, type CaseAttachmentCategory, type UploadRefusal } from '@mayak/domain';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AuditAction } from '#api/core/audit/audit-actions';
import { AuditService } from '#api/core/audit/audit.service';
import type { AppConfig } from '#api/core/config/app-config';
import { APP_CONFIG } from '#api/core/config/config.module';
import type { Actor } from '#api/core/context/request-context';
import { FieldCipher } from '#api/core/crypto/field-cipher';
import { DomainError, forbidden, notFound } from '#api/core/errors/domain-error';
import { BlobStore } from '#api/core/storage/blob-store';
import type { CaseAttachment } from './case-attachment.entity';
import { CaseAttachmentsRepository } from './case-attachments.repository';
import { CaseTimeline } from './case-timeline.service';
import { CasesService } from './cases.service';
import type { CaseAttachmentDto, CaseAttachmentPageDto } from './dto/case-attachment.dto';
import { refOf } from './user-refs';

/** Where a case's file is kept in the store. */
export const caseAttachmentKey = (id: string) => `case-attachments/${id}`;
/** What a sealed case file is bound to (FieldCipher.sealBytes). */
export const caseAttachmentContext = (id: string) => `case-attachment:${id}`;

const SWEEP_BATCH = 200;
const SWEEP_MAX_BATCHES = 50;

/** A file opened for one viewing. */
export interface OpenedCaseAttachment {
  file: CaseAttachment;
  bytes: Buffer;
}

/**
 * Files case workers keep with a case (scans, photos). Who sees the case may list and open
 * them, every opening audited; who works on it may add them (not to a closed case); who
 * manages it may remove one, which deletes its file and keeps the row as a record of who did.
 * Each file is checked by its bytes (libs/domain) and sealed by the field cipher, bound to its
 * row, in the same store as the files from messages.
 */
@Injectable()
export class CaseAttachmentsService {
  private readonly logger = new Logger('CaseAttachments');

  constructor(
    private readonly repository: CaseAttachmentsRepository,
    private readonly cases: CasesService,
    private readonly timeline: CaseTimeline,
    private readonly store: BlobStore,
    private readonly cipher: FieldCipher,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(actor: Actor, caseId: string, limitInput: number | undefined, offsetInput: number | undefined): Promise<CaseAttachmentPageDto> {
    await this.cases.require(actor, caseId);
    const limit = clampPageSize(limitInput);
    const offset = offsetInput ?? 0;
    const page = await this.repository.pageKept(caseId, limit, offset);
    return { items: await this.dtos(page.items), total: page.total, limit, offset, maxBytes: this.config.caseAttachmentMaxBytes };
  }

  async add(
    actor: Actor,
    caseId: string,
    input: { name: string; category: CaseAttachmentCategory; description?: string; declaredType: string; body: unknown },
  ): Promise<CaseAttachmentDto> {
    const visible = await this.cases.require(actor, caseId);
    if (!actor.permissions.includes('cases.contribute')) throw forbidden();
    if (visible.status === 'closed') throw this.closed();
    // No body at all (Content-Length: 0) leaves nothing for the raw parser to read: an empty file.
    const bytes = Buffer.isBuffer(input.body) ? input.body : Buffer.alloc(0);
    const verdict = judgeCaseAttachment(input.declaredType, bytes.subarray(0, 32), bytes.length, this.config.caseAttachmentMaxBytes);
    if (!verdict.ok) throw this.refusal(verdict.reason);
    const id = randomUUID();
    const storageKey = caseAttachmentKey(id);
    await this.store.put(storageKey, this.cipher.sealBytes(bytes, caseAttachmentContext(id)));
    try {
      await this.repository.transaction(async (m) => {
        const c = await this.cases.require(actor, caseId, m, true);
        if (c.status === 'closed') throw this.closed();
        const description = input.description?.trim() || null;
        await this.repository.insert(m, {
          id,
          caseId,
          fileName: caseAttachmentFileName(input.name, verdict.contentType),
          contentType: verdict.contentType,
          sizeBytes: bytes.length,
          category: input.category,
          description,
          storageKey,
          uploadedById: actor.userId,
        });
        await this.timeline.record(m, {
          caseId,
          kind: 'attachment_added',
          actorId: actor.userId,
          data: { attachmentId: id, category: input.category, contentType: verdict.contentType },
        });
        await this.audit.record(
          {
            action: AuditAction.CaseAttachmentAdded,
            entityType: 'case',
            entityId: caseId,
            officeId: c.officeId,
            summary: { attachmentId: id, category: input.category, contentType: verdict.contentType, sizeBytes: bytes.length },
          },
          m,
        );
      });
    } catch (error) {
      // Nothing of a refused upload stays behind, not even its sealed file.
      await this.store
        .delete(storageKey)
        .catch((cleanup: unknown) => this.logger.warn({ err: cleanup, attachmentId: id }, 'the file of an upload that was not recorded could not be deleted'));
      throw error;
    }
    const saved = await this.repository.findOnCase(caseId, id);
    if (!saved) throw notFound('File');
    return (await this.dtos([saved]))[0];
  }

  /** The file, opened, for someone who may see its case; every opening is audited. */
  async open(actor: Actor, caseId: string, id: string): Promise<OpenedCaseAttachment> {
    const c = await this.cases.require(actor, caseId);
    const file = await this.repository.findOnCase(caseId, id);
    if (!file || file.status !== 'kept' || !file.storageKey) throw notFound('File');
    const sealed = await this.store.get(file.storageKey);
    if (!sealed) throw notFound('File');
    const bytes = this.cipher.openBytes(sealed, caseAttachmentContext(file.id));
    await this.audit.record({
      action: AuditAction.CaseAttachmentOpened,
      entityType: 'case',
      entityId: caseId,
      officeId: c.officeId,
      summary: { attachmentId: id, contentType: file.contentType, sizeBytes: file.sizeBytes },
    });
    return { file, bytes };
  }

  /**
   * Takes a file off its case: who removed it is recorded first (the row stays, for the audit
   * trail), then its file is deleted from the store. A case under legal hold keeps its files.
   */
  async remove(actor: Actor, caseId: string, id: string): Promise<void> {
    const removed = await this.repository.transaction(async (m) => {
      const c = await this.cases.requireManage(actor, caseId, m);
      const file = await this.repository.findOnCase(caseId, id, m, true);
      if (!file || file.status !== 'kept') throw notFound('File');
      if (c.legalHold) throw new DomainError('case_on_legal_hold', 'The case is under legal hold: its files are kept until the hold is lifted');
      await this.repository.markRemoved(m, id, actor.userId);
      await this.timeline.record(m, {
        caseId,
        kind: 'attachment_removed',
        actorId: actor.userId,
        data: { attachmentId: id, category: file.category, contentType: file.contentType },
      });
      await this.audit.record(
        {
          action: AuditAction.CaseAttachmentRemoved,
          entityType: 'case',
          entityId: caseId,
          officeId: c.officeId,
          summary: { attachmentId: id, category: file.category },
        },
        m,
      );
      return file;
    });
    if (removed.storageKey) await this.deleteFile(removed.id, removed.storageKey);
  }

  /** Retention, inside its transaction: the files of these cases are erased (their names and descriptions now, their files by `sweep`). */
  eraseWithCases(m: EntityManager, caseIds: string[]): Promise<number> {
    return caseIds.length ? this.repository.eraseOfCases(m, caseIds) : Promise.resolve(0);
  }

  /**
   * Deletes from the store the files of removed and erased rows that are still there (a removal
   * whose deletion failed, a case retention erased); how many went.
   */
  async sweep(): Promise<number> {
    let deleted = 0;
    for (let batch = 0; batch < SWEEP_MAX_BATCHES; batch++) {
      const files = await this.repository.discardedWithFiles(SWEEP_BATCH);
      for (const file of files) {
        await this.store.delete(file.storageKey);
        await this.repository.forgetFile(file.id, file.storageKey);
        deleted++;
      }
      if (files.length < SWEEP_BATCH) break;
    }
    return deleted;
  }

  private async deleteFile(id: string, storageKey: string): Promise<void> {
    try {
      await this.store.delete(storageKey);
      await this.repository.forgetFile(id, storageKey);
    } catch (error) {
      // Recorded as removed already: the retention run's sweep deletes it later.
      this.logger.warn({ err: error, attachmentId: id }, 'the file of a removed case attachment could not be deleted yet');
    }
  }

  private async dtos(files: CaseAttachment[]): Promise<CaseAttachmentDto[]> {
    const refs = await this.repository.userRefs(files.map((f) => f.uploadedById));
    return files.map((f) => ({
      id: f.id,
      caseId: f.caseId,
      fileName: f.fileName,
      contentType: f.contentType,
      sizeBytes: f.sizeBytes,
      category: f.category,
      description: f.description,
      uploadedBy: refOf(refs, f.uploadedById) ?? { id: f.uploadedById, displayName: '—' },
      createdAt: f.createdAt.toISOString(),
    }));
  }

  private closed(): DomainError {
    return new DomainError('case_closed', 'The case is closed; reopen it to add files');
  }

  private refusal(reason: UploadRefusal): DomainError {
    const megabytes = Math.round(this.config.caseAttachmentMaxBytes / (1024 * 1024));
    switch (reason) {
      case 'too_large':
        return new DomainError('payload_too_large', `The file is larger than ${megabytes} MB`);
      case 'type_not_allowed':
        return new DomainError('unsupported_media_type', 'Only PDF documents and JPEG, PNG or WebP pictures can be kept with a case');
      case 'type_mismatch':
        return new DomainError('file_rejected', 'The file is not what its type says (its content is not a PDF, JPEG, PNG or WebP of that kind)', {
          errors: [{ field: 'file', code: 'type_mismatch', message: 'The content does not match the declared type' }],
        });
      case 'empty':
        return new DomainError('file_rejected', 'The file is empty', { errors: [{ field: 'file', code: 'empty', message: 'The file is empty' }] });
    }
  }
}
