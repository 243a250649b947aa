import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock } from '#api/core/clock/clock';
import type { AppConfig } from '#api/core/config/app-config';
import { APP_CONFIG } from '#api/core/config/config.module';
import { OnJob } from '#api/core/queue/job-handler';
import { JobName } from '#api/core/queue/queue-names';
import { AlertsService } from '../alerts/alerts.service';
import { DeadlinesRepository, type DeadlineCheck } from './deadlines.repository';

export interface WatchReport {
  referralsOverdue: number;
  referralsEscalated: number;
  casesStale: number;
  tasksOverdue: number;
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

  constructor(
    private readonly deadlines: DeadlinesRepository,
    private readonly alerts: AlertsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  @OnJob(JobName.DeadlineWatch)
  async onWatchJob(): Promise<WatchReport> {
    const report = await this.run();
    if (Object.values(report).some((n) => n > 0)) this.logger.log({ ...report }, 'deadline watch raised alerts');
    return report;
  }

  async run(now: Date = this.clock.now()): Promise<WatchReport> {
    const { referralEscalationHours, caseStaleDays } = this.config.deadlines;
    return {
      referralsOverdue: await this.check('referral_overdue', now, now),
      referralsEscalated: await this.check('referral_escalated', now, new Date(now.getTime() - referralEscalationHours * 3600_000)),
      casesStale: await this.check('case_stale', now, new Date(now.getTime() - caseStaleDays * 86400_000)),
      tasksOverdue: await this.check('task_overdue', now, now),
    };
  }

  /** Claims and marks the items due before `cutoff`, writes their alerts, and announces them after the commit; returns how many items were marked. */
  private async check(check: DeadlineCheck, now: Date, cutoff: Date): Promise<number> {
    const { marked, written } = await this.deadlines.transaction(async (m) => {
      const claim = await this.deadlines.claimDue(m, check, now, cutoff);
      return { marked: claim.marked, written: await this.alerts.record(claim.alerts, m) };
    });
    await this.alerts.announce(written);
    return marked;
  }
}
