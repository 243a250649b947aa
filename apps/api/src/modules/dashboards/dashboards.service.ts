import { Inject, Injectable } from '@nestjs/common';
import { CALENDAR_DAY, localDayOf, percentileFromHistogram, startOfLocalDay } from '@mayak/domain';
import { Clock } from '#api/core/clock/clock';
import type { AppConfig } from '#api/core/config/app-config';
import { APP_CONFIG } from '#api/core/config/config.module';
import type { Actor } from '#api/core/context/request-context';
import { fieldInvalid } from '#api/core/errors/domain-error';
import { CaseStatisticsRepository } from '../cases/case-statistics.repository';
import { DashboardsRepository, type DurationMeasure, type GroupedCount, type OfficeZone } from './dashboards.repository';
import type {
  ActivityDto,
  BreakdownDto,
  CaseLoadDto,
  DashboardPeriodQuery,
  DashboardQuery,
  LineNowDto,
  PercentilesDto,
  TraffickingPictureDto,
} from './dto/dashboard.dto';

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
    private readonly dashboards: DashboardsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly caseStatistics: CaseStatisticsRepository,
    private readonly clock: Clock,
  ) {}

  async lineNow(actor: Actor, query: DashboardQuery): Promise<LineNowDto> {
    const { offices } = await this.scope(actor, query);
    const line = await this.dashboards.lineNow(offices);
    return { asOf: this.clock.now().toISOString(), ...line, longestWaitSeconds: line.longestWaitSeconds === null ? null : Math.round(line.longestWaitSeconds) };
  }

  /**
   * Contacts and calls of the period from the daily rollups, refreshed first so they count
   * everything committed; repeat callers from the contacts themselves, since "more than once
   * in the period" cannot be added up day by day.
   */
  async activity(actor: Actor, query: DashboardPeriodQuery): Promise<ActivityDto> {
    const p = await this.period(actor, query);
    await this.dashboards.refreshRollups();
    const [counts, offices, durations, repeatCallers] = await Promise.all([
      this.dashboards.dailyCounts(p.offices, p.fromDay, p.toDay),
      this.dashboards.dailyContactsByOffice(p.offices, p.fromDay, p.toDay),
      this.dashboards.dailyDurations(p.offices, p.fromDay, p.toDay),
      this.dashboards.repeatCallers(p.offices, p.from, p.to),
    ]);
    const dim = (name: string) =>
      counts
        .filter((r) => r.dim === name)
        .map((r) => ({ key: r.key ?? '', count: r.count }))
        .sort((a, b) => b.count - a.count);
    const total = (name: string) => counts.find((r) => r.dim === name)?.count ?? 0;
    const hours = new Map(dim('hour').map((h) => [h.key, h.count]));
    const percentiles = (measure: DurationMeasure): PercentilesDto => {
      const histogram = durations.filter((d) => d.measure === measure);
      return {
        median: pct(percentileFromHistogram(histogram, 0.5)),
        p90: pct(percentileFromHistogram(histogram, 0.9)),
        count: histogram.reduce((sum, d) => sum + d.count, 0),
      };
    };
    return {
      from: p.from.toISOString(),
      to: p.to.toISOString(),
      contacts: dim('channel').reduce((sum, r) => sum + r.count, 0),
      byChannel: dim('channel'),
      byCategory: dim('category'),
      byLanguage: dim('language'),
      byCallerType: dim('callerType'),
      byOffice: offices.sort((a, b) => b.count - a.count),
      byHour: Array.from({ length: 24 }, (_, h) => ({ key: String(h), count: hours.get(String(h)) ?? 0 })),
      calls: { answered: total('callsAnswered'), missed: total('callsMissed'), abandoned: total('callsAbandoned') },
      answerSeconds: percentiles('answer'),
      handlingSeconds: percentiles('handling'),
      talkSeconds: percentiles('talk'),
      wrapUpSeconds: percentiles('wrap_up'),
      repeatCallers,
    };
  }

  async caseLoad(actor: Actor, query: DashboardPeriodQuery): Promise<CaseLoadDto> {
    const p = await this.period(actor, query);
    const staleDays = this.config.deadlines.caseStaleDays;
    const grouped = await this.dashboards.openCaseBreakdowns(p.offices);
    const assignees = await this.dashboards.openCasesByAssignee(p.offices);
    const withoutActivity = await this.dashboards.staleOpenCases(p.offices, staleDays);
    const closures = await this.dashboards.closuresByReason(p.offices, p.from, p.to);
    const referrals = await this.dashboards.referralsByStatus(p.offices, p.from, p.to);
    const partners = await this.dashboards.partnerResponses(p.offices, p.from, p.to);
    const callbacks = await this.dashboards.callbackOutcomes(p.offices, p.from, p.to);
    const dim = (name: string) =>
      grouped
        .filter((r) => r.dim === name)
        .map((r) => ({ key: r.key ?? '', count: r.count }))
        .sort((a, b) => b.count - a.count);
    return {
      openCases: dim('status').reduce((sum, r) => sum + r.count, 0),
      openByStatus: dim('status'),
      openByPriority: dim('priority'),
      openByType: dim('type'),
      openByAssignee: assignees.map((a) => ({ user: a.id ? { id: a.id, displayName: a.name ?? '—' } : null, count: a.count })),
      withoutActivity,
      staleDays,
      closuresByReason: closures,
      referralsByStatus: referrals,
      partners: partners.map((o) => ({
        organisationId: o.organisationId,
        organisationName: o.organisationName,
        sent: o.sent,
        accepted: o.accepted,
        declined: o.declined,
        acceptanceRate: o.accepted + o.declined ? Math.round((o.accepted / (o.accepted + o.declined)) * 1000) / 1000 : null,
        medianResponseHours: pct(o.medianHours),
      })),
      callbacks,
    };
  }

  /** Every breakdown of the period's trafficking cases, counted by the cases context (where a trafficking case is defined). */
  async trafficking(actor: Actor, query: DashboardPeriodQuery): Promise<TraffickingPictureDto> {
    const p = await this.period(actor, query);
    const rows: GroupedCount[] = await this.caseStatistics.traffickingBreakdowns(p.offices, p.from, p.to);
    const dim = (name: string): BreakdownDto[] =>
      rows
        .filter((r) => r.dim === name)
        .map((r) => ({ key: r.key ?? '', count: r.count }))
        .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
    const statuses = dim('status');
    const ofStatus = (status: string) => statuses.find((r) => r.key === status)?.count ?? 0;
    return {
      cases: statuses.reduce((sum, r) => sum + r.count, 0),
      identified: ofStatus('ActualVictimOfTrafficking'),
      possible: ofStatus('PossibleVictimOfTrafficking'),
      byExploitation: dim('exploitation'),
      byControl: dim('control'),
      byCitizenship: dim('citizenship'),
      byCountryOfExploitation: dim('country'),
      byGender: dim('gender'),
      byAgeGroup: dim('age'),
    };
  }

  /** Supervisors see their offices; administrators every office. A filter outside that is a 400, never an empty answer that looks true. */
  private async scope(actor: Actor, query: DashboardQuery): Promise<Scope> {
    const visible: OfficeZone[] = actor.permissions.includes('dashboards.all_offices')
      ? await this.dashboards.allOfficeZones()
      : await this.dashboards.officeZones(actor.officeIds);
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
