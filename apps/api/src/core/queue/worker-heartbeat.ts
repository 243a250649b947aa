import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type Redis from 'ioredis';
import { hostname } from 'node:os';
import { DataSource } from 'typeorm';
import { Clock } from '../clock/clock';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { REDIS } from '../redis/redis.module';
import { HEARTBEAT_INTERVAL_MS, HEARTBEAT_TTL_SECONDS, heartbeatKey, type Heartbeat } from './heartbeat-record';
import { WorkerHost } from './worker-host';

/**
 * Runs in the worker process: every few seconds, when its queue workers are running and
 * Postgres answers, it writes a Redis key that expires on its own. A worker that hangs,
 * loses Redis or Postgres, or dies stops renewing it (`cli/worker-health.ts` reads it).
 */
@Injectable()
export class WorkerHeartbeat implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('WorkerHeartbeat');
  private readonly key: string;
  private timer: NodeJS.Timeout | null = null;
  /** The beat being written: never two at once (a slow Postgres would pile them up), and awaited before the key is removed. */
  private inFlight: Promise<void> | null = null;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly workers: WorkerHost,
    private readonly clock: Clock,
  ) {
    this.key = heartbeatKey(config.redisKeyPrefix, hostname(), process.pid);
  }

  // The first beat comes one interval after start, once the queue workers (started by
  // WorkerHost's own bootstrap hook) are running.
  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.inFlight ??= this.beat().finally(() => (this.inFlight = null));
    }, HEARTBEAT_INTERVAL_MS);
    this.timer.unref();
  }

  /** A worker that is stopping is no longer healthy: the key goes before Redis closes. */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.inFlight;
    await this.redis.del(this.key).catch(() => undefined);
  }

  private async beat(): Promise<void> {
    try {
      const queues = this.workers.runningQueues();
      if (queues === 0) throw new Error('no queue worker is running');
      await this.dataSource.query('SELECT 1');
      const heartbeat: Heartbeat = { host: hostname(), pid: process.pid, at: this.clock.now().toISOString(), queues };
      await this.redis.set(this.key, JSON.stringify(heartbeat), 'EX', HEARTBEAT_TTL_SECONDS);
    } catch (error) {
      this.logger.warn({ err: error }, 'worker heartbeat not written');
    }
  }
}
