import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import type Redis from 'ioredis';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { createRedis } from '../redis/redis-connection';
import { JobQueue, type QueueHealth } from './job-queue.port';
import { JOB_QUEUE, JobName, type JobOptions, type JobPayloads, QueueName, type RepeatOptions } from './queue-names';

/** Job options are decided here, in one place: retries with backoff, bounded history. */
const DEFAULTS = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: { age: 24 * 3600, count: 1_000 },
  removeOnFail: { age: 14 * 24 * 3600 },
} as const;

@Injectable()
export class BullMqJobQueue extends JobQueue implements OnApplicationShutdown {
  private readonly connection: Redis;
  private readonly queues = new Map<QueueName, Queue>();
  private readonly logger = new Logger('JobQueue');

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    super();
    this.connection = createRedis(config, { forQueue: true });
  }

  queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.connection, prefix: `${this.config.redisKeyPrefix}:bull`, defaultJobOptions: DEFAULTS });
      // While Redis is away the connection retries on its own; say so once per error, in our log.
      queue.on('error', (error) => this.logger.warn({ err: error, queue: name }, 'job queue cannot reach Redis'));
      this.queues.set(name, queue);
    }
    return queue;
  }

  async add<N extends JobName>(name: N, payload: JobPayloads[N], options: JobOptions = {}): Promise<void> {
    await this.queue(JOB_QUEUE[name]).add(name, payload, {
      ...(options.jobId ? { jobId: options.jobId } : {}),
      ...(options.delayMs ? { delay: options.delayMs } : {}),
      ...(options.attempts ? { attempts: options.attempts } : {}),
      ...(options.removeOnComplete ? { removeOnComplete: true, removeOnFail: true } : {}),
    });
  }

  async remove(name: JobName, jobId: string): Promise<boolean> {
    const job = await this.queue(JOB_QUEUE[name]).getJob(jobId);
    if (!job) return false;
    try {
      await job.remove();
      return true;
    } catch {
      return false; // running (locked): its handler re-checks the row
    }
  }

  async schedule<N extends JobName>(name: N, payload: JobPayloads[N], repeat: RepeatOptions): Promise<void> {
    await this.queue(JOB_QUEUE[name]).upsertJobScheduler(name, { every: repeat.everyMs }, { name, data: payload, opts: { attempts: 1 } });
  }

  async health(): Promise<QueueHealth[]> {
    return Promise.all(
      Object.values(QueueName).map(async (name) => {
        const queue = this.queue(name);
        const [counts, isPaused, workers] = await Promise.all([
          queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed'),
          queue.isPaused(),
          queue.getWorkersCount(),
        ]);
        return {
          name,
          isPaused,
          workers,
          counts: {
            waiting: counts.waiting ?? 0,
            active: counts.active ?? 0,
            delayed: counts.delayed ?? 0,
            failed: counts.failed ?? 0,
            completed: counts.completed ?? 0,
          },
        };
      }),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    await this.connection.quit().catch(() => this.connection.disconnect());
  }
}
