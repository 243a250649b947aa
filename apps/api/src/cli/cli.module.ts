import { Module } from '@nestjs/common';
import { CoreModule } from '../core/core.module';
import { OfficesModule } from '../modules/offices/offices.module';
import { UsersModule } from '../modules/users/users.module';

/** What the command-line tools need: the platform and the user and office services. */
@Module({ imports: [CoreModule, UsersModule, OfficesModule] })
export class CliModule {}
