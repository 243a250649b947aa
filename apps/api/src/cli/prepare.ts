import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '../core/config/app-config';
import { DependencyUnavailable, ensurePostgres, ensureRedis, redactUrl } from '../core/database/connectivity';
import { runMigrations } from '../core/database/migrate';
import { seedDemoCasework } from '../seed/demo-casework';
import { DEMO_PASSWORD, seedDemoData } from '../seed/demo-seed';
import { CliModule } from './cli.module';

/**
 * What `npm start` does before starting the processes: check Postgres and Redis (saying
 * which is missing and how to start it), create the database on first run, migrate, and
 * outside production load demo data into an empty database.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const problems: string[] = [];
  const db = await ensurePostgres(config.databaseUrl, { createIfMissing: config.nodeEnv !== 'production' }).catch((e: unknown) => {
    problems.push((e as Error).message);
    return null;
  });
  await ensureRedis(config).catch((e: unknown) => problems.push((e as Error).message));
  if (problems.length) throw new DependencyUnavailable(problems.join('\n\n'));
  if (db === 'created') console.log(`Created database ${redactUrl(config.databaseUrl)}`);

  const applied = await runMigrations(config.databaseUrl);
  console.log(applied.length ? `Applied ${applied.length} migration(s).` : 'Database schema is up to date.');

  if (config.nodeEnv === 'production') return;
  const app = await NestFactory.createApplicationContext(CliModule, { logger: ['error', 'warn'] });
  try {
    const result = await seedDemoData(app);
    if (result.seeded) {
      console.log(`Loaded demo data: ${result.emails.length} users, password "${DEMO_PASSWORD}":`);
      for (const email of result.emails) console.log(`  ${email}`);
      if (config.mfaRequiredRoles.length) {
        console.log(`Roles ${config.mfaRequiredRoles.join(', ')} enrol an authenticator app at first sign-in (MFA_REQUIRED_ROLES= to skip locally).`);
      }
    }
    const casework = await seedDemoCasework(app);
    if (casework.contacts) console.log(`Loaded demo casework: ${casework.contacts} contacts, ${casework.cases} cases.`);
    console.log(`Console: ${config.publicUrl}   API docs: ${config.publicUrl}/api/docs   Web chat as a visitor sees it: ${config.publicUrl}/webchat/demo.html`);
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof DependencyUnavailable ? `\nMayak cannot start:\n\n${error.message}\n` : error);
  process.exit(1);
});
