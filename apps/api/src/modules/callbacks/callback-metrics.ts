import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Clock } from '#api/core/clock/clock';
import { Metrics } from '#api/core/metrics/metrics';
import { CallbacksRepository } from './callbacks.repository';

/** Callbacks due and overdue, per office, read when Prometheus scrapes. */
@Injectable()
export class CallbackMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: Metrics,
    private readonly callbacks: CallbacksRepository,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    let latest: ReturnType<CallbacksRepository['countDueByOffice']> | null = null;
    // Both gauges are collected in the same scrape: one query serves them.
    const counts = () => {
      latest ??= this.callbacks.countDueByOffice(this.clock.now()).finally(() => setImmediate(() => (latest = null)));
      return latest;
    };
    this.metrics.registerScrapeGauge({
      name: 'mayak_callbacks_due',
      help: 'Callbacks due now (scheduled and past their time, due, or being placed), per office code',
      labelNames: ['office'],
      read: async () => (await counts()).map((row) => ({ labels: { office: row.officeCode }, value: row.due })),
    });
    this.metrics.registerScrapeGauge({
      name: 'mayak_callbacks_overdue',
      help: 'Callbacks still open more than 30 minutes after they were due, per office code',
      labelNames: ['office'],
      read: async () => (await counts()).map((row) => ({ labels: { office: row.officeCode }, value: row.overdue })),
    });
  }
}
