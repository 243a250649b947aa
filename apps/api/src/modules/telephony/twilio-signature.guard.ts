import { CanActivate, ExecutionContext, Inject, Injectable, Logger } from '@nestjs/common';
import type { Request } from 'express';
import type { AppConfig } from '../../core/config/app-config';
import { APP_CONFIG } from '../../core/config/config.module';
import { DomainError } from '../../core/errors/domain-error';
import { TelephonyProvider } from './provider/telephony-provider';

/**
 * Every provider webhook must carry a valid X-Twilio-Signature over PUBLIC_URL + the path
 * and query it called + the form it posted; otherwise 403 before any handler runs, so a
 * forged request writes nothing.
 */
@Injectable()
export class TwilioSignatureGuard implements CanActivate {
  private readonly logger = new Logger('TwilioSignature');

  constructor(private readonly provider: TelephonyProvider, @Inject(APP_CONFIG) private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const header = request.headers['x-twilio-signature'];
    const signature = typeof header === 'string' ? header : undefined;
    const params: Record<string, string> = {};
    if (request.body && typeof request.body === 'object' && request.is('application/x-www-form-urlencoded')) {
      for (const [key, value] of Object.entries(request.body as Record<string, unknown>)) if (typeof value === 'string') params[key] = value;
    }
    const url = this.config.publicUrl + request.originalUrl;
    if (!this.provider.validateSignature(signature, url, params)) {
      this.logger.warn({ path: request.path, signed: !!signature }, 'refused a webhook with a missing or wrong signature');
      throw new DomainError('forbidden', 'Missing or invalid X-Twilio-Signature');
    }
    return true;
  }
}
