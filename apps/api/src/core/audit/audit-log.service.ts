import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { can, clampPageSize, type Page } from '@mayak/domain';
import { DataSource } from 'typeorm';
import type { Actor } from '../context/request-context';
import { DomainError } from '../errors/domain-error';
import type { AuditEntryDto, ListAuditQuery } from './audit.dto';

/**
 * Reading the audit log. Admins read all of it; supervisors read what happened in their
 * offices or was done by, or to, people of their offices.
 */
@Injectable()
export class AuditLogService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(actor: Actor, query: ListAuditQuery): Promise<Page<AuditEntryDto>> {
    const limit = clampPageSize(query.limit);
    const offset = query.offset ?? 0;
    if (query.from && query.to && new Date(query.from) > new Date(query.to)) {
      throw new DomainError('validation_failed', '"from" must not be after "to"', {
        errors: [{ field: 'from', code: 'range', message: '"from" must not be after "to"' }],
      });
    }
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (query.action) add('a.action = ?', query.action);
    if (query.entityType) add('a.entity_type = ?', query.entityType);
    if (query.entityId) add('a.entity_id = ?', query.entityId);
    if (query.actorUserId) add('a.actor_user_id = ?', query.actorUserId);
    if (query.from) add('a.occurred_at >= ?', query.from);
    if (query.to) add('a.occurred_at <= ?', query.to);
    if (!can(actor.roles, 'users.manage')) {
      params.push(actor.officeIds);
      const p = `$${params.length}::uuid[]`;
      where.push(`(a.office_id = ANY(${p})
        OR EXISTS (SELECT 1 FROM user_offices uo WHERE uo.user_id = a.actor_user_id AND uo.office_id = ANY(${p}))
        OR (a.entity_type = 'user' AND EXISTS (SELECT 1 FROM user_offices uo WHERE uo.user_id::text = a.entity_id AND uo.office_id = ANY(${p}))))`);
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM audit_log a ${clause}`, params);
    const rows = await this.dataSource.query(
      `SELECT a.id::text AS id, a.occurred_at AS "occurredAt", a.actor_user_id AS "actorUserId", a.actor_email AS "actorEmail",
              a.action, a.entity_type AS "entityType", a.entity_id AS "entityId", a.office_id AS "officeId", a.ip, a.summary,
              EXISTS (SELECT 1 FROM audit_seals s WHERE s.audit_id = a.id) AS sealed
         FROM audit_log a ${clause}
        ORDER BY a.occurred_at DESC, a.id DESC
        LIMIT ${limit} OFFSET ${offset}`,
      params,
    );
    return { items: rows.map((r: AuditEntryDto & { occurredAt: Date }) => ({ ...r, occurredAt: new Date(r.occurredAt).toISOString() })), total, limit, offset };
  }
}
