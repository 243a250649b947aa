import 'reflect-metadata';
import cluster from 'node:cluster';
import { Logger } from '@nestjs/common';
import { ConfigError, loadConfig, type AppConfig } from './core/config/app-config';
import { APP_CONFIG } from './core/config/config.module';
import { createLogger } from './core/logging/logger';
import { runApiCluster } from './bootstrap/api-cluster';
import { createApiApp } from './bootstrap/configure-app';

async function serve(): Promise<void> {
  const app = await createApiApp();
  const config = app.get<AppConfig>(APP_CONFIG);
  await app.listen(config.port, process.env.HOST ?? '0.0.0.0');
  new Logger('Api').log(`Mayak API listening on ${config.publicUrl} (console at /, API at /api, docs at /api/docs)`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    // Stops accepting connections, lets in-flight requests finish, closes pools.
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, stop);
  // One of several API processes: if the primary is gone (killed), this one stops too rather than hold the port.
  if (cluster.isWorker) process.once('disconnect', stop);
}

async function main(): Promise<void> {
  if (cluster.isPrimary) {
    // Refused settings stop the primary here, before any process is started.
    const config = loadConfig();
    if (config.apiProcesses > 1) return runApiCluster(config.apiProcesses, createLogger(config.logLevel));
  }
  await serve();
}

main().catch((error: unknown) => {
  // A refused setting is the operator's to fix: its message says which and how, without a stack.
  console.error(error instanceof ConfigError ? `Mayak cannot start: ${error.message}` : error);
  process.exit(1);
});
