import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Clock } from '../clock/clock';
import { dataSourceOptions } from './data-source-options';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG, Clock],
      useFactory: (config: AppConfig, clock: Clock) => ({ ...dataSourceOptions(config.databaseUrl, clock.offsetFromSystemMs()), retryAttempts: 3, retryDelay: 1_000 }),
    }),
  ],
})
export class DatabaseModule {}
