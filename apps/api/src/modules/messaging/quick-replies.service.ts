import { Injectable } from '@nestjs/common';
import { clampPageSize } from '@mayak/domain';
import { AuditAction } from '#api/core/audit/audit-actions';
import { AuditService } from '#api/core/audit/audit.service';
import type { Actor } from '#api/core/context/request-context';
import { isUniqueViolation } from '#api/core/database/pg-errors';
import { DomainError, notFound, staleVersion } from '#api/core/errors/domain-error';
import type { CreateQuickReplyDto, QuickRepliesQuery, UpdateQuickReplyDto } from './dto/quick-reply.dto';
import { QuickRepliesRepository } from './quick-replies.repository';
import type { QuickReply } from './quick-reply.entity';

const TITLE_TAKEN = 'uq_quick_replies_office_language_title';

const titleTaken = () =>
  new DomainError('conflict', 'This office already has a quick reply with that title in that language', {
    errors: [{ field: 'title', code: 'title_taken', message: 'Another quick reply in this language has this title' }],
  });

/** Canned answers per office and language: everyone on the line reads them, supervisors keep them. */
@Injectable()
export class QuickRepliesService {
  constructor(
    private readonly repository: QuickRepliesRepository,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, query: QuickRepliesQuery) {
    const limit = clampPageSize(query.limit);
    const offset = query.offset ?? 0;
    const offices = query.officeId ? actor.officeIds.filter((id) => id === query.officeId) : actor.officeIds;
    if (!offices.length) return { items: [], total: 0, limit, offset };
    const [items, total] = await this.repository.page(offices, { language: query.language, q: query.q }, limit, offset);
    return { items, total, limit, offset };
  }

  async create(actor: Actor, input: CreateQuickReplyDto): Promise<QuickReply> {
    if (!actor.officeIds.includes(input.officeId)) throw notFound('Office');
    try {
      return await this.repository.transaction(async (m) => {
        const saved = await this.repository.save(m, {
          officeId: input.officeId,
          language: input.language,
          title: input.title,
          body: input.body,
          createdById: actor.userId,
          updatedById: actor.userId,
        });
        await this.audit.record(
          {
            action: AuditAction.QuickReplyCreated,
            entityType: 'quick_reply',
            entityId: saved.id,
            officeId: saved.officeId,
            summary: { language: saved.language },
          },
          m,
        );
        return saved;
      });
    } catch (error) {
      if (isUniqueViolation(error, TITLE_TAKEN)) throw titleTaken();
      throw error;
    }
  }

  async update(actor: Actor, id: string, input: UpdateQuickReplyDto): Promise<QuickReply> {
    try {
      return await this.repository.transaction(async (m) => {
        const found = await this.repository.lockForUpdate(m, id);
        if (!found || !actor.officeIds.includes(found.officeId)) throw notFound('Quick reply');
        if (found.version !== input.version) throw staleVersion('This quick reply');
        if (input.title !== undefined) found.title = input.title;
        if (input.body !== undefined) found.body = input.body;
        found.updatedById = actor.userId;
        const saved = await this.repository.save(m, found);
        await this.audit.record({ action: AuditAction.QuickReplyUpdated, entityType: 'quick_reply', entityId: id, officeId: found.officeId }, m);
        return saved;
      });
    } catch (error) {
      if (isUniqueViolation(error, TITLE_TAKEN)) throw titleTaken();
      throw error;
    }
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.repository.transaction(async (m) => {
      const found = await this.repository.lockForUpdate(m, id);
      if (!found || !actor.officeIds.includes(found.officeId)) throw notFound('Quick reply');
      await this.repository.remove(m, id);
      await this.audit.record(
        { action: AuditAction.QuickReplyRemoved, entityType: 'quick_reply', entityId: id, officeId: found.officeId, summary: { language: found.language } },
        m,
      );
    });
  }
}
