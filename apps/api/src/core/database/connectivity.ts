import { Client } from 'pg';
import { createRedis, describeRedis, type RedisConnection } from '../redis/redis-connection';

export class DependencyUnavailable extends Error {}

/** The URL with any password replaced, safe to print. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

function hostOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || (u.protocol.startsWith('redis') ? '6379' : '5432')}`;
  } catch {
    return url;
  }
}

/**
 * Checks Postgres; creates the database when the server is up but the database is
 * missing (first run). Throws a message that says what is wrong and how to fix it.
 */
export async function ensurePostgres(databaseUrl: string, options: { createIfMissing: boolean }): Promise<'existing' | 'created'> {
  const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return 'existing';
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === '3D000' && options.createIfMissing) {
      const target = new URL(databaseUrl);
      const name = decodeURIComponent(target.pathname.slice(1));
      const admin = new URL(databaseUrl);
      admin.pathname = '/postgres';
      const adminClient = new Client({ connectionString: admin.toString(), connectionTimeoutMillis: 5_000 });
      await adminClient.connect();
      try {
        await adminClient.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
      } finally {
        await adminClient.end();
      }
      return 'created';
    }
    throw new DependencyUnavailable(
      [
        `PostgreSQL is not reachable at ${hostOf(databaseUrl)} (DATABASE_URL=${redactUrl(databaseUrl)}): ${(error as Error).message}`,
        'Start it, for example:',
        '  docker compose -f docker/compose.dev.yml up -d postgres',
        '  or, on Debian: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
        'or point DATABASE_URL at a running server.',
      ].join('\n'),
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function ensureRedis(connection: RedisConnection): Promise<void> {
  const redis = createRedis(connection, {}, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, sentinelRetryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new DependencyUnavailable(
      [
        `Redis is not reachable at ${describeRedis(connection)} (REDIS_URL=${redactUrl(connection.redisUrl)}): ${(error as Error).message}`,
        'Start it, for example:',
        '  docker compose -f docker/compose.dev.yml up -d redis',
        '  or: redis-server --daemonize yes --bind 127.0.0.1 --port 6379',
        'or point REDIS_URL (or REDIS_SENTINELS) at a running server.',
      ].join('\n'),
    );
  } finally {
    redis.disconnect();
  }
}
