import 'reflect-metadata';
import { loadConfig } from '../core/config/app-config';
import { DependencyUnavailable, ensurePostgres } from '../core/database/connectivity';
import { runMigrations } from '../core/database/migrate';

async function main(): Promise<void> {
  const config = loadConfig();
  await ensurePostgres(config.databaseUrl, { createIfMissing: config.nodeEnv !== 'production' });
  const applied = await runMigrations(config.databaseUrl);
  console.log(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(', ')}` : 'Database is up to date.');
}

main().catch((error: unknown) => {
  console.error(error instanceof DependencyUnavailable ? error.message : error);
  process.exit(1);
});
