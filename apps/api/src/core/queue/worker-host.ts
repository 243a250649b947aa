import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { type Job, Worker } from 'bullmq';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Metrics } from '../metrics/metrics';
import { createRedis } from '../redis/redis-connection';
import { JOB_HANDLER, type JobHandlerFn } from './job-handler';
import { JobQueue } from './job-queue.port';
import { JOB_QUEUE, JobName, QueueName } from './queue-names';

/** A callback job takes milliseconds; its lock is renewed every half of this while it runs. */
const CALLBACK_LOCK_MS = 10_000;

export function collectHandlers(entries: { jobName: JobName; fn: JobHandlerFn<JobName>; owner: string }[]): Map<JobName, JobHandlerFn<JobName>> {
  const handlers = new Map<JobName, JobHandlerFn<JobName>>();
  const owners = new Map<JobName, string>();
  for (const entry of entries) {
    if (owners.has(entry.jobName)) throw new Error(`Job ${entry.jobName} has two handlers: ${owners.get(entry.jobName)} and ${entry.owner}`);
    owners.set(entry.jobName, entry.owner);
    handlers.set(entry.jobName, entry.fn);
  }
  const missing = Object.values(JobName).filter((name) => !handlers.has(name));
  if (missing.length) throw new Error(`No handler for job(s): ${missing.join(', ')}`);
  return handlers;
}

/** Runs in the worker process only: one BullMQ worker per queue, dispatching by job name. */
@Injectable()
export class WorkerHost implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Worker');
  private readonly workers: Worker[] = [];
  private scheduleKeeper: NodeJS.Timeout | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly queue: JobQueue,
    private readonly metrics: Metrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const entries: { jobName: JobName; fn: JobHandlerFn<JobName>; owner: string }[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object') continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const fn = instance[method];
        if (typeof fn !== 'function') continue;
        const jobName = this.reflector.get<JobName | undefined>(JOB_HANDLER, fn as () => unknown);
        if (jobName) entries.push({ jobName, fn: (fn as JobHandlerFn<JobName>).bind(instance), owner: `${wrapper.name}.${method}` });
      }
    }
    const handlers = collectHandlers(entries);

    for (const queueName of Object.values(QueueName)) {
      const worker = new Worker(
        queueName,
        async (job: Job) => {
          const handler = handlers.get(job.name as JobName);
          // Job names are label values: only the ones we define, so a stray job cannot add series.
          const endTimer = this.metrics.jobDuration.startTimer({ queue: queueName, job: handler ? job.name : 'unknown' });
          try {
            if (!handler || JOB_QUEUE[job.name as JobName] !== queueName) throw new Error(`No handler for ${job.name} on ${queueName}`);
            const result = await handler(job.data);
            endTimer({ outcome: 'completed' });
            return result;
          } catch (error) {
            endTimer({ outcome: 'failed' });
            throw error;
          }
        },
        {
          connection: createRedis(this.config, { forQueue: true }),
          prefix: `${this.config.redisKeyPrefix}:bull`,
          autorun: true,
          // Callbacks are short database updates that must start on time: many at once, and a
          // short lock so that the job of a worker that died is taken over within seconds, not a minute.
          ...(queueName === QueueName.Callbacks
            ? { concurrency: 32, lockDuration: CALLBACK_LOCK_MS, stalledInterval: CALLBACK_LOCK_MS / 2 }
            : { concurrency: 4 }),
        },
      );
      worker.on('failed', (job, error) => this.logger.warn({ job: job?.name, jobId: job?.id, err: error }, 'job failed'));
      worker.on('error', (error) => this.logger.error({ err: error }, 'worker error'));
      this.workers.push(worker);
    }
    await this.registerSchedules();
    // Redis only delivers: if it is flushed or replaced, the schedules vanish with it. Putting
    // them back on a timer of our own (idempotent) is what lets the reconciler bring back the rest.
    const everyMs = Math.min(30, this.config.callbacks.reconcileIntervalSeconds) * 1000;
    this.scheduleKeeper = setInterval(
      () => void this.registerSchedules().catch((error: unknown) => this.logger.warn({ err: error }, 'could not register job schedules')),
      everyMs,
    );
    this.scheduleKeeper.unref();
    this.logger.log(`worker running ${handlers.size} job type(s) on ${this.workers.length} queue(s)`);
  }

  private async registerSchedules(): Promise<void> {
    await this.queue.schedule(JobName.AuditSeal, {}, { everyMs: this.config.auditSealIntervalSeconds * 1000 });
    await this.queue.schedule(JobName.AuditCheckpoint, {}, { everyMs: this.config.auditChain.checkpointIntervalSeconds * 1000 });
    await this.queue.schedule(JobName.DeadlineWatch, {}, { everyMs: this.config.deadlines.watchIntervalSeconds * 1000 });
    await this.queue.schedule(JobName.CallbackReconcile, {}, { everyMs: this.config.callbacks.reconcileIntervalSeconds * 1000 });
    await this.queue.schedule(JobName.RetentionRun, {}, { everyMs: this.config.retentionRunIntervalHours * 3600_000 });
    await this.queue.schedule(JobName.DashboardRollup, {}, { everyMs: 60_000 });
    await this.queue.schedule(JobName.VoicemailReconcile, {}, { everyMs: 60_000 });
    await this.queue.schedule(JobName.InboundMessagesSweep, {}, { everyMs: 30_000 });
    await this.queue.schedule(JobName.AttachmentsReconcile, {}, { everyMs: 60_000 });
    await this.queue.schedule(JobName.MailsReconcile, {}, { everyMs: 30_000 });
    await this.queue.schedule(JobName.NotificationsWatch, {}, { everyMs: this.config.mail.watchIntervalSeconds * 1000 });
  }

  /** How many queue workers are running now (what the heartbeat reports). */
  runningQueues(): number {
    return this.workers.filter((w) => w.isRunning()).length;
  }

  /** Graceful: waits for running jobs to finish before the process exits. */
  async onApplicationShutdown(): Promise<void> {
    if (this.scheduleKeeper) clearInterval(this.scheduleKeeper);
    await Promise.all(this.workers.map((w) => w.close()));
  }
}
