import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OnJob } from '../../core/queue/job-handler';
import { JobName } from '../../core/queue/queue-names';

/**
 * The activity figures' daily rollups (migration 1795600000000): triggers mark the office-days
 * whose contacts or calls changed, and `refresh` recomputes them. The dashboards refresh before
 * they read, so a figure always counts what is committed; the worker refreshes every minute so
 * that the marks of a busy line stay few.
 */
@Injectable()
export class DashboardRollups {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Recomputes the days marked since the last refresh; returns how many office-days. */
  async refresh(): Promise<number> {
    const [row] = (await this.dataSource.query(
      `SELECT CASE WHEN EXISTS (SELECT 1 FROM dashboard_dirty_days) THEN mayak_dashboard_refresh() ELSE 0 END AS days`,
    )) as { days: number }[];
    return row.days;
  }
}

@Injectable()
export class DashboardRollupJob {
  constructor(private readonly rollups: DashboardRollups) {}

  @OnJob(JobName.DashboardRollup)
  async refreshRollups(): Promise<{ days: number }> {
    return { days: await this.rollups.refresh() };
  }
}
