import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { createServer, type Server } from 'node:http';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Metrics } from './metrics';

/** Which of the configured ports this process's metrics server listens on (API: METRICS_PORT; worker: WORKER_METRICS_PORT). */
export const METRICS_SERVER_PORT = 'METRICS_SERVER_PORT';

/**
 * `GET /metrics` on a port of its own, bound to METRICS_HOST (loopback by default): what
 * Prometheus scrapes from inside the private network. The worker has no other HTTP server.
 * A port that cannot be opened is logged, not fatal: jobs matter more than their metrics.
 */
@Injectable()
export class MetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('MetricsServer');
  private server: Server | null = null;

  constructor(
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(METRICS_SERVER_PORT) private readonly port: number | null,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.port === null) return;
    const server = createServer((request, response) => {
      if (request.method !== 'GET' || (request.url ?? '').split('?')[0] !== '/metrics') {
        response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found: scrape /metrics\n');
        return;
      }
      this.metrics.render().then(
        ({ contentType, body }) => response.writeHead(200, { 'Content-Type': contentType, 'Cache-Control': 'no-store' }).end(body),
        (error: unknown) => {
          this.logger.error({ err: error }, 'could not render metrics');
          response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end('metrics unavailable\n');
        },
      );
    });
    await new Promise<void>((resolve) => {
      server.once('error', (error) => {
        this.logger.error({ err: error, host: this.config.metrics.host, port: this.port }, 'metrics port could not be opened; metrics are not served on it');
        resolve();
      });
      server.listen(this.port!, this.config.metrics.host, () => {
        this.server = server;
        this.logger.log(`metrics on http://${this.config.metrics.host}:${this.port}/metrics`);
        resolve();
      });
    });
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
