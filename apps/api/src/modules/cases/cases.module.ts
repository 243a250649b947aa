import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { PeopleModule } from '../people/people.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { CaseAttachmentsController } from './case-attachments.controller';
import { CaseAttachmentsRepository } from './case-attachments.repository';
import { CaseAttachmentsService } from './case-attachments.service';
import { CasePlansController } from './case-plans.controller';
import { CasePlansRepository } from './case-plans.repository';
import { CasePlansService } from './case-plans.service';
import { CaseSearchService } from './case-search.service';
import { CaseTimeline } from './case-timeline.service';
import { CaseTasksRepository } from './case-tasks.repository';
import { CaseTransferRequestsController, CaseTransfersController } from './case-transfers.controller';
import { CaseTransfersRepository } from './case-transfers.repository';
import { CaseTransfersService } from './case-transfers.service';
import { CaseWorkService } from './case-work.service';
import { CasesController, TasksController } from './cases.controller';
import { CasesService } from './cases.service';

@Module({
  imports: [AlertsModule, PeopleModule, NotificationsModule],
  controllers: [CasesController, TasksController, CaseTransferRequestsController, CaseTransfersController, CaseAttachmentsController, CasePlansController],
  providers: [CasesService, CaseSearchService, CaseTimeline, CaseWorkService, CaseTasksRepository, CaseTransfersService, CaseTransfersRepository, CaseAttachmentsService, CaseAttachmentsRepository, CasePlansService, CasePlansRepository],
  exports: [CasesService, CaseSearchService, CaseTimeline, CaseWorkService, CaseAttachmentsService],
})
export class CasesModule {}
