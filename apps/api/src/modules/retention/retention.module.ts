import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { PeopleModule } from '../people/people.module';
import { RetentionJob } from './retention-job';
import { RetentionController } from './retention.controller';
import { RetentionService } from './retention.service';

@Module({
  imports: [PeopleModule, CasesModule],
  controllers: [RetentionController],
  providers: [RetentionService],
})
export class RetentionModule {}

/** The worker's part: the daily job, no controllers. */
@Module({
  imports: [PeopleModule, CasesModule],
  providers: [RetentionService, RetentionJob],
})
export class RetentionJobsModule {}
