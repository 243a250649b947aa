import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { CasesModule } from '../cases/cases.module';
import { PeopleModule } from '../people/people.module';
import { TelephonyCoreModule } from '../telephony/telephony-core.module';
import { CallersController, ContactsController } from './contacts.controller';
import { ContactsRepository, SqlContactsRepository } from './contacts.repository';
import { ContactsService } from './contacts.service';

@Module({
  imports: [AlertsModule, CasesModule, PeopleModule, TelephonyCoreModule],
  controllers: [ContactsController, CallersController],
  providers: [ContactsService, { provide: ContactsRepository, useClass: SqlContactsRepository }],
  exports: [ContactsService, CasesModule, PeopleModule],
})
export class ContactsModule {}
