import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Metrics } from '#api/core/metrics/metrics';
import { CallsRepository } from './calls.repository';

/** Calls waiting for an operator, per office, read when Prometheus scrapes. */
@Injectable()
export class TelephonyMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: Metrics,
    private readonly calls: CallsRepository,
  ) {}

  onModuleInit(): void {
    this.metrics.registerScrapeGauge({
      name: 'mayak_calls_waiting',
      help: 'Callers waiting in the telephony queue, per office code',
      labelNames: ['office'],
      read: async () => (await this.calls.countWaitingByOffice()).map((row) => ({ labels: { office: row.officeCode }, value: row.waiting })),
    });
  }
}
