import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../../core/clock/clock';
import type { AppConfig } from '../../core/config/app-config';
import { APP_CONFIG } from '../../core/config/config.module';
import { OnJob } from '../../core/queue/job-handler';
import { RealtimeEvents } from '../../core/realtime/realtime-events';
import { JobName } from '../../core/queue/queue-names';

export interface WatchReport {
  referralsOverdue: number;
  referralsEscalated: number;
  casesStale: number;
  tasksOverdue: number;
}

const BATCH = 500;

interface WatchResult {
  marked: number;
  alerted: { id: string; recipient_id: string; kind: string }[];
}

/**
 * Finds referrals past their answer deadline (alerting the case worker, then the office's
 * supervisors after REFERRAL_ESCALATION_HOURS more), cases quiet for CASE_STALE_DAYS and
 * tasks past due. Safe to run as often as you like and from several workers at once:
 * rows are claimed with SKIP LOCKED and marked in the same transaction, and every alert
 * has a de-duplication key, so each overdue item raises exactly one alert.
 */
@Injectable()
export class DeadlineWatcher {
  private readonly logger = new Logger('DeadlineWatcher');

  constructor(@InjectDataSource() private readonly dataSource: DataSource, @Inject(APP_CONFIG) private readonly config: AppConfig, private readonly realtime: RealtimeEvents, private readonly clock: Clock) {}

  /** After the commit: tells each recipient's console to re-read its alerts; returns how many items were marked. */
  private async announce(result: WatchResult): Promise<number> {
    for (const alert of result.alerted) await this.realtime.notify([alert.recipient_id], 'alert', { alertId: alert.id, kind: alert.kind });
    return result.marked;
  }

  @OnJob(JobName.DeadlineWatch)
  async onWatchJob(): Promise<WatchReport> {
    const report = await this.run();
    if (Object.values(report).some((n) => n > 0)) this.logger.log({ ...report }, 'deadline watch raised alerts');
    return report;
  }

  async run(now: Date = this.clock.now()): Promise<WatchReport> {
    return {
      referralsOverdue: await this.overdueReferrals(now),
      referralsEscalated: await this.escalatedReferrals(now),
      casesStale: await this.staleCases(now),
      tasksOverdue: await this.overdueTasks(now),
    };
  }

