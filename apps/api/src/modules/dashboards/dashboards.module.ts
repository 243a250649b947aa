import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { DashboardRollupJob } from './dashboard-rollups';
import { DashboardsController } from './dashboards.controller';
import { DashboardsRepository, SqlDashboardsRepository } from './dashboards.repository';
import { DashboardsService } from './dashboards.service';

@Module({
  imports: [CasesModule],
  controllers: [DashboardsController],
  providers: [DashboardsService, { provide: DashboardsRepository, useClass: SqlDashboardsRepository }],
  exports: [DashboardsService, DashboardsRepository],
})
export class DashboardsModule {}

/** The worker's part: keeps the rollups' marks few, no controllers. */
@Module({
  providers: [{ provide: DashboardsRepository, useClass: SqlDashboardsRepository }, DashboardRollupJob],
})
export class DashboardRollupJobsModule {}
