import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import type { Pool } from 'pg';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry, type MetricValue } from 'prom-client';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { isClusteredApiProcess } from '../cluster/api-process';
import { clusterMetrics, serveLocalMetrics } from '../cluster/cluster-metrics';

/** One value of a gauge read at scrape time; labels are codes (queue, state, office code), never ids or identifiers. */
export interface GaugeReading {
  labels?: Record<string, string>;
  value: number;
}

export interface ScrapeGauge {
  name: string;
  help: string;
  labelNames?: string[];
  read(): Promise<GaugeReading[]>;
}

/** A scrape must answer even when Postgres or Redis is slow: a read that takes longer keeps its last value. */
export const SCRAPE_READ_TIMEOUT_MS = 1_500;

const SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const JOB_SECONDS_BUCKETS = [0.005, 0.025, 0.1, 0.5, 1, 5, 15, 60, 300, 1800];

/**
 * The process's Prometheus registry: its own (not prom-client's global one), so that two
 * applications in one process (tests) do not share series.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  readonly httpRequestDuration: Histogram<'method' | 'route' | 'status_class'>;
  readonly jobDuration: Histogram<'queue' | 'job' | 'outcome'>;
  readonly sseConnections: Gauge;
  private readonly scrapeReadFailures: Counter<'gauge'>;
  private readonly logger = new Logger('Metrics');

  constructor(@InjectDataSource() dataSource: DataSource) {
    const registers = [this.registry];
    if (isClusteredApiProcess()) serveLocalMetrics(() => this.registry.getMetricsAsJSON());
    collectDefaultMetrics({ register: this.registry });
    this.httpRequestDuration = new Histogram({
      name: 'mayak_http_request_duration_seconds',
      help: 'HTTP requests by method, route template (never the path with its ids) and status class',
      labelNames: ['method', 'route', 'status_class'],
      buckets: SECONDS_BUCKETS,
      registers,
    });
    this.jobDuration = new Histogram({
      name: 'mayak_job_duration_seconds',
      help: 'Jobs run by this worker, by queue, job name and outcome (completed, failed)',
      labelNames: ['queue', 'job', 'outcome'],
      buckets: JOB_SECONDS_BUCKETS,
      registers,
    });
    this.sseConnections = new Gauge({ name: 'mayak_sse_connections', help: 'Server-Sent Events streams open on this API process', registers });
    this.scrapeReadFailures = new Counter({
      name: 'mayak_metrics_read_failures_total',
      help: 'Scrape-time reads that failed or took too long (the gauge kept its last value)',
      labelNames: ['gauge'],
      registers,
    });

    // Registered before any scrape-time gauge, so a scrape reads the pool before its own counts take connections from it.
    const pool = () => (dataSource.driver as PostgresDriver).master as Pool | undefined;
    new Gauge({
      name: 'mayak_db_pool_connections',
      help: "Connections in this process's Postgres pool: total open, and idle among them",
      labelNames: ['state'],
      registers,
      collect() {
        const p = pool();
        this.set({ state: 'total' }, p?.totalCount ?? 0);
        this.set({ state: 'idle' }, p?.idleCount ?? 0);
      },
    });
    new Gauge({
      name: 'mayak_db_pool_waiting_requests',
      help: 'Queries waiting for a free connection of the Postgres pool',
      registers,
      collect() {
        this.set(pool()?.waitingCount ?? 0);
      },
    });
  }

  /** A gauge whose value is read when Prometheus scrapes, bounded by SCRAPE_READ_TIMEOUT_MS. */
  registerScrapeGauge(definition: ScrapeGauge): void {
    const failures = this.scrapeReadFailures;
    const logger = this.logger;
    new Gauge({
      name: definition.name,
      help: definition.help,
      labelNames: definition.labelNames ?? [],
      registers: [this.registry],
      // Every API process reads the same rows: one reading, not their sum.
      aggregator: 'max',
      async collect() {
        let timer: NodeJS.Timeout | undefined;
        try {
          const readings = await Promise.race([
            definition.read(),
            new Promise<never>((_, reject) => {
              timer = setTimeout(() => reject(new Error(`read took longer than ${SCRAPE_READ_TIMEOUT_MS} ms`)), SCRAPE_READ_TIMEOUT_MS);
            }),
          ]);
          this.reset();
          for (const reading of readings) {
            if (reading.labels) this.set(reading.labels, reading.value);
            else this.set(reading.value);
          }
        } catch (error) {
          failures.inc({ gauge: definition.name });
          logger.warn({ err: error, gauge: definition.name }, 'metrics read failed; keeping the last value');
        } finally {
          clearTimeout(timer);
        }
      },
    });
  }

  /** The sum of a metric's series (those matching `labels`), collected now; 0 when it has none. */
  async total(name: string, labels: Record<string, string> = {}): Promise<number> {
    let values: MetricValue<string>[];
    if (isClusteredApiProcess()) {
      values = (await clusterMetrics()).json.find((metric) => metric.name === name)?.values ?? [];
    } else {
      const metric = this.registry.getSingleMetric(name);
      if (!metric) return 0;
      values = (await metric.get()).values;
    }
    return values.filter((v) => Object.entries(labels).every(([key, value]) => v.labels[key] === value)).reduce((sum, v) => sum + v.value, 0);
  }

  /** The Prometheus text: this process's registry, or the whole API's when it runs as several processes. */
  async render(): Promise<{ contentType: string; body: string }> {
    const body = isClusteredApiProcess() ? (await clusterMetrics()).text : await this.registry.metrics();
    return { contentType: this.registry.contentType, body };
  }

  /**
   * Times a request from now until its answer is sent. The route label is Express's matched
   * route template (`/api/v1/cases/:id`), so ids in paths never become labels; what matched no
   * route is `unmatched` (API) or `console` (the web console's files). Returns what to call
   * when the answer has gone out (the request pipeline's one close listener calls it).
   */
  startRequestTimer(request: Request, response: Response): () => void {
    const end = this.httpRequestDuration.startTimer();
    return () => {
      const template = (request.route as { path?: unknown } | undefined)?.path;
      const route = typeof template === 'string' ? template : request.originalUrl.startsWith('/api') ? 'unmatched' : 'console';
      end({ method: request.method, route, status_class: `${Math.floor(response.statusCode / 100)}xx` });
    };
  }
}
