import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError, type AppConfig } from './core/config/app-config';
import { APP_CONFIG } from './core/config/config.module';
import { createApiApp } from './bootstrap/configure-app';

async function main(): Promise<void> {
  const app = await createApiApp();
  const config = app.get<AppConfig>(APP_CONFIG);
  await app.listen(config.port, process.env.HOST ?? '0.0.0.0');
  new Logger('Api').log(`Mayak API listening on ${config.publicUrl} (console at /, API at /api, docs at /api/docs)`);
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      if (stopping) return;
      stopping = true;
      // Stops accepting connections, lets in-flight requests finish, closes pools.
      app.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
}

main().catch((error: unknown) => {
  // A refused setting is the operator's to fix: its message says which and how, without a stack.
  console.error(error instanceof ConfigError ? `Mayak cannot start: ${error.message}` : error);
  process.exit(1);
});
