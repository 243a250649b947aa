import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../auth/access.decorators';
import { Clock } from '../clock/clock';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Metrics } from './metrics';

export class DbPoolSummaryDto {
  @ApiProperty() total!: number;
  @ApiProperty() idle!: number;
  @ApiProperty({ description: 'Queries waiting for a free connection' }) waiting!: number;
}

export class MetricsScrapeDto {
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Path on the API that serves Prometheus text with the bearer token; null when METRICS_TOKEN is not set',
  })
  apiPath!: string | null;
  @ApiProperty({ description: 'Host the metrics ports are bound to' }) host!: string;
  @ApiProperty({ type: Number, nullable: true, description: "The API's own metrics port (METRICS_PORT), null when off" }) apiPort!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: "The worker's metrics port (WORKER_METRICS_PORT), null when off" }) workerPort!: number | null;
}

export class MetricsSummaryDto {
  @ApiProperty({ format: 'date-time' }) checkedAt!: string;
  @ApiProperty({ description: 'Callers waiting in the telephony queue, all offices' }) callsWaiting!: number;
  @ApiProperty({ description: 'Callbacks due now, all offices' }) callbacksDue!: number;
  @ApiProperty({ description: 'Callbacks open more than 30 minutes past due, all offices' }) callbacksOverdue!: number;
  @ApiProperty({ description: 'Event streams open on the API process that answered' }) sseConnections!: number;
  @ApiProperty({ type: DbPoolSummaryDto, description: "The answering API process's Postgres pool" }) dbPool!: DbPoolSummaryDto;
  @ApiProperty({ type: MetricsScrapeDto }) scrape!: MetricsScrapeDto;
}

/** The key figures Prometheus scrapes, for the console's Queues screen: read from the same registry, so they agree. */
@ApiTags('admin')
@Controller({ path: 'admin/metrics', version: '1' })
export class MetricsSummaryController {
  constructor(
    private readonly metrics: Metrics,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @RequirePermission('queues.read')
  @ApiOkResponse({ type: MetricsSummaryDto })
  async metricsSummary(): Promise<MetricsSummaryDto> {
    // The pool first: the counts below take connections of their own, and would show up as its use.
    const [poolTotal, poolIdle, poolWaiting] = await Promise.all([
      this.metrics.total('mayak_db_pool_connections', { state: 'total' }),
      this.metrics.total('mayak_db_pool_connections', { state: 'idle' }),
      this.metrics.total('mayak_db_pool_waiting_requests'),
    ]);
    const [callsWaiting, callbacksDue, callbacksOverdue, sseConnections] = await Promise.all([
      this.metrics.total('mayak_calls_waiting'),
      this.metrics.total('mayak_callbacks_due'),
      this.metrics.total('mayak_callbacks_overdue'),
      this.metrics.total('mayak_sse_connections'),
    ]);
    const { token, host, apiPort, workerPort } = this.config.metrics;
    return {
      checkedAt: this.clock.now().toISOString(),
      callsWaiting,
      callbacksDue,
      callbacksOverdue,
      sseConnections,
      dbPool: { total: poolTotal, idle: poolIdle, waiting: poolWaiting },
      scrape: { apiPath: token ? '/api/metrics' : null, host, apiPort, workerPort },
    };
  }
}
