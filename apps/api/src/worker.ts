import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigError, type AppConfig } from './core/config/app-config';
import { APP_CONFIG } from './core/config/config.module';
import { createLogger, PinoNestLogger } from './core/logging/logger';
import { WorkerModule } from './worker.module';

/** The jobs process: no API (its only HTTP server is the metrics port); SIGTERM lets running jobs finish before exit. */
async function main(): Promise<void> {
  // abortOnError false: a configuration error is printed and exits 1, rather than a core dump.
  const app = await NestFactory.createApplicationContext(WorkerModule, {
    abortOnError: false,
    logger: new PinoNestLogger(createLogger(process.env.LOG_LEVEL ?? 'info')),
  });
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
  // A refused setting is the operator's to fix: its message says which and how, without a stack.
  console.error(error instanceof ConfigError ? `Mayak cannot start: ${error.message}` : error);
  process.exit(1);
});
