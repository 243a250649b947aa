import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { NotificationDelivery, NotificationKind, PlanKind, Role } from '@mayak/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { updateReturning } from '#api/core/database/update-returning';
import type { NotificationData } from './mail-templates';

export interface Recipient {
  id: string;
  email: string;
  locale: string;
  roles: Role[];
  /** The time zone of their (first) office; null for someone without one. */
  timeZone: string | null;
  /** Their choice for the kind asked about; null: none made. */
  delivery: NotificationDelivery | null;
}

/** What the templates may say of a referral: its reference, service, organisation and deadline. */
export interface ReferralFacts {
  id: string;
  organisationId: string;
  reference: string;
  serviceType: string;
  organisationName: string;
  dueAt: Date | null;
  officeTimeZone: string;
}

export interface TaskFacts {
  id: string;
  caseId: string;
  reference: string;
  dueAt: Date | null;
  officeTimeZone: string;
  status: string;
  assigneeId: string | null;
  /** The kind of plan whose review the task is; null for any other task. */
  planKind: PlanKind | null;
}

export interface AlertFacts {
  id: string;
  recipientId: string;
  kind: string;
  entityType: string | null;
  entityId: string | null;
  data: Record<string, unknown>;
  createdAt: Date;
  officeTimeZone: string | null;
}

type Raw = Record<string, unknown>;
const DEFAULT_TIME_ZONE = 'Asia/Almaty';

