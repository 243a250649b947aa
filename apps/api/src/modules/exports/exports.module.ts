import { Module } from '@nestjs/common';
import { ContactsModule } from '../contacts/contacts.module';
import { PeopleModule } from '../people/people.module';
import { CaseExportsService } from './case-exports.service';
import { ExportsController } from './exports.controller';
import { ListExportsService } from './list-exports.service';
import { SubjectAccessService } from './subject-access.service';

@Module({
  imports: [PeopleModule, ContactsModule],
  controllers: [ExportsController],
  providers: [CaseExportsService, SubjectAccessService, ListExportsService],
})
export class ExportsModule {}
