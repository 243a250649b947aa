import { StorageModule } from './storage/storage.module';
import { MailModule } from './mail/mail.module';
import { Module } from '@nestjs/common';
import { AuditModule } from './audit/audit.module';
import { ClockModule } from './clock/clock.module';
import { ConfigModule } from './config/config.module';
import { CryptoModule } from './crypto/crypto.module';
import { DatabaseModule } from './database/database.module';
import { MetricsModule } from './metrics/metrics.module';
import { QueueModule } from './queue/queue.module';
import { RealtimeModule } from './realtime/realtime.module';
import { RedisModule } from './redis/redis.module';

/** The platform both processes share: configuration, the clock, Postgres, Redis, queues, crypto, audit, metrics, mail. */
@Module({
  imports: [
    ConfigModule,
    ClockModule,
    DatabaseModule,
    RedisModule,
    QueueModule,
    CryptoModule,
    AuditModule,
    RealtimeModule,
    MetricsModule,
    StorageModule,
    MailModule,
  ],
})
export class CoreModule {}
