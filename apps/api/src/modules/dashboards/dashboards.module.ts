import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { DashboardRollupJob, DashboardRollups } from './dashboard-rollups';
import { DashboardsController } from './dashboards.controller';
import { DashboardsService } from './dashboards.service';

@Module({
  imports: [CasesModule],
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
