import { Module } from '@nestjs/common';
import { EntitiesModule } from './app/entities.module';
import { AuditController } from './core/audit/audit.controller';
import { AuthCoreModule } from './core/auth/auth-core.module';
import { AuthModule } from './core/auth/auth.module';
import { CoreModule } from './core/core.module';
import { HealthController } from './core/health/health.controller';
import type { AppConfig } from './core/config/app-config';
import { APP_CONFIG } from './core/config/config.module';
import { MetricsController } from './core/metrics/metrics.controller';
import { METRICS_SERVER_PORT, MetricsServer } from './core/metrics/metrics-server';
import { MetricsSummaryController } from './core/metrics/metrics-summary.controller';
import { QueueBoardController } from './core/queue/queue-board.controller';
import { QueueBoard } from './core/queue/queue-board';
import { QueueHealthController } from './core/queue/queue-health.controller';
import { QueueMetrics } from './core/queue/queue-metrics';
import { RealtimeController } from './core/realtime/realtime.controller';
import { AlertsModule } from './modules/alerts/alerts.module';
import { CasesModule } from './modules/cases/cases.module';
import { ContactsModule } from './modules/contacts/contacts.module';
import { OfficesModule } from './modules/offices/offices.module';
import { PeopleModule } from './modules/people/people.module';
import { DirectoryModule } from './modules/directory/directory.module';
import { KnowledgeModule } from './modules/knowledge/knowledge.module';
import { ReferralsModule } from './modules/referrals/referrals.module';
import { UsersModule } from './modules/users/users.module';
import { CallbacksModule } from './modules/callbacks/callbacks.module';
import { TelephonyCoreModule } from './modules/telephony/telephony-core.module';
import { TelephonyModule } from './modules/telephony/telephony.module';
import { ExportsModule } from './modules/exports/exports.module';
import { DashboardsModule } from './modules/dashboards/dashboards.module';
import { RetentionModule } from './modules/retention/retention.module';
import { ReportsModule } from './modules/reports/reports.module';
import { NotificationsModule } from './modules/notifications/notifications.module';
import { DemoAccountsCheck } from './seed/demo-accounts-check';

/** The HTTP application: the platform plus every bounded context's controllers. */
@Module({
  imports: [
    CoreModule,
    EntitiesModule,
    AuthModule.register({ accounts: UsersModule, signOut: TelephonyCoreModule }),
    AuthCoreModule,
    UsersModule,
    OfficesModule,
    PeopleModule,
    CasesModule,
    ContactsModule,
    AlertsModule,
    DirectoryModule,
    KnowledgeModule,
    ReferralsModule,
    CallbacksModule,
    TelephonyModule,
    ExportsModule,
    DashboardsModule,
    RetentionModule,
    ReportsModule,
    NotificationsModule,
  ],
  controllers: [
    HealthController,
    QueueHealthController,
    QueueBoardController,
    AuditController,
    RealtimeController,
    MetricsController,
    MetricsSummaryController,
  ],
  providers: [
    DemoAccountsCheck,
    QueueMetrics,
    QueueBoard,
    MetricsServer,
    { provide: METRICS_SERVER_PORT, inject: [APP_CONFIG], useFactory: (config: AppConfig) => config.metrics.apiPort },
  ],
})
export class ApiModule {}
