import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../support/app';
import { signedIn, type TestClient } from '../support/client';
import { simulate } from '../support/console';

const PUBLIC_URL = 'https://hotline.example.org';
const SITE = 'https://11616.example.kz';

describe('web chat: the widget’s API', () => {
  let t: TestApp;
  let operator: TestClient;

  const call = (method: string, path: string, options: { token?: string; body?: unknown; origin?: string } = {}) =>
    fetch(`${t.baseUrl}/api/v1/webchat${path}`, {
      method,
      headers: {
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(options.origin ? { origin: options.origin } : {}),
      },
      body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
    });
  const open = async (language = 'ru') => {
    const response = await call('POST', '/sessions', { body: { language }, origin: SITE });
    expect(response.status).toBe(201);
    return (await response.json()) as { token: string; expiresAt: string; exitUrl: string };
  };
  const write = (token: string, text: string, extra: Record<string, unknown> = {}) =>
    call('POST', '/messages', { token, body: { clientMessageId: randomUUID(), text, ...extra }, origin: SITE });
  const read = async (token: string, after?: string) => {
    const response = await call('GET', `/messages${after ? `?after=${encodeURIComponent(after)}` : ''}`, { token, origin: SITE });
    expect(response.status).toBe(200);
    return (await response.json()) as { items: { id: string; from: string; text: string }[]; after: string | null };
  };
  const count = async (table: string) => Number((await t.db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`))[0].n);

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_URL, COOKIE_SECURE: 'false', WEBCHAT_ORIGINS: SITE, WEBCHAT_EXIT_URL: 'https://weather.example.org/' });
    operator = await signedIn(t.baseUrl, 'operator.almaty@mayak.test');
  });
  afterAll(async () => t.close());

  it('lets the hotline’s site open a chat: CORS for it (no credentials), for nobody else, and no cookie ever', async () => {
    const preflight = await fetch(`${t.baseUrl}/api/v1/webchat/messages`, {
      method: 'OPTIONS',
      headers: { origin: SITE, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(SITE);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
    const stranger = await fetch(`${t.baseUrl}/api/v1/webchat/messages`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(stranger.status).toBe(403);
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();

    const response = await call('POST', '/sessions', { body: { language: 'kk' }, origin: SITE });
    expect(response.status).toBe(201);
    expect(response.headers.get('access-control-allow-origin')).toBe(SITE);
    expect(response.headers.get('set-cookie')).toBeNull();
    const session = (await response.json()) as { token: string; exitUrl: string };
    expect(session.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(session.exitUrl).toBe('https://weather.example.org/');
    // Only the token's hash is kept.
    expect(JSON.stringify(await t.db.query(`SELECT * FROM webchat_sessions`))).not.toContain(session.token);
  });

  it('takes a visitor’s messages as a web chat conversation, once each, and shows the line’s answer', async () => {
    const { token } = await open();
    const clientMessageId = randomUUID();
    const first = { clientMessageId, text: 'Мне угрожают, говорить не могу' };
    const answers = await Promise.all([0, 1, 2].map(() => call('POST', '/messages', { token, body: first, origin: SITE })));
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202]);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM conversation_messages WHERE provider_message_id LIKE $1`, [`%:${clientMessageId}`])).toEqual([
      { n: 1 },
    ]);
    const page = await read(token);
    expect(page.items).toMatchObject([{ from: 'visitor', text: 'Мне угрожают, говорить не могу' }]);

    const [session] = await t.db.query<{ conversation_id: string }>(
      `SELECT conversation_id FROM webchat_sessions WHERE conversation_id IS NOT NULL ORDER BY created_at DESC LIMIT 1`,
    );
    const conversation = (await operator.api.GET('/api/v1/conversations/{id}', { params: { path: { id: session.conversation_id } } })).data!;
    expect(conversation).toMatchObject({ channel: 'webchat', phone: null, unanswered: 1, replyWindow: { kind: 'open' } });
    const [contact] = await t.db.query<{ channel: string; phone_hash: string | null }>(`SELECT channel, phone_hash FROM contacts WHERE id = $1`, [
      conversation.contactId,
    ]);
    expect(contact).toEqual({ channel: 'webchat', phone_hash: null });

    const reply = await operator.api.POST('/api/v1/conversations/{id}/messages', {
      params: { path: { id: conversation.id } },
      body: { body: 'Мы здесь. Вы сейчас в безопасном месте?' },
    });
    expect(reply.data).toMatchObject({ status: 'sent' });
    const next = await read(token, page.after!);
    expect(next.items).toMatchObject([{ from: 'line', text: 'Мы здесь. Вы сейчас в безопасном месте?' }]);
    // Shown to the visitor: delivered.
    expect(await t.db.query(`SELECT status FROM conversation_messages WHERE id = $1`, [reply.data!.id])).toEqual([{ status: 'delivered' }]);
    expect((await read(token, next.after!)).items).toEqual([]);
  });

  it('keeps a number the visitor chooses to leave as the conversation’s phone, and refuses one that is not a number', async () => {
    const { token } = await open();
    const bad = await write(token, 'Позвоните мне', { phone: 'call me' });
    expect(bad.status).toBe(400);
    expect((await write(token, 'Позвоните мне', { phone: '+7 701 555 44 33' })).status).toBe(202);
    const [session] = await t.db.query<{ conversation_id: string }>(
      `SELECT conversation_id FROM webchat_sessions WHERE conversation_id IS NOT NULL ORDER BY created_at DESC LIMIT 1`,
    );
    expect((await operator.api.GET('/api/v1/conversations/{id}', { params: { path: { id: session.conversation_id } } })).data!.phone).not.toBeNull();
  });

  it('ends a chat at quick exit: the token stops working at once', async () => {
    const { token } = await open();
    expect((await write(token, 'привет')).status).toBe(202);
    expect((await call('DELETE', '/sessions/current', { token, origin: SITE })).status).toBe(204);
    const after = await write(token, 'ещё');
    expect(after.status).toBe(401);
    expect(after.headers.get('content-type')).toContain('application/problem+json');
    expect((await call('GET', '/messages', { token })).status).toBe(401);
  });

  it.each([
    ['no token', undefined],
    ['a made-up token', 'A'.repeat(43)],
    ['a malformed token', 'not a token'],
  ])('refuses %s (401), storing nothing', async (_label, token) => {
    const before = await count('inbound_webhooks');
    expect((await write(token as string, 'x')).status).toBe(401);
    expect(await count('inbound_webhooks')).toBe(before);
  });

  it.each([
    ['an empty message', { clientMessageId: randomUUID(), text: '   ' }],
    ['a message longer than a reply may be', { clientMessageId: randomUUID(), text: 'x'.repeat(1001) }],
    ['no client message id', { text: 'hello' }],
    ['an unknown field', { clientMessageId: randomUUID(), text: 'hi', officeId: randomUUID() }],
  ])('refuses %s (400 problem+json), storing nothing', async (_label, body) => {
    const { token } = await open('en');
    const before = await count('inbound_webhooks');
    const response = await call('POST', '/messages', { token, body, origin: SITE });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await count('inbound_webhooks')).toBe(before);
  });

  it('is played by the simulator as the widget plays it (npm run simulate -- webchat)', async () => {
    const run = await simulate(t, ['webchat', '--body', 'Симулятор: нужна консультация', '--lang', 'kk', '--end'], 20_000);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(run.stdout).toContain('chat ended (quick exit)');
    const [session] = await t.db.query<{ language: string; ended: boolean; conversation_id: string }>(
      `SELECT language, ended_at IS NOT NULL AS ended, conversation_id FROM webchat_sessions ORDER BY created_at DESC LIMIT 1`,
    );
    expect(session).toMatchObject({ language: 'kk', ended: true });
    const messages = (await operator.api.GET('/api/v1/conversations/{id}/messages', { params: { path: { id: session.conversation_id } } })).data!.items;
    expect(messages.map((m) => m.body)).toEqual(['Симулятор: нужна консультация']);
  });

  it('slows down a burst: at most 20 messages a minute per chat, and 10 chats per address in ten minutes', async () => {
    const { token } = await open();
    const statuses = [];
    for (let i = 0; i < 22; i++) statuses.push((await write(token, `сообщение ${i}`)).status);
    expect(statuses.filter((s) => s === 202)).toHaveLength(20);
    const limited = await write(token, 'ещё одно');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    const opened = [];
    for (let i = 0; i < 12; i++) opened.push((await call('POST', '/sessions', { body: { language: 'ru' } })).status);
    expect(opened).toContain(429);
    expect(opened.filter((s) => s === 201).length).toBeLessThanOrEqual(10);
  });
});
