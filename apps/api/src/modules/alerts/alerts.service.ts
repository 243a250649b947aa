import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../../core/clock/clock';
import type { Actor } from '../../core/context/request-context';
import { decodeCursor, pageOf } from '../../core/database/keyset';
import { notFound } from '../../core/errors/domain-error';
import { RealtimeEvents } from '../../core/realtime/realtime-events';
import { Alert, type AlertKind } from './alert.entity';

export interface RaiseAlert {
  kind: AlertKind;
  /** The same key for the same situation: raising it again changes nothing. */
  dedupeKey: string;
  officeId: string;
  entityType: string;
  entityId: string;
  data: Record<string, unknown>;
}

export type AlertState = 'unread' | 'read' | 'resolved' | 'open';

@Injectable()
export class AlertsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource, private readonly realtime: RealtimeEvents, private readonly clock: Clock) {}

  /** Tells the recipients' consoles to re-read their alerts (an early event for a rolled-back alert only causes a re-read). */
  private async announce(rows: { id: string; recipient_id: string; kind: string }[]): Promise<void> {
    for (const row of rows) await this.realtime.notify([row.recipient_id], 'alert', { alertId: row.id, kind: row.kind });
  }

  /** One alert to each active supervisor of the office; returns how many were new. */
  async raiseForOfficeSupervisors(alert: RaiseAlert, m: EntityManager = this.dataSource.manager): Promise<number> {
    const rows: unknown[] = await m.query(
      `INSERT INTO alerts (recipient_id, office_id, kind, dedupe_key, entity_type, entity_id, data)
       SELECT u.id, $1, $2, $3, $4, $5, $6::jsonb
         FROM users u JOIN user_offices uo ON uo.user_id = u.id
        WHERE uo.office_id = $1 AND u.active AND 'supervisor' = ANY(u.roles)
       ON CONFLICT (recipient_id, dedupe_key) DO NOTHING
       RETURNING id, recipient_id, kind`,
      [alert.officeId, alert.kind, alert.dedupeKey, alert.entityType, alert.entityId, JSON.stringify(alert.data)],
    );
    await this.announce(rows as { id: string; recipient_id: string; kind: string }[]);
    return rows.length;
  }

  /** One alert to one person; returns whether it was new. */
  async raiseFor(recipientId: string, alert: RaiseAlert, m: EntityManager = this.dataSource.manager): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `INSERT INTO alerts (recipient_id, office_id, kind, dedupe_key, entity_type, entity_id, data) VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)
       ON CONFLICT (recipient_id, dedupe_key) DO NOTHING RETURNING id, recipient_id, kind`,
      [recipientId, alert.officeId, alert.kind, alert.dedupeKey, alert.entityType, alert.entityId, JSON.stringify(alert.data)],
    );
    await this.announce(rows as { id: string; recipient_id: string; kind: string }[]);
    return rows.length > 0;
  }

  async list(actor: Actor, state: AlertState | undefined, limit: number, cursor: string | undefined) {
    const position = decodeCursor(cursor);
    const qb = this.dataSource.getRepository(Alert).createQueryBuilder('a').where('a.recipient_id = :me', { me: actor.userId });
    if (state === 'unread') qb.andWhere('a.read_at IS NULL AND a.resolved_at IS NULL');
    if (state === 'read') qb.andWhere('a.read_at IS NOT NULL AND a.resolved_at IS NULL');
    if (state === 'open') qb.andWhere('a.resolved_at IS NULL');
    if (state === 'resolved') qb.andWhere('a.resolved_at IS NOT NULL');
    if (position) qb.andWhere('(a.created_at, a.id) < (:at, :id)', { at: position.at, id: position.id });
    const rows = await qb.orderBy('a.created_at', 'DESC').addOrderBy('a.id', 'DESC').limit(limit + 1).getMany();
    const unread = await this.dataSource.getRepository(Alert).createQueryBuilder('a').where('a.recipient_id = :me AND a.read_at IS NULL AND a.resolved_at IS NULL', { me: actor.userId }).getCount();
    return { ...pageOf(rows, limit, (a) => ({ at: a.createdAt, id: a.id })), limit, unread };
  }

  async mark(actor: Actor, id: string, what: 'read' | 'resolved'): Promise<Alert> {
    const repo = this.dataSource.getRepository(Alert);
    const alert = await repo.findOneBy({ id, recipientId: actor.userId });
    if (!alert) throw notFound('Alert');
    const now = this.clock.now();
    if (!alert.readAt) alert.readAt = now;
    if (what === 'resolved' && !alert.resolvedAt) alert.resolvedAt = now;
    return repo.save(alert);
  }
}
