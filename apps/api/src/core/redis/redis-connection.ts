import Redis, { type RedisOptions } from 'ioredis';
import type { AppConfig } from '../config/app-config';

/** Where Redis is: REDIS_URL, or the master that REDIS_SENTINELS name (with REDIS_URL's password and database). */
export type RedisConnection = Pick<AppConfig, 'redisUrl'> & Partial<Pick<AppConfig, 'redisSentinel'>>;

export interface RedisClientPurpose {
  /** BullMQ and blocking readers: commands wait for a reconnect instead of failing. */
  forQueue?: boolean;
}

/**
 * The ioredis options for one connection. With Sentinels the client asks them for the current
 * master and follows a failover by itself; REDIS_URL then only supplies the credentials, the
 * database number and TLS (rediss://), and its host is ignored.
 */
export function redisClientOptions(connection: RedisConnection, purpose: RedisClientPurpose = {}): { url: string | null; options: RedisOptions } {
  const behaviour: RedisOptions = {
    maxRetriesPerRequest: purpose.forQueue ? null : 2,
    enableOfflineQueue: purpose.forQueue ? true : false,
    connectTimeout: 5_000,
    lazyConnect: false,
  };
  const sentinel = connection.redisSentinel;
  if (!sentinel) return { url: connection.redisUrl, options: behaviour };
  const url = new URL(connection.redisUrl);
  const database = Number(url.pathname.replace(/^\//, '') || '0');
  const tls = url.protocol === 'rediss:';
  return {
    url: null,
    options: {
      ...behaviour,
      sentinels: sentinel.sentinels,
      name: sentinel.masterName,
      ...(sentinel.sentinelPassword ? { sentinelPassword: sentinel.sentinelPassword } : {}),
      ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
      ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
      db: Number.isInteger(database) ? database : 0,
      ...(tls ? { tls: {}, enableTLSForSentinelMode: true } : {}),
    },
  };
}

export function createRedis(connection: RedisConnection, purpose: RedisClientPurpose = {}, overrides: RedisOptions = {}): Redis {
  const { url, options } = redisClientOptions(connection, purpose);
  return url ? new Redis(url, { ...options, ...overrides }) : new Redis({ ...options, ...overrides });
}

/** The address to name in a message: REDIS_URL's host, or the Sentinels and their master group. */
export function describeRedis(connection: RedisConnection): string {
  const sentinel = connection.redisSentinel;
  if (sentinel) return `master "${sentinel.masterName}" via Sentinels ${sentinel.sentinels.map((s) => `${s.host}:${s.port}`).join(', ')}`;
  try {
    const u = new URL(connection.redisUrl);
    return `${u.hostname}:${u.port || '6379'}`;
  } catch {
    return connection.redisUrl;
  }
}
