import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Clock } from '../clock/clock';
import { ClockModule } from '../clock/clock.module';
import { dataSourceOptions } from './data-source-options';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      // Its own import, so that a command-line tool with only ConfigModule and DatabaseModule starts too.
      imports: [ClockModule],
      inject: [APP_CONFIG, Clock],
      // The entities are those the application registers (`TypeOrmModule.forFeature`, see app/entities.module.ts).
      useFactory: (config: AppConfig, clock: Clock) => ({
        ...dataSourceOptions(config.databaseUrl, { clockOffsetMs: clock.offsetFromSystemMs() }),
        autoLoadEntities: true,
        retryAttempts: 3,
        retryDelay: 1_000,
      }),
    }),
  ],
})
export class DatabaseModule {}
