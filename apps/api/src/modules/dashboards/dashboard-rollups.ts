import { Injectable } from '@nestjs/common';
import { OnJob } from '#api/core/queue/job-handler';
import { JobName } from '#api/core/queue/queue-names';
import { DashboardsRepository } from './dashboards.repository';

/**
 * The activity figures' daily rollups (migration 1795600000000): triggers mark the office-days
 * whose contacts or calls changed, and a refresh recomputes them. The dashboards refresh before
 * they read, so a figure always counts what is committed; the worker refreshes every minute so
 * that the marks of a busy line stay few.
 */
@Injectable()
export class DashboardRollupJob {
  constructor(private readonly dashboards: DashboardsRepository) {}

  @OnJob(JobName.DashboardRollup)
  async refreshRollups(): Promise<{ days: number }> {
    return { days: await this.dashboards.refreshRollups() };
  }
}
