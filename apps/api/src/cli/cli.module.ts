import { Module } from '@nestjs/common';
import { EntitiesModule } from '../app/entities.module';
import { CoreModule } from '../core/core.module';
import { ContactsModule } from '../modules/contacts/contacts.module';
import { OfficesModule } from '../modules/offices/offices.module';
import { TelephonyModule } from '../modules/telephony/telephony.module';
import { UsersModule } from '../modules/users/users.module';

/** What the command-line tools need: the platform, users and offices, and the casework and telephony services for demo data. */
@Module({ imports: [CoreModule, EntitiesModule, UsersModule, OfficesModule, ContactsModule, TelephonyModule] })
export class CliModule {}
