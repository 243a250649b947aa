import { Module } from '@nestjs/common';
import { ContactsModule } from '../contacts/contacts.module';
import { PeopleModule } from '../people/people.module';
import { CaseExportsRepository, SqlCaseExportsRepository } from './case-exports.repository';
import { CaseExportsService } from './case-exports.service';
import { ExportsController } from './exports.controller';
import { ListExportsService } from './list-exports.service';
import { SubjectAccessRepository, SqlSubjectAccessRepository } from './subject-access.repository';
import { SubjectAccessService } from './subject-access.service';

@Module({
  imports: [PeopleModule, ContactsModule],
  controllers: [ExportsController],
  providers: [
    CaseExportsService,
    { provide: CaseExportsRepository, useClass: SqlCaseExportsRepository },
    SubjectAccessService,
    { provide: SubjectAccessRepository, useClass: SqlSubjectAccessRepository },
    ListExportsService,
  ],
})
export class ExportsModule {}
