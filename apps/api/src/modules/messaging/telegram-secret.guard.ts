import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import type { AppConfig } from '#api/core/config/app-config';
import { APP_CONFIG } from '#api/core/config/config.module';
import { DomainError, notFound } from '#api/core/errors/domain-error';

/**
 * Telegram's webhook is not signed: it carries the secret given to setWebhook in
 * X-Telegram-Bot-Api-Secret-Token, compared here in constant time. Without a bot the route
 * does not exist.
 */
@Injectable()
export class TelegramSecretGuard implements CanActivate {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const telegram = this.config.telegram;
    if (!telegram || telegram.mode !== 'webhook') throw notFound('Route');
    const header = context.switchToHttp().getRequest<Request>().headers['x-telegram-bot-api-secret-token'];
    const given = Buffer.from(typeof header === 'string' ? header : '');
    const expected = Buffer.from(telegram.webhookSecret);
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      throw new DomainError('forbidden', 'The Telegram webhook secret is missing or wrong');
    return true;
  }
}
