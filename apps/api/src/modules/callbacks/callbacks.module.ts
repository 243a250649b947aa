import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { CasesModule } from '../cases/cases.module';
import { TelephonyCoreModule } from '../telephony/telephony-core.module';
import { CallbackJobs } from './callback-jobs';
import { CallbackMetrics } from './callback-metrics';
import { CallbacksController } from './callbacks.controller';
import { CallbacksRepository, SqlCallbacksRepository } from './callbacks.repository';
import { CallbacksService } from './callbacks.service';

@Module({
  imports: [AlertsModule, CasesModule, TelephonyCoreModule],
  controllers: [CallbacksController],
  providers: [CallbacksService, { provide: CallbacksRepository, useClass: SqlCallbacksRepository }, CallbackMetrics],
  exports: [CallbacksService],
})
export class CallbacksModule {}

/** The worker's part: the jobs and what they stand on, no controllers. */
@Module({
  imports: [AlertsModule, CasesModule, TelephonyCoreModule],
  providers: [CallbacksService, { provide: CallbacksRepository, useClass: SqlCallbacksRepository }, CallbackJobs],
})
export class CallbackJobsModule {}
