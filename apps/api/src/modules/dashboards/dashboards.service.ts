import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CALENDAR_DAY, localDayOf, percentileFromHistogram, startOfLocalDay } from '@mayak/domain';
import { DataSource } from 'typeorm';
import { Clock } from '../../core/clock/clock';
import type { AppConfig } from '../../core/config/app-config';
import { APP_CONFIG } from '../../core/config/config.module';
import type { Actor } from '../../core/context/request-context';
import { fieldInvalid } from '../../core/errors/domain-error';
import { CaseStatisticsRepository } from '../cases/case-statistics.repository';
import { DashboardRollups } from './dashboard-rollups';
import type { ActivityDto, BreakdownDto, CaseLoadDto, DashboardPeriodQuery, DashboardQuery, LineNowDto, PercentilesDto, TraffickingPictureDto } from './dto/dashboard.dto';

/** The durations the daily rollup keeps histograms of. */
type DurationMeasure = 'handling' | 'answer' | 'talk' | 'wrap_up';

interface Scope {
  offices: string[];
  timeZone: string;
}

interface Period extends Scope {
  from: Date;
  to: Date;
  /** The same period as local days (YYYY-MM-DD, `toDay` exclusive), as the daily rollups count them. */
  fromDay: string;
  toDay: string;
}

type GroupedRow = { dim: string; key: string | null; count: number };

const num = (value: unknown): number => Number(value ?? 0);
const pct = (value: unknown): number | null => (value === null || value === undefined ? null : Math.round(Number(value) * 10) / 10);

/**
 * What supervisors (their offices) and administrators (all offices) see at a glance. Every
 * figure is an aggregate over the rows the scope allows, computed by Postgres over indexed
 * columns (office, time); nothing personal leaves this service. Drill-downs go through the
 * ordinary lists, where each record's own rules apply.
 */
