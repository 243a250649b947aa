import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { currentContext } from '../context/request-context';
import type { AuditActionName } from './audit-actions';
import { AuditEntry } from './audit-entry.entity';

export interface AuditRecord {
  action: AuditActionName;
  entityType?: string;
  entityId?: string;
  officeId?: string | null;
  /** What changed, never identifiers or secrets: field names, old/new codes, counts. */
  summary?: Record<string, unknown>;
  /** Overrides the signed-in actor (e.g. a failed sign-in names the account tried). */
  actor?: { userId: string | null; email: string | null };
}

/**
 * Appends to the audit log. Pass the EntityManager of the change being audited so the
 * change and its audit row commit together or not at all.
 */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(record: AuditRecord, manager: EntityManager = this.dataSource.manager): Promise<void> {
    const context = currentContext();
    const actor = record.actor ?? (context?.actor ? { userId: context.actor.userId, email: context.actor.email } : { userId: null, email: null });
    await manager.insert(AuditEntry, {
      occurredAt: new Date(),
      actorUserId: actor.userId,
      actorEmail: actor.email,
      action: record.action,
      entityType: record.entityType ?? null,
      entityId: record.entityId ?? null,
      officeId: record.officeId ?? null,
      ip: context?.ip ?? null,
      userAgent: context?.userAgent?.slice(0, 400) ?? null,
      requestId: context?.requestId ?? null,
      summary: record.summary ?? {},
    } as QueryDeepPartialEntity<AuditEntry>);
  }
}
