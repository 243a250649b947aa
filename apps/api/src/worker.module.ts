import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { EntitiesModule } from './app/entities.module';
import type { AppConfig } from './core/config/app-config';
import { APP_CONFIG } from './core/config/config.module';
import { CoreModule } from './core/core.module';
import { WorkerHeartbeat } from './core/queue/worker-heartbeat';
import { METRICS_SERVER_PORT, MetricsServer } from './core/metrics/metrics-server';
import { WorkerHost } from './core/queue/worker-host';
import { CallbackJobsModule } from './modules/callbacks/callbacks.module';
import { VoicemailJobsModule } from './modules/telephony/telephony.module';
import { DashboardRollupJobsModule } from './modules/dashboards/dashboards.module';
import { DeadlineWatchModule } from './modules/referrals/referrals.module';
import { RetentionJobsModule } from './modules/retention/retention.module';
import { MessagingJobsModule } from './modules/messaging/messaging.module';
import { MailJobsModule } from './core/mail/mail.module';
import { NotificationJobsModule } from './modules/notifications/notifications.module';

/** The jobs process: the same services as the API, no controllers; its only HTTP server is the metrics port. */
@Module({
  imports: [
    CoreModule,
    EntitiesModule,
    DiscoveryModule,
    DeadlineWatchModule,
    CallbackJobsModule,
    RetentionJobsModule,
    DashboardRollupJobsModule,
    VoicemailJobsModule,
    MessagingJobsModule,
    MailJobsModule,
    NotificationJobsModule,
  ],
  providers: [
    WorkerHost,
    WorkerHeartbeat,
    MetricsServer,
    { provide: METRICS_SERVER_PORT, inject: [APP_CONFIG], useFactory: (config: AppConfig) => config.metrics.workerPort },
  ],
})
export class WorkerModule {}
