import { Module } from '@nestjs/common';
import { PeopleModule } from '../people/people.module';
import { CaseExportsService } from './case-exports.service';
import { ExportsController } from './exports.controller';
import { SubjectAccessService } from './subject-access.service';

@Module({
  imports: [PeopleModule],
  controllers: [ExportsController],
  providers: [CaseExportsService, SubjectAccessService],
})
export class ExportsModule {}