/** The SQL of notifications: who they go to, what may be said, and the rows that make each one happen once. */
@Injectable()
export class NotificationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  transaction<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(fn);
  }

  /** Active people among `ids` with their address, language, office zone and choice for `kind`. */
  async recipients(m: EntityManager, ids: string[], kind: NotificationKind): Promise<Recipient[]> {
    if (!ids.length) return [];
    const rows = (await m.query(
      `SELECT u.id, u.email, u.locale, u.roles,
              (SELECT o.timezone FROM user_offices uo JOIN offices o ON o.id = uo.office_id WHERE uo.user_id = u.id ORDER BY o.code LIMIT 1) AS time_zone,
              (SELECT p.delivery FROM notification_preferences p WHERE p.user_id = u.id AND p.kind = $2) AS delivery
         FROM users u WHERE u.id = ANY($1::uuid[]) AND u.active ORDER BY u.id`,
      [ids, kind],
    )) as Raw[];
    return rows.map((r) => ({
      id: r.id as string,
      email: r.email as string,
      locale: r.locale as string,
      roles: r.roles as Role[],
      timeZone: (r.time_zone as string | null) ?? null,
      delivery: (r.delivery as NotificationDelivery | null) ?? null,
    }));
  }

  async referral(m: EntityManager, id: string): Promise<ReferralFacts | null> {
    const [row] = (await m.query(
      `SELECT r.id, r.organisation_id, r.service_type, r.due_at, c.reference, o.name AS organisation_name, f.timezone
         FROM referrals r JOIN cases c ON c.id = r.case_id JOIN organisations o ON o.id = r.organisation_id JOIN offices f ON f.id = r.office_id
        WHERE r.id = $1`,
      [id],
    )) as Raw[];
    if (!row) return null;
    return {
      id: row.id as string,
      organisationId: row.organisation_id as string,
      reference: row.reference as string,
      serviceType: row.service_type as string,
      organisationName: row.organisation_name as string,
      dueAt: (row.due_at as Date | null) ?? null,
      officeTimeZone: (row.timezone as string) ?? DEFAULT_TIME_ZONE,
    };
  }

  /** The partners who answer an organisation's referrals. */
  async partnersOf(m: EntityManager, organisationId: string): Promise<string[]> {
    const rows = (await m.query(`SELECT id FROM users WHERE organisation_id = $1 AND active AND 'partner' = ANY(roles) ORDER BY id`, [organisationId])) as {
      id: string;
    }[];
    return rows.map((r) => r.id);
  }

  async caseFacts(m: EntityManager, caseId: string): Promise<{ id: string; reference: string; officeTimeZone: string } | null> {
    const [row] = (await m.query(`SELECT c.id, c.reference, o.timezone FROM cases c JOIN offices o ON o.id = c.office_id WHERE c.id = $1`, [caseId])) as Raw[];
    return row ? { id: row.id as string, reference: row.reference as string, officeTimeZone: (row.timezone as string) ?? DEFAULT_TIME_ZONE } : null;
  }

  /** What a mail may say of a task: its case's reference, its due time and, for a plan's review, the kind of plan (never its title). */
  async taskFacts(m: EntityManager, taskId: string): Promise<TaskFacts | null> {
    const [row] = (await m.query(
      `SELECT t.id, t.due_at, t.status, t.assignee_id, p.kind AS plan_kind, c.id AS case_id, c.reference, o.timezone
         FROM case_tasks t JOIN cases c ON c.id = t.case_id JOIN offices o ON o.id = c.office_id LEFT JOIN case_plans p ON p.id = t.plan_id
        WHERE t.id = $1`,
      [taskId],
    )) as Raw[];
    if (!row) return null;
    return {
      id: row.id as string,
      caseId: row.case_id as string,
      reference: row.reference as string,
      dueAt: (row.due_at as Date | null) ?? null,
      officeTimeZone: (row.timezone as string) ?? DEFAULT_TIME_ZONE,
      status: row.status as string,
      assigneeId: (row.assignee_id as string | null) ?? null,
      planKind: (row.plan_kind as PlanKind | null) ?? null,
    };
  }

  async alert(m: EntityManager, id: string): Promise<AlertFacts | null> {
    const [row] = (await m.query(
      `SELECT a.id, a.recipient_id, a.kind, a.entity_type, a.entity_id, a.data, a.created_at, o.timezone
         FROM alerts a LEFT JOIN offices o ON o.id = a.office_id WHERE a.id = $1`,
      [id],
    )) as Raw[];
    if (!row) return null;
    return {
      id: row.id as string,
      recipientId: row.recipient_id as string,
      kind: row.kind as string,
      entityType: (row.entity_type as string | null) ?? null,
      entityId: (row.entity_id as string | null) ?? null,
      data: (row.data as Record<string, unknown>) ?? {},
      createdAt: row.created_at as Date,
      officeTimeZone: (row.timezone as string | null) ?? null,
    };
  }

  /** Records the event for the person unless it was recorded before; its id when new. */
  async insert(
    m: EntityManager,
    n: {
      idempotencyKey: string;
      recipientId: string;
      kind: NotificationKind;
      delivery: NotificationDelivery;
      entityType: string;
      entityId: string;
      data: NotificationData;
    },
  ): Promise<string | null> {
    const rows = (await m.query(
      `INSERT INTO notifications (idempotency_key, recipient_id, kind, delivery, entity_type, entity_id, data) VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)
       ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
      [n.idempotencyKey, n.recipientId, n.kind, n.delivery, n.entityType, n.entityId, JSON.stringify(n.data)],
    )) as { id: string }[];
    return rows[0]?.id ?? null;
  }

  async attachMail(m: EntityManager, notificationIds: string[], mailId: string): Promise<void> {
    await m.query(`UPDATE notifications SET mail_id = $2 WHERE id = ANY($1::uuid[]) AND mail_id IS NULL`, [notificationIds, mailId]);
  }

  // --- the watch -------------------------------------------------------------------------

  /** Sent referrals due within `until` that no partner has been reminded of. */
  async referralsNearDeadline(now: Date, until: Date, limit: number): Promise<{ id: string; sentAt: Date | null; dueAt: Date | null }[]> {
    const rows = (await this.dataSource.query(
      `SELECT r.id, r.sent_at, r.due_at FROM referrals r
        WHERE r.status = 'sent' AND r.due_at > $1 AND r.due_at <= $2
          AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.entity_id = r.id AND n.kind = 'referral_reminder')
        ORDER BY r.due_at LIMIT $3`,
      [now, until, limit],
    )) as Raw[];
    return rows.map((r) => ({ id: r.id as string, sentAt: (r.sent_at as Date | null) ?? null, dueAt: (r.due_at as Date | null) ?? null }));
  }

  /**
   * Open, assigned tasks falling due in (now, until] whose assignee has not been told of them at
   * this due time (the key of Notifier's task_due_soon event, which names the due time).
   */
  async tasksComingDue(now: Date, until: Date, limit: number): Promise<{ id: string; dueAt: Date }[]> {
    const rows = (await this.dataSource.query(
      `SELECT t.id, t.due_at FROM case_tasks t
        WHERE t.status = 'open' AND t.assignee_id IS NOT NULL AND t.due_at > $1 AND t.due_at <= $2
          AND NOT EXISTS (SELECT 1 FROM notifications n
                           WHERE n.idempotency_key = 'task_due_soon:' || t.id::text || ':' || (extract(epoch FROM t.due_at) * 1000)::bigint::text || ':' || t.assignee_id::text)
        ORDER BY t.due_at LIMIT $3`,
      [now, until, limit],
    )) as Raw[];
    return rows.map((r) => ({ id: r.id as string, dueAt: r.due_at as Date }));
  }

  /**
   * Alerts to mail about, not yet mailed: overdue tasks and referrals (at once), critical ones
   * unread since `unreadBefore`. Only alerts raised since `since`, so turning mail on does not
   * send the past.
   */
  async alertsToMail(since: Date, unreadBefore: Date, limit: number): Promise<{ id: string; kind: NotificationKind }[]> {
    const rows = (await this.dataSource.query(
      `SELECT a.id, CASE a.kind WHEN 'critical_contact' THEN 'critical_alert_unread' ELSE a.kind END AS kind FROM alerts a
        WHERE a.created_at > $1
          AND (a.kind IN ('referral_overdue', 'task_overdue') OR (a.kind = 'critical_contact' AND a.read_at IS NULL AND a.resolved_at IS NULL AND a.created_at <= $2))
          AND NOT EXISTS (SELECT 1 FROM notifications n
                           WHERE n.idempotency_key = (CASE a.kind WHEN 'critical_contact' THEN 'critical_alert_unread' ELSE a.kind END) || ':alert:' || a.id::text || ':' || a.recipient_id::text)
        ORDER BY a.created_at LIMIT $3`,
      [since, unreadBefore, limit],
    )) as { id: string; kind: NotificationKind }[];
    return rows;
  }

  /** People with notifications waiting for a digest, with the zone of their office. */
  async awaitingDigest(limit: number): Promise<{ recipientId: string; timeZone: string | null; oldest: Date }[]> {
    const rows = (await this.dataSource.query(
      `SELECT n.recipient_id, min(n.created_at) AS oldest,
              (SELECT o.timezone FROM user_offices uo JOIN offices o ON o.id = uo.office_id WHERE uo.user_id = n.recipient_id ORDER BY o.code LIMIT 1) AS time_zone
         FROM notifications n WHERE n.delivery = 'digest' AND n.mail_id IS NULL GROUP BY n.recipient_id ORDER BY oldest LIMIT $1`,
      [limit],
    )) as Raw[];
    return rows.map((r) => ({ recipientId: r.recipient_id as string, timeZone: (r.time_zone as string | null) ?? null, oldest: r.oldest as Date }));
  }

  /** A person's notifications waiting for the digest due at `before`, locked for this transaction. */
  async claimDigestItems(
    m: EntityManager,
    recipientId: string,
    before: Date,
  ): Promise<{ id: string; kind: NotificationKind; data: NotificationData; createdAt: Date }[]> {
    const rows = (await m.query(
      `SELECT id, kind, data, created_at FROM notifications WHERE recipient_id = $1 AND delivery = 'digest' AND mail_id IS NULL AND created_at < $2
        ORDER BY created_at FOR UPDATE SKIP LOCKED`,
      [recipientId, before],
    )) as Raw[];
    return rows.map((r) => ({ id: r.id as string, kind: r.kind as NotificationKind, data: r.data as NotificationData, createdAt: r.created_at as Date }));
  }

  // --- preferences -------------------------------------------------------------------------

  async preferences(userId: string): Promise<{ kind: NotificationKind; delivery: NotificationDelivery }[]> {
    return (await this.dataSource.query(`SELECT kind, delivery FROM notification_preferences WHERE user_id = $1 ORDER BY kind`, [userId])) as {
      kind: NotificationKind;
      delivery: NotificationDelivery;
    }[];
  }

  async savePreferences(m: EntityManager, userId: string, items: { kind: NotificationKind; delivery: NotificationDelivery }[]): Promise<number> {
    if (!items.length) return 0;
    const rows = await updateReturning<{ kind: string }>(
      m,
      `INSERT INTO notification_preferences (user_id, kind, delivery) SELECT $1, k, d FROM unnest($2::text[], $3::text[]) AS x(k, d)
       ON CONFLICT (user_id, kind) DO UPDATE SET delivery = EXCLUDED.delivery, updated_at = mayak_now()
         WHERE notification_preferences.delivery IS DISTINCT FROM EXCLUDED.delivery
       RETURNING kind`,
      [userId, items.map((i) => i.kind), items.map((i) => i.delivery)],
    );
    return rows.length;
  }
}
