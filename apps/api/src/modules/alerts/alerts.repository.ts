import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { KeysetPosition } from '#api/core/database/keyset';
import { Alert, type AlertKind } from './alert.entity';

/** One alert for one recipient, as it is written. */
export interface NewAlert {
  recipientId: string;
  officeId: string | null;
  kind: AlertKind;
  /** The same key for the same situation and recipient: writing it again changes nothing. */
  dedupeKey: string;
  entityType: string | null;
  entityId: string | null;
  data: Record<string, unknown>;
}

/** An alert that was new when written (one already there under its key is not returned). */
export interface WrittenAlert {
  id: string;
  recipientId: string;
  kind: AlertKind;
}

export type AlertListState = 'unread' | 'read' | 'resolved' | 'open';

/** The alerts table: the one place an alert is written. */
export abstract class AlertsRepository {
  /** Writes the alerts whose (recipient, dedupe key) is new; returns those written. */
  abstract insert(alerts: NewAlert[], m?: EntityManager): Promise<WrittenAlert[]>;
  /** The active supervisors of an office: who office-wide alerts go to. */
  abstract activeSupervisorIds(officeId: string, m?: EntityManager): Promise<string[]>;
  /** A recipient's alerts in a state, newest first, one page of `limit` + 1 after the position. */
  abstract listFor(recipientId: string, state: AlertListState | undefined, position: KeysetPosition | null, limit: number): Promise<Alert[]>;
  abstract countUnread(recipientId: string): Promise<number>;
  abstract findFor(recipientId: string, id: string): Promise<Alert | null>;
  abstract save(alert: Alert): Promise<Alert>;
}

@Injectable()
export class SqlAlertsRepository extends AlertsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async insert(alerts: NewAlert[], m: EntityManager = this.dataSource.manager): Promise<WrittenAlert[]> {
    if (!alerts.length) return [];
    const rows: { id: string; recipient_id: string; kind: AlertKind }[] = await m.query(
      `INSERT INTO alerts (recipient_id, office_id, kind, dedupe_key, entity_type, entity_id, data)
       SELECT x.recipient_id, x.office_id, x.kind, x.dedupe_key, x.entity_type, x.entity_id, x.data
         FROM jsonb_to_recordset($1::jsonb) AS x(recipient_id uuid, office_id uuid, kind text, dedupe_key text, entity_type text, entity_id uuid, data jsonb)
       ON CONFLICT (recipient_id, dedupe_key) DO NOTHING
       RETURNING id, recipient_id, kind`,
      [
        JSON.stringify(
          alerts.map((a) => ({
            recipient_id: a.recipientId,
            office_id: a.officeId,
            kind: a.kind,
            dedupe_key: a.dedupeKey,
            entity_type: a.entityType,
            entity_id: a.entityId,
            data: a.data,
          })),
        ),
      ],
    );
    return rows.map((row) => ({ id: row.id, recipientId: row.recipient_id, kind: row.kind }));
  }

  async activeSupervisorIds(officeId: string, m: EntityManager = this.dataSource.manager): Promise<string[]> {
    const rows: { id: string }[] = await m.query(
      `SELECT u.id FROM users u JOIN user_offices uo ON uo.user_id = u.id WHERE uo.office_id = $1 AND u.active AND 'supervisor' = ANY(u.roles)`,
      [officeId],
    );
    return rows.map((row) => row.id);
  }

  async listFor(recipientId: string, state: AlertListState | undefined, position: KeysetPosition | null, limit: number): Promise<Alert[]> {
    const qb = this.dataSource.getRepository(Alert).createQueryBuilder('a').where('a.recipient_id = :me', { me: recipientId });
    if (state === 'unread') qb.andWhere('a.read_at IS NULL AND a.resolved_at IS NULL');
    if (state === 'read') qb.andWhere('a.read_at IS NOT NULL AND a.resolved_at IS NULL');
    if (state === 'open') qb.andWhere('a.resolved_at IS NULL');
    if (state === 'resolved') qb.andWhere('a.resolved_at IS NOT NULL');
    if (position) qb.andWhere('(a.created_at, a.id) < (:at, :id)', { at: position.at, id: position.id });
    return qb
      .orderBy('a.created_at', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .limit(limit + 1)
      .getMany();
  }

  async countUnread(recipientId: string): Promise<number> {
    return this.dataSource
      .getRepository(Alert)
      .createQueryBuilder('a')
      .where('a.recipient_id = :me AND a.read_at IS NULL AND a.resolved_at IS NULL', { me: recipientId })
      .getCount();
  }

  async findFor(recipientId: string, id: string): Promise<Alert | null> {
    return this.dataSource.getRepository(Alert).findOneBy({ id, recipientId });
  }

  async save(alert: Alert): Promise<Alert> {
    return this.dataSource.getRepository(Alert).save(alert);
  }
}
