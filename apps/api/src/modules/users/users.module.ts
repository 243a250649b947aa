import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountStore } from '#api/core/auth/account-store';
import { AuthCoreModule } from '#api/core/auth/auth-core.module';
import { OfficesModule } from '../offices/offices.module';
import { FixedWindowLimiter } from '#api/core/rate-limit/fixed-window-limiter';
import { AccountLinksController } from './account-links.controller';
import { AccountLinksRepository } from './account-links.repository';
import { AccountLinksService } from './account-links.service';
import { User } from './user.entity';
import { UsersController } from './users.controller';
import { SqlUsersRepository, UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({
  imports: [TypeOrmModule.forFeature([User]), OfficesModule, AuthCoreModule],
  controllers: [UsersController, AccountLinksController],
  providers: [
    UsersService,
    { provide: UsersRepository, useClass: SqlUsersRepository },
    { provide: AccountStore, useExisting: UsersRepository },
    AccountLinksService,
    AccountLinksRepository,
    FixedWindowLimiter,
  ],
  exports: [UsersService, UsersRepository, AccountStore],
})
export class UsersModule {}
