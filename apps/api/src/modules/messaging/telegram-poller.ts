import { Inject, Injectable, Logger, Optional, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '#api/core/config/app-config';
import { APP_CONFIG } from '#api/core/config/config.module';
import { TelegramBot } from './channels/telegram-adapter';
import { InboundMessages } from './inbound-messages.service';

const LONG_POLL_SECONDS = 25;
const PAUSE_AFTER_ERROR_MS = 5_000;

/**
 * TELEGRAM_MODE=polling (a development bot without a public address): the worker asks
 * Telegram for updates and stores each one exactly as the webhook would. Telegram forgets an
 * update once a later offset is asked for, which happens only after it is stored.
 */
@Injectable()
export class TelegramPoller implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('TelegramPoller');
  private readonly abort = new AbortController();
  private loop: Promise<void> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly inbound: InboundMessages,
    @Optional() @Inject(TelegramBot) private readonly bot: TelegramBot | null,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.telegram?.mode !== 'polling' || !this.bot) return;
    this.loop = this.run(this.bot);
  }

  async onApplicationShutdown(): Promise<void> {
    this.abort.abort();
    await this.loop;
  }

  private async run(bot: TelegramBot): Promise<void> {
    this.logger.log('polling Telegram for updates');
    let offset = 0;
    while (!this.abort.signal.aborted) {
      try {
        const updates = await bot.getUpdates(offset, LONG_POLL_SECONDS, this.abort.signal);
        for (const update of updates) {
          await this.inbound.telegramUpdate(update);
          offset = Math.max(offset, update.update_id + 1);
        }
      } catch (error) {
        if (this.abort.signal.aborted) break;
        this.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'Telegram polling failed; trying again shortly');
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, PAUSE_AFTER_ERROR_MS);
          this.abort.signal.addEventListener(
            'abort',
            () => {
              clearTimeout(timer);
              resolve();
            },
            { once: true },
          );
        });
      }
    }
  }
}