  private async overdueReferrals(now: Date): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      const [result]: WatchResult[] = await m.query(
        `WITH due AS (
           SELECT r.id FROM referrals r WHERE r.status = 'sent' AND r.due_at < $1 AND r.overdue_alerted_at IS NULL
           ORDER BY r.due_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED
         ), alerted AS (
           INSERT INTO alerts (recipient_id, office_id, kind, dedupe_key, entity_type, entity_id, data)
           SELECT coalesce(c.assignee_id, r.created_by_id), r.office_id, 'referral_overdue', 'referral_overdue:' || r.id, 'case', c.id,
                  jsonb_build_object('reference', c.reference, 'referralId', r.id, 'organisationName', o.name, 'dueAt', r.due_at)
             FROM due JOIN referrals r ON r.id = due.id JOIN cases c ON c.id = r.case_id JOIN organisations o ON o.id = r.organisation_id
           ON CONFLICT (recipient_id, dedupe_key) DO NOTHING
           RETURNING id, recipient_id, kind
         ), marked AS (
           UPDATE referrals SET overdue_alerted_at = $1 FROM due WHERE referrals.id = due.id RETURNING referrals.id
         )
         SELECT (SELECT count(*)::int FROM marked) AS marked, coalesce((SELECT json_agg(alerted) FROM alerted), '[]'::json) AS alerted`,
        [now],
      );
      return result;
    }).then((result) => this.announce(result));
  }

  private async escalatedReferrals(now: Date): Promise<number> {
    const cutoff = new Date(now.getTime() - this.config.deadlines.referralEscalationHours * 3600_000);
    return this.dataSource.transaction(async (m) => {
      const [result]: WatchResult[] = await m.query(
        `WITH due AS (
           SELECT r.id FROM referrals r WHERE r.status = 'sent' AND r.due_at < $2 AND r.escalated_at IS NULL
           ORDER BY r.due_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED
         ), alerted AS (
           INSERT INTO alerts (recipient_id, office_id, kind, dedupe_key, entity_type, entity_id, data)
           SELECT u.id, r.office_id, 'referral_escalated', 'referral_escalated:' || r.id, 'case', c.id,
                  jsonb_build_object('reference', c.reference, 'referralId', r.id, 'organisationName', o.name, 'dueAt', r.due_at)
             FROM due JOIN referrals r ON r.id = due.id JOIN cases c ON c.id = r.case_id JOIN organisations o ON o.id = r.organisation_id
             JOIN user_offices uo ON uo.office_id = r.office_id JOIN users u ON u.id = uo.user_id AND u.active AND 'supervisor' = ANY(u.roles)
           ON CONFLICT (recipient_id, dedupe_key) DO NOTHING
           RETURNING id, recipient_id, kind
         ), marked AS (
           UPDATE referrals SET escalated_at = $1 FROM due WHERE referrals.id = due.id RETURNING referrals.id
         )
         SELECT (SELECT count(*)::int FROM marked) AS marked, coalesce((SELECT json_agg(alerted) FROM alerted), '[]'::json) AS alerted`,
        [now, cutoff],
      );
      return result;
    }).then((result) => this.announce(result));
  }

  /** Once per quiet spell: new activity after the alert makes the case eligible again. */
  private async staleCases(now: Date): Promise<number> {
    const cutoff = new Date(now.getTime() - this.config.deadlines.caseStaleDays * 86400_000);
    return this.dataSource.transaction(async (m) => {
      const [result]: WatchResult[] = await m.query(
        `WITH due AS (
           SELECT c.id FROM cases c WHERE c.status <> 'closed' AND c.last_activity_at < $2 AND (c.stale_alerted_at IS NULL OR c.stale_alerted_at < c.last_activity_at)
           ORDER BY c.last_activity_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED
         ), recipients AS (
           SELECT c.id AS case_id, c.assignee_id AS recipient_id FROM due JOIN cases c ON c.id = due.id WHERE c.assignee_id IS NOT NULL
           UNION ALL
           SELECT c.id, u.id FROM due JOIN cases c ON c.id = due.id AND c.assignee_id IS NULL
             JOIN user_offices uo ON uo.office_id = c.office_id JOIN users u ON u.id = uo.user_id AND u.active AND 'supervisor' = ANY(u.roles)
         ), alerted AS (
           INSERT INTO alerts (recipient_id, office_id, kind, dedupe_key, entity_type, entity_id, data)
           SELECT x.recipient_id, c.office_id, 'case_stale', 'case_stale:' || c.id || ':' || extract(epoch FROM c.last_activity_at)::bigint, 'case', c.id,
                  jsonb_build_object('reference', c.reference, 'lastActivityAt', c.last_activity_at)
             FROM recipients x JOIN cases c ON c.id = x.case_id
           ON CONFLICT (recipient_id, dedupe_key) DO NOTHING
           RETURNING id, recipient_id, kind
         ), marked AS (
           UPDATE cases SET stale_alerted_at = $1 FROM due WHERE cases.id = due.id RETURNING cases.id
         )
         SELECT (SELECT count(*)::int FROM marked) AS marked, coalesce((SELECT json_agg(alerted) FROM alerted), '[]'::json) AS alerted`,
        [now, cutoff],
      );
      return result;
    }).then((result) => this.announce(result));
  }

  private async overdueTasks(now: Date): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      const [result]: WatchResult[] = await m.query(
        `WITH due AS (
           SELECT t.id FROM case_tasks t WHERE t.status = 'open' AND t.overdue_alerted_at IS NULL AND t.due_at < $1
           ORDER BY t.due_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED
         ), alerted AS (
           INSERT INTO alerts (recipient_id, office_id, kind, dedupe_key, entity_type, entity_id, data)
           SELECT coalesce(t.assignee_id, c.assignee_id, t.created_by_id), c.office_id, 'task_overdue', 'task_overdue:' || t.id, 'case', c.id,
                  jsonb_build_object('reference', c.reference, 'taskId', t.id, 'title', t.title, 'dueAt', t.due_at)
             FROM due JOIN case_tasks t ON t.id = due.id JOIN cases c ON c.id = t.case_id
           ON CONFLICT (recipient_id, dedupe_key) DO NOTHING
           RETURNING id, recipient_id, kind
         ), marked AS (
           UPDATE case_tasks SET overdue_alerted_at = $1 FROM due WHERE case_tasks.id = due.id RETURNING case_tasks.id
         )
         SELECT (SELECT count(*)::int FROM marked) AS marked, coalesce((SELECT json_agg(alerted) FROM alerted), '[]'::json) AS alerted`,
        [now],
      );
      return result;
    }).then((result) => this.announce(result));
  }
}
