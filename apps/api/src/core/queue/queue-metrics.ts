import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Metrics } from '../metrics/metrics';
import { JobQueue } from './job-queue.port';

/**
 * Queue depth per queue and state, and the workers attached, read from Redis when
 * Prometheus scrapes. Registered by the API only: the numbers are the same from every
 * process, and one source keeps sums honest.
 */
@Injectable()
export class QueueMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: Metrics,
    private readonly queue: JobQueue,
  ) {}

  onModuleInit(): void {
    let latest: ReturnType<JobQueue['health']> | null = null;
    // Both gauges are collected in the same scrape: one read of Redis serves them.
    const health = () => {
      latest ??= this.queue.health().finally(() => setImmediate(() => (latest = null)));
      return latest;
    };
    this.metrics.registerScrapeGauge({
      name: 'mayak_queue_jobs',
      help: 'Jobs in each queue by state (waiting, active, delayed, failed, completed)',
      labelNames: ['queue', 'state'],
      read: async () => (await health()).flatMap((q) => Object.entries(q.counts).map(([state, value]) => ({ labels: { queue: q.name, state }, value }))),
    });
    this.metrics.registerScrapeGauge({
      name: 'mayak_queue_workers',
      help: 'Worker connections consuming each queue',
      labelNames: ['queue'],
      read: async () => (await health()).map((q) => ({ labels: { queue: q.name }, value: q.workers })),
    });
  }
}
