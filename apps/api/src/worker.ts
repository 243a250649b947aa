import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { AppConfig } from './core/config/app-config';
import { APP_CONFIG } from './core/config/config.module';
import { createLogger, PinoNestLogger } from './core/logging/logger';
import { WorkerModule } from './worker.module';

/** The jobs process: no API (its only HTTP server is the metrics port); SIGTERM lets running jobs finish before exit. */
async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger: new PinoNestLogger(createLogger(process.env.LOG_LEVEL ?? 'info')) });
  const config = app.get<AppConfig>(APP_CONFIG);
  app.useLogger(new PinoNestLogger(createLogger(config.logLevel)));
  await app.init();
  // Close the context ourselves (workers finish their running jobs) and exit 0, so a
  // supervisor can tell a clean stop from a crash.
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      if (stopping) return;
      stopping = true;
      app.close().then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(error);
          process.exit(1);
        },
      );
    });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
