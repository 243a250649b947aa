import { Module } from '@nestjs/common';
import { DashboardRollupJob, DashboardRollups } from './dashboard-rollups';
import { DashboardsController } from './dashboards.controller';
import { DashboardsService } from './dashboards.service';

@Module({
  controllers: [DashboardsController],
  providers: [DashboardsService, DashboardRollups],
  exports: [DashboardsService],
})
export class DashboardsModule {}

/** The worker's part: keeps the rollups' marks few, no controllers. */
@Module({
  providers: [DashboardRollups, DashboardRollupJob],
})
export class DashboardRollupJobsModule {}
