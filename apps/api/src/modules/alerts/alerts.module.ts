import { Module } from '@nestjs/common';
import { AlertsController } from './alerts.controller';
import { AlertsRepository, SqlAlertsRepository } from './alerts.repository';
import { AlertsService } from './alerts.service';

@Module({
  controllers: [AlertsController],
  providers: [AlertsService, { provide: AlertsRepository, useClass: SqlAlertsRepository }],
  exports: [AlertsService],
})
export class AlertsModule {}
