import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { PeopleModule } from '../people/people.module';
import { RetentionJob } from './retention-job';
import { RetentionController } from './retention.controller';
import { RetentionRepository, SqlRetentionRepository } from './retention.repository';
import { RetentionService } from './retention.service';

@Module({
  imports: [PeopleModule, CasesModule],
  controllers: [RetentionController],
  providers: [RetentionService, { provide: RetentionRepository, useClass: SqlRetentionRepository }],
})
export class RetentionModule {}

/** The worker's part: the daily job, no controllers. */
@Module({
  imports: [PeopleModule, CasesModule],
  providers: [RetentionService, { provide: RetentionRepository, useClass: SqlRetentionRepository }, RetentionJob],
})
export class RetentionJobsModule {}
