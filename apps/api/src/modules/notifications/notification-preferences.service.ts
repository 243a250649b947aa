import { Inject, Injectable } from '@nestjs/common';
import { checkPreferenceChange, effectivePreferences, type NotificationDelivery, type NotificationKind } from '@mayak/domain';
import { AuditAction } from '#api/core/audit/audit-actions';
import { AuditService } from '#api/core/audit/audit.service';
import type { AppConfig } from '#api/core/config/app-config';
import { APP_CONFIG } from '#api/core/config/config.module';
import type { Actor } from '#api/core/context/request-context';
import { DomainError } from '#api/core/errors/domain-error';
import type { NotificationPreferencesDto, UpdateNotificationPreferencesDto } from './dto/notification-preferences.dto';
import { NotificationsRepository } from './notifications.repository';

const MESSAGES: Record<string, string> = {
  unknown_kind: 'No such kind of notification',
  not_for_your_role: 'Your roles do not receive this kind of notification',
  duplicate_kind: 'This kind is listed twice',
  unknown_delivery: 'Choose immediate, digest or never',
};

/** Each person's own choice of how each kind of notification reaches them. */
@Injectable()
export class NotificationPreferencesService {
  constructor(
    private readonly repository: NotificationsRepository,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async get(actor: Actor): Promise<NotificationPreferencesDto> {
    const saved = await this.repository.preferences(actor.userId);
    return {
      mailEnabled: this.config.mail.enabled,
      email: actor.email,
      digestHour: this.config.mail.digestHour,
      items: effectivePreferences(actor.roles, saved),
    };
  }

  /** All or nothing: one wrong item refuses the whole change (400, per-field errors). */
  async update(actor: Actor, input: UpdateNotificationPreferencesDto): Promise<NotificationPreferencesDto> {
    const problems = checkPreferenceChange(actor.roles, input.items);
    if (problems.length) {
      throw new DomainError('validation_failed', 'Some preferences cannot be saved', {
        errors: problems.map((p) => ({ field: p.field, code: p.code, message: MESSAGES[p.code] })),
      });
    }
    const items = input.items as { kind: NotificationKind; delivery: NotificationDelivery }[];
    await this.repository.transaction(async (m) => {
      const changed = await this.repository.savePreferences(m, actor.userId, items);
      if (changed)
        await this.audit.record(
          {
            action: AuditAction.NotificationPreferencesUpdated,
            entityType: 'user',
            entityId: actor.userId,
            summary: { preferences: Object.fromEntries(items.map((i) => [i.kind, i.delivery])) },
          },
          m,
        );
    });
    return this.get(actor);
  }
}
