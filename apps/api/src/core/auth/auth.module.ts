import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { UsersModule } from '../../modules/users/users.module';
import { AccessGuard } from './access.guard';
import { AuthCoreModule } from './auth-core.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { LocalStrategy } from './local.strategy';

@Module({
  imports: [PassportModule, AuthCoreModule, UsersModule],
  controllers: [AuthController],
  providers: [AuthService, LocalStrategy, { provide: APP_GUARD, useClass: AccessGuard }],
})
export class AuthModule {}