@Injectable()
export class DashboardsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly rollups: DashboardRollups,
    private readonly caseStatistics: CaseStatisticsRepository,
    private readonly clock: Clock,
  ) {}

  async lineNow(actor: Actor, query: DashboardQuery): Promise<LineNowDto> {
    const { offices } = await this.scope(actor, query);
    const [row] = (await this.dataSource.query(
      `SELECT
         (SELECT count(*) FROM telephony_calls WHERE office_id = ANY($1) AND state = 'queued') AS waiting,
         (SELECT EXTRACT(EPOCH FROM mayak_now() - min(queued_at)) FROM telephony_calls WHERE office_id = ANY($1) AND state = 'queued') AS longest,
         (SELECT count(*) FROM telephony_calls WHERE office_id = ANY($1) AND state IN ('in_progress', 'on_hold', 'connecting') AND purpose = 'hotline') AS in_progress,
         (SELECT count(DISTINCT p.user_id) FROM operator_presence p JOIN user_offices uo ON uo.user_id = p.user_id JOIN users u ON u.id = p.user_id
           WHERE uo.office_id = ANY($1) AND u.active AND mayak_presence_status(p.status, p.wrap_up_until) = 'available') AS available,
         (SELECT count(DISTINCT p.user_id) FROM operator_presence p JOIN user_offices uo ON uo.user_id = p.user_id JOIN users u ON u.id = p.user_id
           WHERE uo.office_id = ANY($1) AND u.active AND p.status = 'busy') AS on_call,
         (SELECT count(DISTINCT p.user_id) FROM operator_presence p JOIN user_offices uo ON uo.user_id = p.user_id JOIN users u ON u.id = p.user_id
           WHERE uo.office_id = ANY($1) AND u.active AND mayak_presence_status(p.status, p.wrap_up_until) = 'wrap_up') AS wrap_up,
         (SELECT count(*) FROM callbacks WHERE office_id = ANY($1) AND (status = 'due' OR (status = 'scheduled' AND due_at <= mayak_now()))) AS callbacks_due,
         (SELECT count(*) FROM callbacks WHERE office_id = ANY($1) AND status IN ('scheduled', 'due', 'in_progress') AND due_at < mayak_now() - interval '30 minutes') AS callbacks_overdue,
         (SELECT count(*) FROM cases WHERE office_id = ANY($1) AND priority = 'critical' AND status <> 'closed') AS critical,
         (SELECT count(*) FROM conversations WHERE office_id = ANY($1) AND unanswered > 0) AS texts`,
      [offices],
    )) as Record<string, unknown>[];
    return {
      asOf: this.clock.now().toISOString(), callsWaiting: num(row.waiting), longestWaitSeconds: row.longest === null ? null : Math.round(Number(row.longest)), callsInProgress: num(row.in_progress),
      operatorsAvailable: num(row.available), operatorsOnCall: num(row.on_call), operatorsInWrapUp: num(row.wrap_up), callbacksDue: num(row.callbacks_due), callbacksOverdue: num(row.callbacks_overdue),
      openCriticalCases: num(row.critical), textsWaiting: num(row.texts),
    };
  }

  /**
   * Contacts and calls of the period from the daily rollups (see DashboardRollups), refreshed
   * first so they count everything committed; repeat callers from the contacts themselves,
   * since "more than once in the period" cannot be added up day by day.
   */
  async activity(actor: Actor, query: DashboardPeriodQuery): Promise<ActivityDto> {
    const p = await this.period(actor, query);
    await this.rollups.refresh();
    const days = [p.offices, p.fromDay, p.toDay];
    const [counts, offices, durations, [repeat]] = await Promise.all([
      this.dataSource.query(
        `SELECT dim, key, sum(n)::int AS count FROM dashboard_daily_counts WHERE office_id = ANY($1) AND day >= $2::date AND day < $3::date GROUP BY 1, 2`, days,
      ) as Promise<GroupedRow[]>,
      this.dataSource.query(
        `SELECT office_id::text AS key, sum(n)::int AS count FROM dashboard_daily_counts WHERE office_id = ANY($1) AND day >= $2::date AND day < $3::date AND dim = 'channel' GROUP BY 1`, days,
      ) as Promise<BreakdownDto[]>,
      this.dataSource.query(
        `SELECT measure, bucket, sum(n)::int AS count FROM dashboard_daily_durations WHERE office_id = ANY($1) AND day >= $2::date AND day < $3::date GROUP BY 1, 2`, days,
      ) as Promise<{ measure: DurationMeasure; bucket: number; count: number }[]>,
      this.dataSource.query(
        `SELECT count(*)::int AS n FROM (SELECT COALESCE(caller_pseudonym, phone_hash) AS caller FROM contacts WHERE office_id = ANY($1) AND started_at >= $2 AND started_at < $3
            AND COALESCE(caller_pseudonym, phone_hash) IS NOT NULL GROUP BY 1 HAVING count(*) > 1) repeat`,
        [p.offices, p.from, p.to],
      ) as Promise<{ n: number }[]>,
    ]);
    const dim = (name: string) => counts.filter((r) => r.dim === name).map((r) => ({ key: r.key ?? '', count: r.count })).sort((a, b) => b.count - a.count);
    const total = (name: string) => counts.find((r) => r.dim === name)?.count ?? 0;
    const hours = new Map(dim('hour').map((h) => [h.key, h.count]));
    const percentiles = (measure: DurationMeasure): PercentilesDto => {
      const histogram = durations.filter((d) => d.measure === measure);
      return {
        median: pct(percentileFromHistogram(histogram, 0.5)), p90: pct(percentileFromHistogram(histogram, 0.9)),
        count: histogram.reduce((sum, d) => sum + d.count, 0),
      };
    };
    return {
      from: p.from.toISOString(), to: p.to.toISOString(), contacts: dim('channel').reduce((sum, r) => sum + r.count, 0),
      byChannel: dim('channel'), byCategory: dim('category'), byLanguage: dim('language'), byCallerType: dim('callerType'), byOffice: offices.sort((a, b) => b.count - a.count),
      byHour: Array.from({ length: 24 }, (_, h) => ({ key: String(h), count: hours.get(String(h)) ?? 0 })),
      calls: { answered: total('callsAnswered'), missed: total('callsMissed'), abandoned: total('callsAbandoned') },
      answerSeconds: percentiles('answer'), handlingSeconds: percentiles('handling'), talkSeconds: percentiles('talk'), wrapUpSeconds: percentiles('wrap_up'),
      repeatCallers: repeat.n,
    };
  }

  async caseLoad(actor: Actor, query: DashboardPeriodQuery): Promise<CaseLoadDto> {
    const p = await this.period(actor, query);
    const grouped = (await this.dataSource.query(
      `SELECT CASE WHEN GROUPING(status) = 0 THEN 'status' WHEN GROUPING(priority) = 0 THEN 'priority' ELSE 'type' END AS dim,
              COALESCE(status, priority, type) AS key, count(*)::int AS count
         FROM cases WHERE office_id = ANY($1) AND status <> 'closed'
        GROUP BY GROUPING SETS ((status), (priority), (type))`,
      [p.offices],
    )) as GroupedRow[];
    const assignees = (await this.dataSource.query(
      `SELECT c.assignee_id AS id, u.display_name AS name, count(*)::int AS count FROM cases c LEFT JOIN users u ON u.id = c.assignee_id
        WHERE c.office_id = ANY($1) AND c.status <> 'closed' GROUP BY c.assignee_id, u.display_name ORDER BY count(*) DESC, u.display_name LIMIT 20`,
      [p.offices],
    )) as { id: string | null; name: string | null; count: number }[];
    const [stale] = (await this.dataSource.query(
      `SELECT count(*)::int AS n FROM cases WHERE office_id = ANY($1) AND status <> 'closed' AND last_activity_at < mayak_now() - make_interval(days => $2)`,
      [p.offices, this.config.deadlines.caseStaleDays],
    )) as { n: number }[];
    const closures = (await this.dataSource.query(
      `SELECT COALESCE(closure_reason, '') AS key, count(*)::int AS count FROM cases WHERE office_id = ANY($1) AND closed_at >= $2 AND closed_at < $3 GROUP BY 1 ORDER BY 2 DESC`,
      [p.offices, p.from, p.to],
    )) as BreakdownDto[];
    const referrals = (await this.dataSource.query(
      `SELECT status AS key, count(*)::int AS count FROM referrals WHERE office_id = ANY($1) AND sent_at >= $2 AND sent_at < $3 GROUP BY 1 ORDER BY 2 DESC`,
      [p.offices, p.from, p.to],
    )) as BreakdownDto[];
    const partners = (await this.dataSource.query(
      `SELECT r.organisation_id AS id, o.name, count(*)::int AS sent,
              count(*) FILTER (WHERE r.status IN ('accepted', 'in_progress', 'completed'))::int AS accepted,
              count(*) FILTER (WHERE r.status = 'declined')::int AS declined,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM r.answered_at - r.sent_at) / 3600) FILTER (WHERE r.answered_at IS NOT NULL) AS median_hours
         FROM referrals r JOIN organisations o ON o.id = r.organisation_id
        WHERE r.office_id = ANY($1) AND r.sent_at >= $2 AND r.sent_at < $3 GROUP BY r.organisation_id, o.name ORDER BY count(*) DESC, o.name LIMIT 50`,
      [p.offices, p.from, p.to],
    )) as { id: string; name: string; sent: number; accepted: number; declined: number; median_hours: number | null }[];
    const [callbacks] = (await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE status = 'completed')::int AS completed, count(*) FILTER (WHERE status = 'completed' AND attempts = 1)::int AS first,
              count(*) FILTER (WHERE status = 'failed')::int AS failed, count(*) FILTER (WHERE status = 'cancelled')::int AS cancelled
         FROM callbacks WHERE office_id = ANY($1) AND finished_at >= $2 AND finished_at < $3`,
      [p.offices, p.from, p.to],
    )) as Record<string, unknown>[];
    const dim = (name: string) => grouped.filter((r) => r.dim === name).map((r) => ({ key: r.key ?? '', count: r.count })).sort((a, b) => b.count - a.count);
    return {
      openCases: dim('status').reduce((sum, r) => sum + r.count, 0), openByStatus: dim('status'), openByPriority: dim('priority'), openByType: dim('type'),
      openByAssignee: assignees.map((a) => ({ user: a.id ? { id: a.id, displayName: a.name ?? '—' } : null, count: a.count })), withoutActivity: stale.n, staleDays: this.config.deadlines.caseStaleDays,
      closuresByReason: closures, referralsByStatus: referrals,
      partners: partners.map((o) => ({
        organisationId: o.id, organisationName: o.name, sent: o.sent, accepted: o.accepted, declined: o.declined,
        acceptanceRate: o.accepted + o.declined ? Math.round((o.accepted / (o.accepted + o.declined)) * 1000) / 1000 : null, medianResponseHours: pct(o.median_hours),
      })),
      callbacks: { completed: num(callbacks.completed), completedFirstAttempt: num(callbacks.first), failed: num(callbacks.failed), cancelled: num(callbacks.cancelled) },
    };
  }

  /** Every breakdown of the period's trafficking cases, counted by the cases context (where a trafficking case is defined). */
  async trafficking(actor: Actor, query: DashboardPeriodQuery): Promise<TraffickingPictureDto> {
    const p = await this.period(actor, query);
    const rows: GroupedRow[] = await this.caseStatistics.traffickingBreakdowns(p.offices, p.from, p.to);
    const dim = (name: string): BreakdownDto[] =>
      rows.filter((r) => r.dim === name).map((r) => ({ key: r.key ?? '', count: r.count })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
    const statuses = dim('status');
    const ofStatus = (status: string) => statuses.find((r) => r.key === status)?.count ?? 0;
    return {
      cases: statuses.reduce((sum, r) => sum + r.count, 0), identified: ofStatus('ActualVictimOfTrafficking'), possible: ofStatus('PossibleVictimOfTrafficking'),
      byExploitation: dim('exploitation'), byControl: dim('control'), byCitizenship: dim('citizenship'), byCountryOfExploitation: dim('country'), byGender: dim('gender'), byAgeGroup: dim('age'),
    };
  }

  /** Supervisors see their offices; administrators every office. A filter outside that is a 400, never an empty answer that looks true. */
  private async scope(actor: Actor, query: DashboardQuery): Promise<Scope> {
    const visible: { id: string; timezone: string }[] = actor.permissions.includes('dashboards.all_offices')
      ? await this.dataSource.query(`SELECT id, timezone FROM offices ORDER BY code`)
      : await this.dataSource.query(`SELECT id, timezone FROM offices WHERE id = ANY($1) ORDER BY code`, [actor.officeIds]);
    const chosen = query.officeId ? visible.filter((o) => o.id === query.officeId) : visible;
    if (query.officeId && !chosen.length) throw fieldInvalid('officeId', 'not_your_office', 'You can see the figures of your own offices only');
    return { offices: chosen.map((o) => o.id), timeZone: chosen[0]?.timezone ?? 'Asia/Almaty' };
  }

  /** The period in the office's time zone: from its first day's midnight to the last day's end; at most two years. */
  private async period(actor: Actor, query: DashboardPeriodQuery): Promise<Period> {
    const scope = await this.scope(actor, query);
    const today = localDayOf(this.clock.now(), scope.timeZone);
    const day = (field: 'from' | 'to', text: string | undefined, fallbackDays: number): Date => {
      if (!text) return startOfLocalDay(today, scope.timeZone, fallbackDays);
      if (!CALENDAR_DAY.test(text.slice(0, 10))) throw fieldInvalid(field, 'invalid', `${field} must be a day (yyyy-mm-dd)`);
      return startOfLocalDay(text.slice(0, 10), scope.timeZone);
    };
    const from = day('from', query.from, -29);
    const to = day('to', query.to, 1);
    if (from >= to) throw fieldInvalid('to', 'before_from', 'to must be after from');
    if (to.getTime() - from.getTime() > 731 * 86400_000) throw fieldInvalid('to', 'period_too_long', 'Choose a period of two years at most');
    return { ...scope, from, to, fromDay: localDayOf(from, scope.timeZone), toDay: localDayOf(to, scope.timeZone) };
  }
}
