import { Module } from '@nestjs/common';
import { AuditController } from './core/audit/audit.controller';
import { AuthModule } from './core/auth/auth.module';
import { CoreModule } from './core/core.module';
import { HealthController } from './core/health/health.controller';
import { QueueHealthController } from './core/queue/queue-health.controller';
import { OfficesModule } from './modules/offices/offices.module';
import { UsersModule } from './modules/users/users.module';

/** The HTTP application: the platform plus every bounded context's controllers. */
@Module({
  imports: [CoreModule, AuthModule, UsersModule, OfficesModule],
  controllers: [HealthController, QueueHealthController, AuditController],
})
export class ApiModule {}
