import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AuditAction } from '../core/audit/audit-actions';
import { loadConfig } from '../core/config/app-config';
import { DependencyUnavailable, ensurePostgres } from '../core/database/connectivity';
import { DomainError } from '../core/errors/domain-error';
import { OfficesService } from '../modules/offices/offices.service';
import { UsersService } from '../modules/users/users.service';
import { DEMO_PASSWORD } from '../seed/demo-seed';
import { CliModule } from './cli.module';
import { ask, parseArgs } from './prompt';

const USAGE = [
  'node dist/apps/api/cli/admin-create.js --email E --office NAME [--office-code CODE] [--name "Display name"] [--password-stdin]',
  'The password is asked on a terminal; otherwise it is read from stdin (--password-stdin, first line) or MAYAK_ADMIN_PASSWORD.',
].join('\n');

/** The first line of standard input, for scripts: `printf '%s\n' "$PASSWORD" | ... --password-stdin`. */
async function readFirstLine(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0];
}

/**
 * Creates an administrator (and their office if new). Prompts on a terminal for what is
 * missing. A password given on the command line (--password) stays in shell history and the
 * process list, so scripts pass it on stdin or in MAYAK_ADMIN_PASSWORD instead.
 */
async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const interactive = process.stdin.isTTY === true;
  const need = async (key: string, question: string, hidden = false): Promise<string> => {
    if (args[key]) return args[key];
    if (!interactive) throw new Error(`--${key} is required when not on a terminal.\nUsage: ${USAGE}`);
    return ask(question, hidden);
  };
  const email = (await need('email', 'Administrator e-mail: ')).toLowerCase();
  const password =
    args['password-stdin'] === 'true'
      ? await readFirstLine()
      : args.password || process.env.MAYAK_ADMIN_PASSWORD || (interactive ? await ask('Password (12+ characters): ', true) : '');
  if (!password) throw new Error(`--password is required when not on a terminal (or --password-stdin, or MAYAK_ADMIN_PASSWORD).\nUsage: ${USAGE}`);
  const officeName = await need('office', 'Office name (e.g. Almaty): ');
  const displayName = args.name || email.split('@')[0];

  const config = loadConfig();
  if (config.nodeEnv === 'production' && password === DEMO_PASSWORD) throw new Error('That is the public demo password: choose another for production.');
  await ensurePostgres(config.databaseUrl, { createIfMissing: false });
  const app = await NestFactory.createApplicationContext(CliModule, { logger: ['error', 'warn'] });
  try {
    const offices = app.get(OfficesService);
    const code = (args['office-code'] || officeName.replace(/[^A-Za-z]/g, '').slice(0, 3) || 'HQ').toUpperCase().padEnd(2, 'Q');
    const office = (await offices.findByName(officeName)) ?? (await offices.create({ name: officeName, code }));
    const user = await app
      .get(UsersService)
      .create({ email, displayName, password, roles: ['admin'], officeIds: [office.id] }, { auditAction: AuditAction.AdminCreatedByCli });
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
