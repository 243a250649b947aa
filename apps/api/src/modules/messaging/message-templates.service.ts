import { Injectable } from '@nestjs/common';
import { placeholdersAreSequential } from '@mayak/domain';
import { AuditAction } from '#api/core/audit/audit-actions';
import { AuditService } from '#api/core/audit/audit.service';
import type { Actor } from '#api/core/context/request-context';
import { isUniqueViolation } from '#api/core/database/pg-errors';
import { DomainError, fieldInvalid, notFound, staleVersion } from '#api/core/errors/domain-error';
import type { CreateMessageTemplateDto, MessageTemplatesQuery, UpdateMessageTemplateDto } from './dto/message-template.dto';
import type { MessageTemplate } from './message-template.entity';
import { MessageTemplatesRepository } from './message-templates.repository';

const gapless = (body: string) => {
  if (!placeholdersAreSequential(body))
    throw fieldInvalid('body', 'placeholders_not_sequential', 'Placeholders must run {{1}}, {{2}}, … without gaps, as in the approved template');
};

/** The line's approved WhatsApp templates: administrators register them, operators send them. */
@Injectable()
export class MessageTemplatesService {
  constructor(
    private readonly repository: MessageTemplatesRepository,
    private readonly audit: AuditService,
  ) {}

  list(actor: Actor, query: MessageTemplatesQuery): Promise<MessageTemplate[]> {
    return this.repository.list({ language: query.language, activeOnly: !actor.permissions.includes('offices.manage') });
  }

  async create(input: CreateMessageTemplateDto): Promise<MessageTemplate> {
    gapless(input.body);
    try {
      return await this.repository.transaction(async (m) => {
        const saved = await this.repository.save(m, {
          language: input.language,
          name: input.name,
          contentSid: input.contentSid,
          body: input.body,
          active: true,
        });
        await this.audit.record(
          {
            action: AuditAction.MessageTemplateSaved,
            entityType: 'message_template',
            entityId: saved.id,
            summary: { language: saved.language, contentSid: saved.contentSid },
          },
          m,
        );
        return saved;
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw new DomainError('conflict', 'This template is already registered in this language', {
          errors: [{ field: 'contentSid', code: 'template_taken', message: 'Already registered in this language' }],
        });
      throw error;
    }
  }

  async update(id: string, input: UpdateMessageTemplateDto): Promise<MessageTemplate> {
    if (input.body !== undefined) gapless(input.body);
    return this.repository.transaction(async (m) => {
      const found = await this.repository.lockForUpdate(m, id);
      if (!found) throw notFound('Template');
      if (found.version !== input.version) throw staleVersion('This template');
      if (input.name !== undefined) found.name = input.name;
      if (input.body !== undefined) found.body = input.body;
      if (input.active !== undefined) found.active = input.active;
      const saved = await this.repository.save(m, found);
      await this.audit.record({ action: AuditAction.MessageTemplateSaved, entityType: 'message_template', entityId: id, summary: { active: saved.active } }, m);
      return saved;
    });
  }

  async requireActive(id: string): Promise<MessageTemplate> {
    const template = await this.repository.find(id);
    if (!template || !template.active) throw fieldInvalid('templateId', 'unknown_template', 'No such approved template');
    return template;
  }
}
