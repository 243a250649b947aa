import { Global, Module } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Clock, PinnedClock, SystemClock } from './clock';

@Global()
@Module({
  providers: [
    {
      provide: Clock,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        config.clockStart ? new PinnedClock(config.clockStart.at, config.clockStart.startedAt ?? undefined) : new SystemClock(),
    },
  ],
  exports: [Clock],
})
export class ClockModule {}
