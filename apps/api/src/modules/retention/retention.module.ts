import { Module } from '@nestjs/common';
import { PeopleModule } from '../people/people.module';
import { RetentionJob } from './retention-job';
import { RetentionController } from './retention.controller';
import { RetentionService } from './retention.service';

@Module({
  imports: [PeopleModule],
  controllers: [RetentionController],
  providers: [RetentionService],
})
export class RetentionModule {}

/** The worker's part: the daily job, no controllers. */
@Module({
  imports: [PeopleModule],
  providers: [RetentionService, RetentionJob],
})
export class RetentionJobsModule {}
