import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { CoreModule } from './core/core.module';
import { WorkerHeartbeat } from './core/queue/worker-heartbeat';
import { WorkerHost } from './core/queue/worker-host';
import { CallbackJobsModule } from './modules/callbacks/callbacks.module';
import { DashboardRollupJobsModule } from './modules/dashboards/dashboards.module';
import { DeadlineWatchModule } from './modules/referrals/referrals.module';
import { RetentionJobsModule } from './modules/retention/retention.module';

/** The jobs process: the same services as the API, no controllers, no HTTP server. */
@Module({
  imports: [CoreModule, DiscoveryModule, DeadlineWatchModule, CallbackJobsModule, RetentionJobsModule, DashboardRollupJobsModule],
  providers: [WorkerHost, WorkerHeartbeat],
})
export class WorkerModule {}
