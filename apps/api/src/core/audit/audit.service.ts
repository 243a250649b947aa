import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Clock } from '../clock/clock';
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
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async record(record: AuditRecord, manager: EntityManager = this.dataSource.manager): Promise<void> {
    const context = currentContext();
    const actor = record.actor ?? (context?.actor ? { userId: context.actor.userId, email: context.actor.email } : { userId: null, email: null });
    await manager.insert(AuditEntry, {
      occurredAt: this.clock.now(),
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

  /**
   * Audit rows for a CTE whose rows each carry their own actor, office and request (a batch
   * of requests written in one statement): `columns` name, for each audit field, the
   * expression in `from` that holds it.
   */
  insertEachFrom(
    record: { action: AuditActionName; entityType: string },
    from: string,
    columns: {
      entityId: string;
      actorUserId: string;
      actorEmail: string;
      officeId: string;
      ip: string;
      userAgent: string;
      requestId: string;
      summary: string;
    },
  ): string {
    const c = columns;
    return `INSERT INTO audit_log (occurred_at, actor_user_id, actor_email, action, entity_type, entity_id, office_id, ip, user_agent, request_id, summary)
            SELECT mayak_now(), ${c.actorUserId}, ${c.actorEmail}, '${record.action}', '${record.entityType}', ${c.entityId}::text, ${c.officeId}, ${c.ip}, ${c.userAgent}, ${c.requestId}, ${c.summary} FROM ${from}`;
  }

  /**
   * The same row as `record`, as an `INSERT ... SELECT` a caller can put in a data-modifying
   * CTE of its own statement (hot paths: one round trip for the change and its audit row).
   * `from` is the CTE whose rows are audited; `entityIdColumn` names the id column in it.
   */
  insertFrom(record: Omit<AuditRecord, 'entityId'>, from: string, entityIdColumn: string, firstParam: number): { sql: string; params: unknown[] } {
    const context = currentContext();
    const actor = record.actor ?? (context?.actor ? { userId: context.actor.userId, email: context.actor.email } : { userId: null, email: null });
    const p = (i: number) => `$${firstParam + i}`;
    return {
      sql: `INSERT INTO audit_log (occurred_at, actor_user_id, actor_email, action, entity_type, entity_id, office_id, ip, user_agent, request_id, summary)
            SELECT mayak_now(), ${p(0)}::uuid, ${p(1)}, ${p(2)}, ${p(3)}, ${from}.${entityIdColumn}::text, ${p(4)}::uuid, ${p(5)}, ${p(6)}, ${p(7)}, ${p(8)}::jsonb FROM ${from}`,
      params: [
        actor.userId,
        actor.email,
        record.action,
        record.entityType ?? null,
        record.officeId ?? null,
        context?.ip ?? null,
        context?.userAgent?.slice(0, 400) ?? null,
        context?.requestId ?? null,
        JSON.stringify(record.summary ?? {}),
      ],
    };
  }
}
