import { APP_CONFIG } from '#api/core/config/config.module';
import type { AppConfig } from '#api/core/config/app-config';
import { TelegramBotApi } from '#api/modules/messaging/channels/telegram-adapter';
import { InboundMessages } from '#api/modules/messaging/inbound-messages.service';
import { TelegramPoller } from '#api/modules/messaging/telegram-poller';
import { IdentifierVault } from '#api/modules/people/identifier-vault';
import { startTestApp, type TestApp } from '../support/app';
import { signedIn, type TestClient } from '../support/client';
import { startFakeTelegram, type FakeTelegram } from '../support/fake-telegram';
import { waitFor } from '../support/waiting';
import { ACCOUNT_SID, HOTLINE, newMessageSid, postWebhook } from '../support/twilio-webhooks';

const SECRET = 'telegram-webhook-secret-for-the-tests_0123456789';
const PUBLIC_URL = 'https://hotline.example.org';

describe('telegram: the line’s bot, stored first, answered on Telegram', () => {
  let fake: FakeTelegram;
  let t: TestApp;
  let operator: TestClient;
  let nextUpdate = 500_000;
  let nextMessage = 1;
  const ids: Record<string, string> = {};

  /** A private-chat message as Telegram sends it in an Update. */
  const update = (userId: number, content: Record<string, unknown>, from: Record<string, unknown> = {}) => ({
    update_id: nextUpdate++,
    message: {
      message_id: nextMessage++,
      date: 1796000000,
      chat: { id: userId, type: 'private', first_name: 'Дильноза', last_name: 'Каримова' },
      from: { id: userId, is_bot: false, first_name: 'Дильноза', last_name: 'Каримова', language_code: 'ru', ...from },
      ...content,
    },
  });
  const post = (body: unknown, secret: string | null = SECRET) =>
    fetch(`${t.baseUrl}/api/v1/messaging/telegram`, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json', ...(secret === null ? {} : { 'x-telegram-bot-api-secret-token': secret }) },
    });
  const count = async (table: string, where = 'true') => Number((await t.db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE ${where}`))[0].n);
  const conversationOfUser = async (userId: number) => {
    const hash = t.app.get(IdentifierVault).protectIdentifier('messenger', `telegram:${userId}`).hash;
    const [row] = await t.db.query<{ id: string }>(`SELECT id FROM conversations WHERE channel = 'telegram' AND address_hash = $1`, [hash]);
    return row ? (await operator.api.GET('/api/v1/conversations/{id}', { params: { path: { id: row.id } } })).data! : undefined;
  };

  beforeAll(async () => {
    fake = await startFakeTelegram();
    t = await startTestApp({
      PUBLIC_URL,
      COOKIE_SECURE: 'false',
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.url,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      TELEGRAM_OFFICE: 'ALA',
    });
    operator = await signedIn(t.baseUrl, 'operator.almaty@mayak.test');
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  it.each([
    ['missing', null],
    ['wrong', 'not-the-secret'],
    ['almost right', `${SECRET.slice(0, -1)}X`],
  ])('refuses a webhook whose secret is %s (403 problem+json) and stores nothing', async (_label, secret) => {
    const before = [await count('inbound_webhooks'), await count('conversation_messages')];
    const response = await post(update(700001, { text: 'hi' }), secret);
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect([await count('inbound_webhooks'), await count('conversation_messages')]).toEqual(before);
  });

  it('files a private message as a Telegram conversation of the bot’s office, with nothing readable at rest', async () => {
    const body = update(700002, { text: 'Меня обманули с работой в Казани' });
    const response = await post(body);
    expect(response.status).toBe(200);
    const conversation = await conversationOfUser(700002);
    expect(conversation).toMatchObject({
      channel: 'telegram',
      unanswered: 1,
      phone: null,
      displayName: 'Д. К.',
      replyWindow: { kind: 'open', closesAt: null },
    });
    expect(conversation!.address).not.toContain('700002');
    const [office] = await t.db.query<{ code: string }>(`SELECT o.code FROM conversations c JOIN offices o ON o.id = c.office_id WHERE c.id = $1`, [
      conversation!.id,
    ]);
    expect(office.code).toBe('ALA');
    const [contact] = await t.db.query<{ channel: string; phone_hash: string | null }>(`SELECT channel, phone_hash FROM contacts WHERE id = $1`, [
      conversation!.contactId,
    ]);
    expect(contact).toEqual({ channel: 'telegram', phone_hash: null });
    expect(
      await t.db.query(`SELECT outcome, payload_encrypted FROM inbound_webhooks WHERE provider = 'telegram' AND external_id = $1`, [String(body.update_id)]),
    ).toEqual([{ outcome: 'processed', payload_encrypted: null }]);
    const raw = JSON.stringify(
      await t.db.query(`SELECT * FROM conversations c JOIN conversation_messages m ON m.conversation_id = c.id WHERE c.id = $1`, [conversation!.id]),
    );
    expect(raw).not.toMatch(/700002|Дильноза|Казани/);
    ids.conversation = conversation!.id;
  });

  it('takes each update once, however often Telegram retries it', async () => {
    const body = update(700003, { text: 'Повтор' });
    expect((await Promise.all(Array.from({ length: 4 }, () => post(body)))).map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(await count('inbound_webhooks', `provider = 'telegram' AND external_id = '${body.update_id}'`)).toBe(1);
    expect(await count('conversation_messages', `provider_message_id = 'tg:123456789:${body.update_id}'`)).toBe(1);
  });

  it('names what is not text, and files nothing from groups, edits or bots', async () => {
    const user = 700004;
    await post(
      update(user, {
        photo: [
          { file_id: 'small', file_unique_id: 's', width: 90, height: 90 },
          { file_id: 'large', file_unique_id: 'l', width: 1280, height: 1280 },
        ],
        caption: 'Мой паспорт',
      }),
    );
    await post(update(user, { voice: { file_id: 'v', file_unique_id: 'v', duration: 4, mime_type: 'audio/ogg' } }));
    await post(
      update(user, { sticker: { file_id: 'st', file_unique_id: 'st', type: 'regular', width: 512, height: 512, is_animated: false, is_video: false } }),
    );
    await post(update(user, { document: { file_id: 'd', file_unique_id: 'd', file_name: 'contract.pdf', mime_type: 'application/pdf' } }));
    await post(update(user, { location: { latitude: 55.79, longitude: 49.12 } }));
    const conversation = await conversationOfUser(user);
    const messages = (await operator.api.GET('/api/v1/conversations/{id}/messages', { params: { path: { id: conversation!.id } } })).data!.items.reverse();
    expect(messages.map((m) => m.contentKind)).toEqual(['image', 'audio', 'sticker', 'document', 'location']);
    expect(messages[0]).toMatchObject({ body: 'Мой паспорт', details: { mediaTypes: ['image/jpeg'] } });
    expect(messages[4].details!.location).toEqual({ latitude: '55.79', longitude: '49.12' });

    const before = await count('conversations');
    const group = {
      update_id: nextUpdate++,
      message: {
        message_id: nextMessage++,
        date: 1796000000,
        chat: { id: -100123, type: 'supergroup', title: 'Chat' },
        from: { id: 700005, is_bot: false, first_name: 'A' },
        text: 'hi',
      },
    };
    const edited = {
      update_id: nextUpdate++,
      edited_message: {
        message_id: 1,
        date: 1796000000,
        edit_date: 1796000100,
        chat: { id: 700005, type: 'private' },
        from: { id: 700005, is_bot: false, first_name: 'A' },
        text: 'edited',
      },
    };
    const bot = update(700006, { text: 'from a bot' }, { is_bot: true });
    for (const ignored of [group, edited, bot]) expect((await post(ignored)).status).toBe(200);
    expect(await count('conversations')).toBe(before);
    expect(await count('inbound_webhooks', `provider = 'telegram' AND outcome = 'ignored' AND payload_encrypted IS NULL`)).toBe(3);
  });

  it('answers on Telegram through the Bot API, and records a refusal as failed', async () => {
    const reply = await operator.api.POST('/api/v1/conversations/{id}/messages', {
      params: { path: { id: ids.conversation } },
      body: { body: 'Здравствуйте, мы на связи' },
    });
    expect(reply.response.status).toBe(201);
    expect(reply.data).toMatchObject({ direction: 'outbound', status: 'sent' });
    const sent = fake.calls.filter((c) => c.method === 'sendMessage').at(-1)!;
    expect({ chat: String(sent.params.chat_id), text: sent.params.text }).toEqual({ chat: '700002', text: 'Здравствуйте, мы на связи' });
    fake.failNext(403, 'Forbidden: bot was blocked by the user');
    const refused = await operator.api.POST('/api/v1/conversations/{id}/messages', { params: { path: { id: ids.conversation } }, body: { body: 'Вы здесь?' } });
    expect(refused.data).toMatchObject({ status: 'failed', errorCode: '403' });
  });

  it('recognises a Telegram user who shares their number as the caller who wrote by SMS before', async () => {
    const number = '+77011130001';
    await postWebhook(t.baseUrl, PUBLIC_URL, '/sms', {
      MessageSid: newMessageSid(),
      AccountSid: ACCOUNT_SID,
      From: number,
      To: HOTLINE,
      Body: 'Это я по SMS',
      NumMedia: '0',
    });
    const supervisor = await signedIn(t.baseUrl, 'caseworker.almaty@mayak.test');
    await supervisor.api.POST('/api/v1/people/caller-flags', { body: { phone: number, kind: 'at_risk', reason: 'Employer watches her phone' } });
    const user = 700007;
    await post(update(user, { text: 'Здравствуйте' }));
    expect((await conversationOfUser(user))!.sameCaller).toEqual([]);
    // The user shares their own contact card (Telegram sends the number without "+").
    await post(update(user, { contact: { phone_number: '77011130001', first_name: 'Дильноза', user_id: user } }));
    const telegram = (await conversationOfUser(user))!;
    expect(telegram.phone).not.toBeNull();
    expect(telegram.sameCaller).toEqual([expect.objectContaining({ channel: 'sms' })]);
    expect(telegram.flags.map((f) => f.kind)).toEqual(['at_risk']);
    // Someone else's card does not make it theirs.
    const other = 700008;
    await post(update(other, { contact: { phone_number: '77011130001', first_name: 'Кто-то', user_id: 999 } }));
    expect((await conversationOfUser(other))!.phone).toBeNull();
  });

  it('refuses an update without an update_id (400) and stores nothing', async () => {
    const before = await count('inbound_webhooks');
    expect((await post({ message: { text: 'x' } })).status).toBe(400);
    expect(await count('inbound_webhooks')).toBe(before);
  });

  it('stores what long polling brings exactly as the webhook would (TELEGRAM_MODE=polling)', async () => {
    const config = t.app.get<string, AppConfig>(APP_CONFIG);
    const poller = new TelegramPoller(
      { ...config, telegram: { ...config.telegram!, mode: 'polling' } },
      t.app.get(InboundMessages),
      new TelegramBotApi(fake.token, fake.url),
    );
    const polled = update(700009, { text: 'Через long polling' });
    fake.queueUpdate(polled);
    poller.onApplicationBootstrap();
    try {
      await waitFor(
        'the polled update filed',
        async () => ((await count('conversation_messages', `provider_message_id = 'tg:123456789:${polled.update_id}'`)) === 1 ? true : undefined),
        10_000,
      );
      // The next getUpdates confirms it (offset past it), so Telegram does not send it again.
      await waitFor(
        'the update confirmed',
        async () => (fake.calls.some((c) => c.method === 'getUpdates' && Number(c.params.offset) === polled.update_id + 1) ? true : undefined),
        10_000,
      );
    } finally {
      await poller.onApplicationShutdown();
    }
  });
});
