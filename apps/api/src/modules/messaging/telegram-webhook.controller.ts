import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '#api/core/auth/access.decorators';
import { InboundMessages } from './inbound-messages.service';
import { TelegramSecretGuard } from './telegram-secret.guard';

/**
 * Where Telegram posts the bot's updates (setWebhook with secret_token). Public, but every
 * request must carry the secret; each update is stored before it is filed, once per update_id.
 * Left out of the OpenAPI document: the console never calls it.
 */
@ApiExcludeController()
@Public()
@UseGuards(TelegramSecretGuard)
@Controller({ path: 'messaging/telegram', version: '1' })
export class TelegramWebhookController {
  constructor(private readonly inbound: InboundMessages) {}

  @Post()
  @HttpCode(200)
  async update(@Body() update: Record<string, unknown>): Promise<void> {
    await this.inbound.telegramUpdate(update);
  }
}
