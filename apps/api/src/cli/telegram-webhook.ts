import { Api, GrammyError } from 'grammy';
import { loadConfig } from '../core/config/app-config';
import { parseArgs } from './prompt';

const WEBHOOK_PATH = '/api/v1/messaging/telegram';

/**
 * Tells Telegram where the bot's updates go: PUBLIC_URL + /api/v1/messaging/telegram with the
 * webhook secret (setWebhook), or nowhere (--delete, before TELEGRAM_MODE=polling). Prints
 * Telegram's view of the webhook afterwards; never prints the token or the secret.
 */
async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const config = loadConfig(process.env);
  const telegram = config.telegram;
  if (!telegram?.botToken) {
    console.error('TELEGRAM_BOT_TOKEN is not set: there is no bot to configure.');
    process.exitCode = 2;
    return;
  }
  const api = new Api(telegram.botToken, { apiRoot: telegram.apiRoot });
  try {
    if (args.delete === 'true') {
      await api.deleteWebhook();
      console.log('Webhook removed: the worker may now poll (TELEGRAM_MODE=polling).');
    } else {
      const url = `${config.publicUrl.replace(/\/+$/, '')}${WEBHOOK_PATH}`;
      if (!url.startsWith('https://')) {
        console.error(`Telegram only posts to https addresses; PUBLIC_URL gives ${url}.`);
        process.exitCode = 2;
        return;
      }
      await api.setWebhook(url, { secret_token: telegram.webhookSecret, allowed_updates: ['message'], drop_pending_updates: false });
      console.log(`Webhook set to ${url}.`);
    }
    const info = await api.getWebhookInfo();
    console.log(
      `Telegram reports: url ${info.url || '(none)'}, ${info.pending_update_count} update(s) pending${info.last_error_message ? `, last error: ${info.last_error_message}` : ''}.`,
    );
  } catch (error) {
    console.error(error instanceof GrammyError ? `Telegram refused: ${error.description}` : `Telegram could not be reached: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}

void main();
