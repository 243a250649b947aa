import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startFakeTelegram } from '../support/fake-telegram';
const { runMigrations } = require('../../dist/apps/api/core/database/migrate') as { runMigrations: (url: string) => Promise<string[]> };

const run = promisify(execFile);
const cli = (name: string) => join(__dirname, `../../dist/apps/api/cli/${name}.js`);

async function fails(promise: Promise<unknown>): Promise<{ code: number; stdout: string; stderr: string }> {
  return promise.then(
    () => {
      throw new Error('expected the command to fail');
    },
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

describe('command-line tools', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db.drop());

  it('telegram:webhook points the bot at PUBLIC_URL with the secret, or removes the webhook, and never prints either', async () => {
    const fake = await startFakeTelegram();
    const secret = 'a-telegram-webhook-secret-of-forty-characters';
    const env = {
      ...process.env,
      NODE_ENV: 'development',
      DATABASE_URL: db.url,
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.url,
      TELEGRAM_WEBHOOK_SECRET: secret,
      PUBLIC_URL: 'https://hotline.example.org',
    };
    try {
      const set = await run('node', [cli('telegram-webhook')], { env });
      expect(set.stdout).toContain('Webhook set to https://hotline.example.org/api/v1/messaging/telegram');
      expect(fake.calls.find((c) => c.method === 'setWebhook')?.params).toMatchObject({
        url: 'https://hotline.example.org/api/v1/messaging/telegram',
        secret_token: secret,
        allowed_updates: ['message'],
      });
      const removed = await run('node', [cli('telegram-webhook'), '--delete'], { env });
      expect(removed.stdout).toContain('Webhook removed');
      expect(removed.stdout).toContain('url (none)');
      expect(`${set.stdout}${set.stderr}${removed.stdout}${removed.stderr}`).not.toContain(secret);
      expect(`${set.stdout}${removed.stdout}`).not.toContain(fake.token.split(':')[1]);
      const plain = await fails(run('node', [cli('telegram-webhook')], { env: { ...env, PUBLIC_URL: 'http://localhost:3000' } }));
      expect(plain.code).toBe(2);
      expect(plain.stderr).toMatch(/https/);
    } finally {
      await fake.close();
    }
  });

  it('admin:create makes the first administrator and their office', async () => {
    const { stdout } = await run(
      'node',
      [cli('admin-create'), '--email', 'First.Admin@example.kz', '--password', 'a-long-admin-passphrase', '--office', 'Almaty'],
      { env: { ...process.env, DATABASE_URL: db.url } },
    );
    expect(stdout).toContain('Created administrator first.admin@example.kz in office Almaty');
    const [user] = await db.query<{ roles: string[]; office: string }>(
      `SELECT u.roles, o.name AS office FROM users u JOIN user_offices uo ON uo.user_id = u.id JOIN offices o ON o.id = uo.office_id WHERE u.email = 'first.admin@example.kz'`,
    );
    expect(user).toEqual({ roles: ['admin'], office: 'Almaty' });
    const [audit] = await db.query(`SELECT action FROM audit_log WHERE action = 'users.admin_created_by_cli'`);
    expect(audit).toBeDefined();
  });

  it('admin:create refuses a weak password or missing arguments off a terminal, and writes nothing', async () => {
    const weak = await fails(
      run('node', [cli('admin-create'), '--email', 'b@example.kz', '--password', 'short', '--office', 'Almaty'], {
        env: { ...process.env, DATABASE_URL: db.url },
      }),
    );
    expect(weak.code).toBe(1);
    expect(weak.stderr).toMatch(/too weak/);
    const missing = await fails(run('node', [cli('admin-create'), '--email', 'c@example.kz'], { env: { ...process.env, DATABASE_URL: db.url } }));
    expect(missing.stderr).toContain('--password is required');
    expect(await db.query(`SELECT 1 FROM users WHERE email IN ('b@example.kz', 'c@example.kz')`)).toEqual([]);
  });

  it('migrate is a no-op on an up-to-date database', async () => {
    expect(await runMigrations(db.url)).toEqual([]);
    const { stdout } = await run('node', [cli('migrate')], { env: { ...process.env, DATABASE_URL: db.url } });
    expect(stdout).toContain('up to date');
  });

  it('start-up preparation says which service is missing, where it looked and how to start it', async () => {
    const result = await fails(
      run('node', [cli('prepare')], {
        env: { ...process.env, DATABASE_URL: 'postgres://postgres@127.0.0.1:1/mayak', REDIS_URL: 'redis://127.0.0.1:2/0', NODE_ENV: 'development' },
      }),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('PostgreSQL is not reachable at 127.0.0.1:1');
    expect(result.stderr).toContain('Redis is not reachable at 127.0.0.1:2');
    expect(result.stderr).toContain('docker compose -f docker/compose.dev.yml up -d postgres');
  });

  it('start-up preparation loads demo users and casework into an empty database, once, with identifiers encrypted', async () => {
    const fresh = await createTestDatabase();
    try {
      const env = { ...process.env, DATABASE_URL: fresh.url, NODE_ENV: 'development', REDIS_KEY_PREFIX: `${fresh.name}_prepare` };
      const first = await run('node', [cli('prepare')], { env });
      expect(first.stdout).toMatch(/Loaded demo data: 9 users/);
      expect(first.stdout).toMatch(/Loaded demo casework: \d+ contacts, \d+ cases/);
      const second = await run('node', [cli('prepare')], { env });
      expect(second.stdout).not.toMatch(/Loaded demo/);
      const [counts] = await fresh.query<{ contacts: number; cases: number; critical: number }>(
        `SELECT (SELECT count(*)::int FROM contacts) AS contacts, (SELECT count(*)::int FROM cases) AS cases, (SELECT count(*)::int FROM cases WHERE priority = 'critical') AS critical`,
      );
      expect(counts.contacts).toBeGreaterThanOrEqual(5);
      expect(counts.cases).toBeGreaterThanOrEqual(3);
      expect(counts.critical).toBe(1);
      const [line] = await fresh.query<{ threads: number; whatsapp: number; owed: number; promised: number }>(
        `SELECT (SELECT count(*)::int FROM conversations) AS threads, (SELECT count(*)::int FROM conversations WHERE channel = 'whatsapp') AS whatsapp, (SELECT count(*)::int FROM callbacks WHERE reason = 'abandoned_call') AS owed, (SELECT count(*)::int FROM callbacks WHERE reason = 'scheduled' AND safe_start_minute = 780) AS promised`,
      );
      expect(line).toEqual({ threads: 2, whatsapp: 1, owed: 1, promised: 1 });
      const dump = JSON.stringify(
        await fresh.query(
          `SELECT k.phone_encrypted, p.name_encrypted, i.value_encrypted FROM contacts k LEFT JOIN people p ON p.id = k.person_id LEFT JOIN person_identifiers i ON i.person_id = p.id`,
        ),
      );
      expect(dump).not.toMatch(/998901234567|7015550123|Рустам/);
    } finally {
      await fresh.drop();
    }
  });
});
