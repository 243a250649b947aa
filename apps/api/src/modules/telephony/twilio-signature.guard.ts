import { CanActivate, ExecutionContext, Inject, Injectable, Logger } from '@nestjs/common';
import type { Request } from 'express';
import type { AppConfig } from '#api/core/config/app-config';
import { APP_CONFIG } from '#api/core/config/config.module';
import { DomainError, fieldInvalid } from '#api/core/errors/domain-error';
import { TelephonyProvider } from './provider/telephony-provider';

/**
 * Every provider webhook must carry a valid X-Twilio-Signature over PUBLIC_URL + the path
 * and query it called + the form it posted; otherwise 403 before any handler runs, so a
 * forged request writes nothing.
 *
 * The form checked is the form handled: only form bodies get here (others are 415, see
 * requireFormBodies), each field must be a single string, and the handler receives the very
 * object that was verified. A repeated field is refused with 400 rather than verified:
 * Twilio never repeats a field in these webhooks (media come as MediaUrl0, MediaUrl1, ...),
 * and the twilio library signs a repeated field's distinct values sorted, so neither their
 * order nor their count is covered: To=a&To=b and To=b&To=a share one signature, as do To=a
 * and To=a&To=a. No handler could tell which value Twilio meant.
 */
@Injectable()
export class TwilioSignatureGuard implements CanActivate {
  private readonly logger = new Logger('TwilioSignature');

  constructor(
    private readonly provider: TelephonyProvider,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const params = singleValuedForm(request.body);
    const header = request.headers['x-twilio-signature'];
    const signature = typeof header === 'string' ? header : undefined;
    const url = this.config.publicUrl + request.originalUrl;
    if (!this.provider.validateSignature(signature, url, params)) {
      this.logger.warn({ path: request.path, signed: !!signature }, 'refused a webhook with a missing or wrong signature');
      throw new DomainError('forbidden', 'Missing or invalid X-Twilio-Signature');
    }
    request.body = params;
    return true;
  }
}

/** The posted form as name -> value, or 400 when a field is repeated (or the body is not a parsed form). */
function singleValuedForm(body: unknown): Record<string, string> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new DomainError('unsupported_media_type', 'Send the body as application/x-www-form-urlencoded, as Twilio does');
  }
  // No prototype, so a field named __proto__ stays a field.
  const params = Object.create(null) as Record<string, string>;
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (typeof value !== 'string') throw fieldInvalid(key, 'repeated_field', `${key} is sent more than once; Twilio sends each field once`);
    params[key] = value;
  }
  return params;
}
