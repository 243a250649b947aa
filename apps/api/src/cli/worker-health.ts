import { hostname } from 'node:os';
import { loadConfig } from '../core/config/app-config';
import { HEARTBEAT_TTL_SECONDS, heartbeatKey, type Heartbeat } from '../core/queue/heartbeat-record';
import { parseArgs } from './prompt';
import { createRedis } from '../core/redis/redis-connection';

/** A health check must answer quickly, whatever Redis does. */
const GIVE_UP_MS = 5_000;

/**
 * The worker's health check: exits 0 when a worker on this host (or, with --any, any
 * worker of this installation) renewed its heartbeat within the last HEARTBEAT_TTL_SECONDS,
 * 1 otherwise. Compose runs it inside the worker's container.
 */
async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const config = loadConfig();
  const pattern = heartbeatKey(config.redisKeyPrefix, args.any === 'true' ? '*' : hostname(), '*');
  const redis = createRedis(
    config,
    {},
    {
      lazyConnect: true,
      connectTimeout: 3_000,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      retryStrategy: () => null,
      sentinelRetryStrategy: () => null,
    },
  );
  try {
    await redis.connect();
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, found] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      keys.push(...found);
      cursor = next;
    } while (cursor !== '0');
    const beats = (keys.length ? await redis.mget(...keys) : []).filter((v): v is string => v !== null).map((v) => JSON.parse(v) as Heartbeat);
    if (!beats.length) {
      console.error(`unhealthy: no worker heartbeat matching ${pattern} in the last ${HEARTBEAT_TTL_SECONDS} s`);
      return 1;
    }
    for (const beat of beats) console.log(`healthy: worker ${beat.host}:${beat.pid} running ${beat.queues} queue(s), last beat ${beat.at}`);
    return 0;
  } finally {
    redis.disconnect();
  }
}

setTimeout(() => {
  console.error(`unhealthy: no answer from Redis within ${GIVE_UP_MS} ms`);
  process.exit(1);
}, GIVE_UP_MS).unref();

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`unhealthy: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
