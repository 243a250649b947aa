import { Injectable } from '@nestjs/common';
import { clampPageSize } from '@mayak/domain';
import type { EntityManager } from 'typeorm';
import { AuditAction } from '#api/core/audit/audit-actions';
import { AuditService } from '#api/core/audit/audit.service';
import { Clock } from '#api/core/clock/clock';
import type { Actor } from '#api/core/context/request-context';
import { decodeCursor, encodeCursor } from '#api/core/database/keyset';
import { IdentifierVault } from '../people/identifier-vault';
import type { CaseEventKind } from './case-event.entity';
import { CaseTimelineRepository } from './case-timeline.repository';
import type { TimelineEntryDto, TimelinePageDto } from './dto/case-work.dto';
import { refOf } from './user-refs';
import { Encrypted } from '#api/core/crypto/encrypted-columns';

export interface TimelineEntryInput {
  caseId: string;
  kind: CaseEventKind;
  actorId: string | null;
  data?: Record<string, unknown>;
  body?: string | null;
  contactId?: string | null;
  at?: Date;
}

// `from`/`to` hold user ids on assignments but statuses or priorities elsewhere.
const isUuid = (value: unknown): value is string => typeof value === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

/** The case's history: every entry also marks the case as active now. */
@Injectable()
export class CaseTimeline {
  constructor(
    private readonly events: CaseTimelineRepository,
    private readonly vault: IdentifierVault,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async record(m: EntityManager, entry: TimelineEntryInput): Promise<void> {
    const at = entry.at ?? this.clock.now();
    await this.events.append(m, {
      caseId: entry.caseId,
      kind: entry.kind,
      actorId: entry.actorId,
      data: entry.data ?? {},
      body: entry.body ?? null,
      contactId: entry.contactId ?? null,
      occurredAt: at,
    });
  }

  /** Newest first. The caller has already checked the case is visible. */
  async page(actor: Actor, caseId: string, officeId: string, limitInput: number | undefined, cursor: string | undefined): Promise<TimelinePageDto> {
    const limit = clampPageSize(limitInput ?? 50);
    const position = decodeCursor(cursor);
    const rows = await this.events.page(caseId, position, limit + 1);
    const page = rows.slice(0, limit);
    const named = page.flatMap((r) => [r.actor_id, ...['from', 'to', 'with', 'assigneeId'].map((key) => r.data?.[key]).filter(isUuid)]);
    const refs = await this.events.userRefs(named);
    const present = this.vault.presenterFor(actor);
    const items: TimelineEntryDto[] = page.map((r) => ({
      id: r.id,
      kind: r.kind,
      occurredAt: r.occurred_at.toISOString(),
      actor: refOf(refs, r.actor_id),
      data: r.data,
      body: r.body,
      contact:
        r.contact_id && r.k_channel
          ? {
              id: r.contact_id,
              channel: r.k_channel,
              direction: r.k_direction!,
              category: r.k_category,
              riskLevel: r.k_risk_level!,
              phone: present.phone(r.k_phone_encrypted, Encrypted.contactPhone.at(r.contact_id)),
              notes: r.k_notes ?? '',
              startedAt: r.k_started_at!.toISOString(),
            }
          : null,
    }));
    const last = page[page.length - 1];
    await this.audit.record({ action: AuditAction.CaseTimelineRead, entityType: 'case', entityId: caseId, officeId, summary: { entries: items.length } });
    return { items, users: [...refs.values()], nextCursor: rows.length > limit && last ? encodeCursor({ at: last.occurred_at, id: last.id }) : null, limit };
  }
}
