import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { PeopleModule } from '../people/people.module';
import { CaseSearchService } from './case-search.service';
import { CaseTimeline } from './case-timeline.service';
import { CaseTasksRepository } from './case-tasks.repository';
import { CaseWorkService } from './case-work.service';
import { CasesController, TasksController } from './cases.controller';
import { CasesService } from './cases.service';

@Module({
  imports: [AlertsModule, PeopleModule],
  controllers: [CasesController, TasksController],
  providers: [CasesService, CaseSearchService, CaseTimeline, CaseWorkService, CaseTasksRepository],
  exports: [CasesService, CaseSearchService, CaseTimeline, CaseWorkService],
})
export class CasesModule {}
