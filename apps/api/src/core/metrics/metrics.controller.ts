import { Controller, Get, Headers, Header, Inject, Res, VERSION_NEUTRAL } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { Public } from '../auth/access.decorators';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { sha256 } from '../crypto/tokens';
import { DomainError, notFound } from '../errors/domain-error';
import { Metrics } from './metrics';

/**
 * Prometheus text format at /api/metrics, for a scraper that can only reach the API's port:
 * only with `Authorization: Bearer <METRICS_TOKEN>`, and not there at all without a token
 * configured. Left out of the OpenAPI document: it is for Prometheus, not the console.
 */
@ApiExcludeController()
@Controller({ path: 'metrics', version: VERSION_NEUTRAL })
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Public()
  @Header('Cache-Control', 'no-store')
  async scrape(@Headers('authorization') authorization: string | undefined, @Res() response: Response): Promise<void> {
    const token = this.config.metrics.token;
    if (!token) throw notFound('This route');
    const presented = /^Bearer (\S+)$/i.exec(authorization ?? '')?.[1];
    if (!presented || !timingSafeEqual(sha256(presented), sha256(token)) /* digests: equal lengths, so the length is not leaked either */)
      throw new DomainError('unauthenticated', 'Send Authorization: Bearer <METRICS_TOKEN>');
    const { contentType, body } = await this.metrics.render();
    response.status(200).type(contentType).send(body);
  }
}
