// Plays Telegram against a running Mayak API: posts an Update to the bot's webhook with the
// secret header, exactly as Telegram does after setWebhook(url, secret_token).
import { SimulationError } from './twilio-simulator.mjs';

export const TELEGRAM_WEBHOOK_PATH = '/api/v1/messaging/telegram';
export const DEV_TELEGRAM_SECRET = 'mayak-local-telegram-secret';

export function defaultTelegramSecret(env = process.env) {
  return env.TELEGRAM_WEBHOOK_SECRET || DEV_TELEGRAM_SECRET;
}

/** A number that only grows, so every simulated update is new to the API (Telegram's update_id increases). */
function nextUpdateId() {
  return Math.floor(Date.now() / 10) % 2_000_000_000;
}

/**
 * A private message to the bot. Options: baseUrl, secret, fromId (the user's numeric id), name
 * ("First Last"), body, photo (true: a photo, body as its caption), latitude/longitude,
 * sharePhone (the user shares their own contact card with this number), updateId, timeoutMs.
 */
export async function simulateTelegram(options) {
  const fromId = Number(options.fromId);
  if (!Number.isSafeInteger(fromId) || fromId <= 0) throw new SimulationError('a Telegram user id is a positive whole number');
  const [first, ...rest] = String(options.name ?? 'Telegram user').split(' ');
  const user = { id: fromId, is_bot: false, first_name: first, ...(rest.length ? { last_name: rest.join(' ') } : {}), language_code: 'ru' };
  const updateId = options.updateId ?? nextUpdateId();
  const message = {
    message_id: updateId % 1_000_000,
    date: Math.floor(Date.now() / 1000),
    chat: { id: fromId, type: 'private', first_name: user.first_name },
    from: user,
  };
  const body = String(options.body ?? '');
  if (options.photo) {
    Object.assign(message, {
      photo: [
        { file_id: `AgAC${updateId}s`, file_unique_id: `s${updateId}`, width: 90, height: 90 },
        { file_id: `AgAC${updateId}l`, file_unique_id: `l${updateId}`, width: 1280, height: 960 },
      ],
    });
    if (body) Object.assign(message, { caption: body });
  } else if (options.latitude !== undefined) {
    Object.assign(message, { location: { latitude: Number(options.latitude), longitude: Number(options.longitude) } });
  } else if (options.sharePhone) {
    Object.assign(message, { contact: { phone_number: String(options.sharePhone).replace(/^\+/, ''), first_name: user.first_name, user_id: fromId } });
  } else {
    Object.assign(message, { text: body });
  }
  const update = { update_id: updateId, message };
  const url = `${String(options.baseUrl).replace(/\/+$/, '')}${TELEGRAM_WEBHOOK_PATH}`;
  let response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': options.secret ?? defaultTelegramSecret() },
      body: JSON.stringify(update),
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
    });
  } catch (error) {
    throw new SimulationError(`POST ${TELEGRAM_WEBHOOK_PATH}: ${error.message}`);
  }
  const text = await response.text();
  const step = { label: 'Telegram update received', path: TELEGRAM_WEBHOOK_PATH, status: response.status, ok: response.ok };
  options.log?.(step);
  if (!response.ok) {
    const hint =
      response.status === 403
        ? ' (secret refused: pass --secret, the API’s TELEGRAM_WEBHOOK_SECRET)'
        : response.status === 404
          ? ' (this API has no Telegram bot)'
          : '';
    throw new SimulationError(`POST ${TELEGRAM_WEBHOOK_PATH} answered ${response.status}${hint}: ${text.slice(0, 500)}`);
  }
  return { updateId, steps: [step] };
}
