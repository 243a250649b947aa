import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { PeopleModule } from '../people/people.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { CaseAttachmentsController } from './case-attachments.controller';
import { CaseAttachmentsRepository, SqlCaseAttachmentsRepository } from './case-attachments.repository';
import { CaseAttachmentsService } from './case-attachments.service';
import { CasePlansController } from './case-plans.controller';
import { CasePlansRepository, SqlCasePlansRepository } from './case-plans.repository';
import { CasePlansService } from './case-plans.service';
import { CaseSearchRepository, SqlCaseSearchRepository } from './case-search.repository';
import { CaseSearchService } from './case-search.service';
import { CaseStatisticsRepository, SqlCaseStatisticsRepository } from './case-statistics.repository';
import { CaseTimelineRepository, SqlCaseTimelineRepository } from './case-timeline.repository';
import { CaseTimeline } from './case-timeline.service';
import { CaseTransferRequestsController, CaseTransfersController } from './case-transfers.controller';
import { CaseTransfersRepository, SqlCaseTransfersRepository } from './case-transfers.repository';
import { CaseTransfersService } from './case-transfers.service';
import { CaseWorkRepository, SqlCaseWorkRepository } from './case-work.repository';
import { CaseWorkService } from './case-work.service';
import { CasesController, TasksController } from './cases.controller';
import { CasesRepository, SqlCasesRepository } from './cases.repository';
import { CasesService } from './cases.service';

@Module({
  imports: [AlertsModule, PeopleModule, NotificationsModule],
  controllers: [CasesController, TasksController, CaseTransferRequestsController, CaseTransfersController, CaseAttachmentsController, CasePlansController],
  providers: [
    CasesService,
    { provide: CasesRepository, useClass: SqlCasesRepository },
    CaseSearchService,
    { provide: CaseSearchRepository, useClass: SqlCaseSearchRepository },
    CaseTimeline,
    { provide: CaseTimelineRepository, useClass: SqlCaseTimelineRepository },
    CaseWorkService,
    { provide: CaseWorkRepository, useClass: SqlCaseWorkRepository },
    CaseTransfersService,
    { provide: CaseTransfersRepository, useClass: SqlCaseTransfersRepository },
    CaseAttachmentsService,
    { provide: CaseAttachmentsRepository, useClass: SqlCaseAttachmentsRepository },
    CasePlansService,
    { provide: CasePlansRepository, useClass: SqlCasePlansRepository },
    { provide: CaseStatisticsRepository, useClass: SqlCaseStatisticsRepository },
  ],
  exports: [CasesService, CaseSearchService, CaseTimeline, CaseWorkService, CaseAttachmentsService, CaseStatisticsRepository],
})
export class CasesModule {}
