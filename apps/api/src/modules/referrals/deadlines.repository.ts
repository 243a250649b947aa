import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AlertKind } from '../alerts/alert.entity';
import type { NewAlert } from '../alerts/alerts.repository';

/** What the deadline watcher looks for; each is also the kind of alert it raises. */
export type DeadlineCheck = Extract<AlertKind, 'referral_overdue' | 'referral_escalated' | 'case_stale' | 'task_overdue'>;

/** Items claimed past their deadline: how many were marked, and the alerts they owe. */
export interface DeadlineClaim {
  marked: number;
  alerts: NewAlert[];
}

/** Rows to claim per check and run. */
export const DEADLINE_BATCH = 500;

/** The items past their deadlines: referrals, cases and tasks, claimed and marked so each raises its alert once. */
export abstract class DeadlinesRepository {
  abstract transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T>;
  /**
   * Claims (SKIP LOCKED, so concurrent watchers split the work) up to DEADLINE_BATCH items of
   * the check that fell due before `cutoff`, marks them alerted at `now`, and returns the
   * alerts they owe.
   */
  abstract claimDue(m: EntityManager, check: DeadlineCheck, now: Date, cutoff: Date): Promise<DeadlineClaim>;
}

/**
 * Per check: `due` selects the ids still owing an alert ($2 = cutoff), oldest first; `mark` is
 * the column set to $1 (now) on the claimed rows; `alerts` builds, from the claimed `due` ids,
 * one row per recipient.
 */
interface CheckSql {
  table: 'referrals' | 'cases' | 'case_tasks';
  due: string;
  mark: string;
  alerts: string;
}

const REFERRAL_DATA = `jsonb_build_object('reference', c.reference, 'referralId', r.id, 'organisationName', o.name, 'dueAt', r.due_at)`;

const CHECKS: Record<DeadlineCheck, CheckSql> = {
  referral_overdue: {
    table: 'referrals',
    due: `SELECT r.id FROM referrals r WHERE r.status = 'sent' AND r.due_at < $2 AND r.overdue_alerted_at IS NULL ORDER BY r.due_at`,
    mark: 'overdue_alerted_at',
    alerts: `SELECT coalesce(c.assignee_id, r.created_by_id) AS recipient_id, r.office_id, 'referral_overdue:' || r.id AS dedupe_key, c.id AS case_id, ${REFERRAL_DATA} AS data
               FROM due JOIN referrals r ON r.id = due.id JOIN cases c ON c.id = r.case_id JOIN organisations o ON o.id = r.organisation_id`,
  },
  referral_escalated: {
    table: 'referrals',
    due: `SELECT r.id FROM referrals r WHERE r.status = 'sent' AND r.due_at < $2 AND r.escalated_at IS NULL ORDER BY r.due_at`,
    mark: 'escalated_at',
    alerts: `SELECT u.id AS recipient_id, r.office_id, 'referral_escalated:' || r.id AS dedupe_key, c.id AS case_id, ${REFERRAL_DATA} AS data
               FROM due JOIN referrals r ON r.id = due.id JOIN cases c ON c.id = r.case_id JOIN organisations o ON o.id = r.organisation_id
               JOIN user_offices uo ON uo.office_id = r.office_id JOIN users u ON u.id = uo.user_id AND u.active AND 'supervisor' = ANY(u.roles)`,
  },
  // Once per quiet spell: new activity after the alert makes the case eligible again. Unassigned cases alert the office's supervisors.
  case_stale: {
    table: 'cases',
    due: `SELECT c.id FROM cases c WHERE c.status <> 'closed' AND c.last_activity_at < $2 AND (c.stale_alerted_at IS NULL OR c.stale_alerted_at < c.last_activity_at) ORDER BY c.last_activity_at`,
    mark: 'stale_alerted_at',
    alerts: `SELECT x.recipient_id, c.office_id, 'case_stale:' || c.id || ':' || extract(epoch FROM c.last_activity_at)::bigint AS dedupe_key, c.id AS case_id,
                    jsonb_build_object('reference', c.reference, 'lastActivityAt', c.last_activity_at) AS data
               FROM (SELECT c.id AS case_id, c.assignee_id AS recipient_id FROM due JOIN cases c ON c.id = due.id WHERE c.assignee_id IS NOT NULL
                     UNION ALL
                     SELECT c.id, u.id FROM due JOIN cases c ON c.id = due.id AND c.assignee_id IS NULL
                       JOIN user_offices uo ON uo.office_id = c.office_id JOIN users u ON u.id = uo.user_id AND u.active AND 'supervisor' = ANY(u.roles)) x
               JOIN cases c ON c.id = x.case_id`,
  },
  task_overdue: {
    table: 'case_tasks',
    due: `SELECT t.id FROM case_tasks t WHERE t.status = 'open' AND t.overdue_alerted_at IS NULL AND t.due_at < $2 ORDER BY t.due_at`,
    mark: 'overdue_alerted_at',
    alerts: `SELECT coalesce(t.assignee_id, c.assignee_id, t.created_by_id) AS recipient_id, c.office_id, 'task_overdue:' || t.id AS dedupe_key, c.id AS case_id,
                    jsonb_build_object('reference', c.reference, 'taskId', t.id, 'title', t.title, 'dueAt', t.due_at) AS data
               FROM due JOIN case_tasks t ON t.id = due.id JOIN cases c ON c.id = t.case_id`,
  },
};

interface OwedAlertRow {
  recipient_id: string;
  office_id: string;
  dedupe_key: string;
  case_id: string;
  data: Record<string, unknown>;
}

@Injectable()
export class SqlDeadlinesRepository extends DeadlinesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async claimDue(m: EntityManager, check: DeadlineCheck, now: Date, cutoff: Date): Promise<DeadlineClaim> {
    const sql = CHECKS[check];
    // The alert data is built here, in SQL, so its timestamps keep Postgres's JSON form.
    const [row]: { marked: number; owed: OwedAlertRow[] }[] = await m.query(
      `WITH due AS (
         ${sql.due} LIMIT ${DEADLINE_BATCH} FOR UPDATE SKIP LOCKED
       ), owed AS (
         ${sql.alerts}
       ), marked AS (
         UPDATE ${sql.table} SET ${sql.mark} = $1 FROM due WHERE ${sql.table}.id = due.id RETURNING ${sql.table}.id
       )
       SELECT (SELECT count(*)::int FROM marked) AS marked, coalesce((SELECT json_agg(owed) FROM owed), '[]'::json) AS owed`,
      [now, cutoff],
    );
    return {
      marked: row.marked,
      alerts: row.owed.map((a) => ({
        recipientId: a.recipient_id,
        officeId: a.office_id,
        kind: check,
        dedupeKey: a.dedupe_key,
        entityType: 'case',
        entityId: a.case_id,
        data: a.data,
      })),
    };
  }
}
