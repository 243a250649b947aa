import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AttemptGates } from './attempt-gates';
import { LoginThrottle } from './login-throttle';
import { MfaService } from './mfa.service';
import { RecoveryCode } from './recovery-code.entity';
import { Session } from './session.entity';
import { SessionsService } from './sessions.service';

/** Sessions, throttling and second factor: the parts of sign-in other modules may use. */
@Module({
  imports: [TypeOrmModule.forFeature([Session, RecoveryCode])],
  providers: [SessionsService, AttemptGates, LoginThrottle, MfaService],
  exports: [SessionsService, LoginThrottle, MfaService],
})
export class AuthCoreModule {}
