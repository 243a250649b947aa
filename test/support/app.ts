import type { NestExpressApplication } from '@nestjs/platform-express';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiApp } from '#api/bootstrap/configure-app';
import { Clock, PinnedClock, SystemClock } from '#api/core/clock/clock';
import { seedDemoData } from '#api/seed/demo-seed';
import { createTestDatabase, testKeyPrefix, type TestDatabase } from './database';

export interface TestApp {
  app: NestExpressApplication;
  baseUrl: string;
  db: TestDatabase;
  redisKeyPrefix: string;
  env: Record<string, string>;
  /** The application's clock: what "now" and "today" are for this run (pinned by MAYAK_TEST_CLOCK). */
  clock: Clock;
  close(): Promise<void>;
}

/**
 * Boots the real HTTP application on a free loopback port, against its own database
 * (a copy of the migrated template) and its own Redis key prefix, with the demo users.
 * `routeDatabase` / `routeRedis` rewrite the URLs the application gets (e.g. through a TcpProxy);
 * `database` boots it on an existing database instead.
 */
export async function startTestApp(
  overrides: Record<string, string> = {},
  options: { routeDatabase?: (url: string) => string; routeRedis?: (url: string) => string; database?: TestDatabase } = {},
): Promise<TestApp> {
  // A database the caller brings (e.g. a restored dump) stays the caller's to drop.
  const db = options.database ?? (await createTestDatabase());
  const redisKeyPrefix = testKeyPrefix();
  const same = (url: string) => url;
  // Files from messages go to a directory of this app's own, removed with it.
  const filesDir = mkdtempSync(join(tmpdir(), 'mayak-files-'));
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    DATABASE_URL: (options.routeDatabase ?? same)(db.url),
    REDIS_URL: (options.routeRedis ?? same)(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0'),
    REDIS_KEY_PREFIX: redisKeyPrefix,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    WEB_DIST_PATH: join(__dirname, '../../dist/apps/web'),
    MFA_REQUIRED_ROLES: '',
    ATTACHMENTS_DIR: filesDir,
    ...pinnedClockEnv(),
    ...overrides,
  };
  const previous = { ...process.env };
  Object.assign(process.env, env);
  let app: NestExpressApplication;
  try {
    app = await createApiApp();
    await app.listen(0, '127.0.0.1');
  } finally {
    process.env = previous;
  }
  const clock = app.get(Clock);
  // The test's own connection reads the same clock as the application's (mayak_now()).
  await db.query(`SELECT set_config('mayak.clock_offset_ms', $1, false)`, [String(Math.round(clock.offsetFromSystemMs()))]);
  await seedDemoData(app);
  const address = app.getHttpServer().address() as { port: number };
  return {
    app,
    baseUrl: `http://127.0.0.1:${address.port}`,
    db,
    redisKeyPrefix,
    env,
    clock,
    close: async () => {
      await app.close();
      if (!options.database) await db.drop();
      rmSync(filesDir, { recursive: true, force: true });
    },
  };
}

/**
 * `MAYAK_TEST_CLOCK` (an ISO instant) pins the run's clock: every application and worker a
 * test file starts shows that instant when the file starts, and runs on from there.
 */
export function pinnedClockEnv(): Record<string, string> {
  const pinned = process.env.MAYAK_TEST_CLOCK;
  return pinned ? { MAYAK_CLOCK_START: pinned, MAYAK_CLOCK_STARTED_AT: new Date().toISOString() } : {};
}

/** The clock that processes started with `env` read (pinned when it carries MAYAK_CLOCK_START). */
export function clockFor(env: Record<string, string>): Clock {
  if (!env.MAYAK_CLOCK_START) return new SystemClock();
  return new PinnedClock(new Date(env.MAYAK_CLOCK_START), env.MAYAK_CLOCK_STARTED_AT ? new Date(env.MAYAK_CLOCK_STARTED_AT) : undefined);
}
