import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AuditAction } from '../core/audit/audit-actions';
import { loadConfig } from '../core/config/app-config';
import { DependencyUnavailable, ensurePostgres } from '../core/database/connectivity';
import { DomainError } from '../core/errors/domain-error';
import { OfficesService } from '../modules/offices/offices.service';
import { UsersService } from '../modules/users/users.service';
import { CliModule } from './cli.module';
import { ask, parseArgs } from './prompt';

const USAGE = 'npm run admin:create -- --email E --password P --office NAME [--office-code CODE] [--name "Display name"]';

/** Creates an administrator (and their office if new). Prompts on a terminal for what is missing. */
async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const interactive = process.stdin.isTTY === true;
  const need = async (key: string, question: string, hidden = false): Promise<string> => {
    if (args[key]) return args[key];
    if (!interactive) throw new Error(`--${key} is required when not on a terminal.\nUsage: ${USAGE}`);
    return ask(question, hidden);
  };
  const email = (await need('email', 'Administrator e-mail: ')).toLowerCase();
  const password = await need('password', 'Password (12+ characters): ', true);
  const officeName = await need('office', 'Office name (e.g. Almaty): ');
  const displayName = args.name || email.split('@')[0];

  const config = loadConfig();
  await ensurePostgres(config.databaseUrl, { createIfMissing: false });
  const app = await NestFactory.createApplicationContext(CliModule, { logger: ['error', 'warn'] });
  try {
    const offices = app.get(OfficesService);
    const code = (args['office-code'] || officeName.replace(/[^A-Za-z]/g, '').slice(0, 3) || 'HQ').toUpperCase().padEnd(2, 'Q');
    const office = (await offices.findByName(officeName)) ?? (await offices.create({ name: officeName, code }));
    const user = await app.get(UsersService).create({ email, displayName, password, roles: ['admin'], officeIds: [office.id] }, { auditAction: AuditAction.AdminCreatedByCli });
    console.log(`Created administrator ${user.email} in office ${office.name}. They will enrol an authenticator app at first sign-in.`);
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof DomainError) {
    console.error(`${error.message}${error.extra.errors ? `: ${error.extra.errors.map((e) => e.message).join('; ')}` : ''}`);
  } else {
    console.error(error instanceof DependencyUnavailable || error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
