import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { IdentifierVault } from '#api/modules/people/identifier-vault';
import { startTestApp, type TestApp } from '../support/app';
import { signedIn, type TestClient } from '../support/client';
import { startFakeTelegram, type FakeTelegram } from '../support/fake-telegram';
import { startFakeTwilio, type FakeTwilio } from '../support/fake-twilio';
import { ACCOUNT_SID, HOTLINE, newMessageSid, postWebhook, whatsAppForm } from '../support/twilio-webhooks';

const PUBLIC_URL = 'https://hotline.example.org';
const SITE = 'https://11616.example.kz';
const TELEGRAM_SECRET = 'telegram-webhook-secret-for-the-tests_0123456789';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);

/** Operators send leaflets from the knowledge base on every written channel; supervisors keep them. */
describe('knowledge-base files: kept by supervisors, sent by operators on every channel', () => {
  let twilio: FakeTwilio;
  let telegram: FakeTelegram;
  let t: TestApp;
  let supervisor: TestClient;
  let operator: TestClient;
  let filesDir: string;
  const ids: Record<string, string> = {};
  let nextUpdate = 910_000;

  const authHeaders = (client: TestClient) => ({ cookie: `mayak_session=${client.jar.get('mayak_session')}`, 'x-csrf-token': client.csrfToken ?? '' });
  const upload = (client: TestClient, query: Record<string, string>, body: Buffer | string, contentType = 'application/pdf') =>
    fetch(`${t.baseUrl}/api/v1/knowledge/files?${new URLSearchParams(query).toString()}`, {
      method: 'POST',
      body: typeof body === 'string' ? body : new Uint8Array(body),
      headers: { 'content-type': contentType, ...authHeaders(client) },
    });
  const count = async (table: string, where = 'true') => Number((await t.db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE ${where}`))[0].n);
  const storedFiles = async () => (await readdir(join(filesDir, 'knowledge')).catch(() => [] as string[])).length;
  const article = async (title: string, published = true) =>
    (await supervisor.api.POST('/api/v1/knowledge/articles', { body: { locale: 'ru', title, body: 'Памятка для мигрантов', published } })).data!.id;
  const sendFile = (conversationId: string, fileId: string, caption?: string) =>
    operator.api.POST('/api/v1/conversations/{id}/files', { params: { path: { id: conversationId } }, body: { fileId, ...(caption ? { caption } : {}) } });
  const conversationOf = async (where: string, params: unknown[]) =>
    (await t.db.query<{ id: string }>(`SELECT id FROM conversations WHERE ${where}`, params))[0].id;

  beforeAll(async () => {
    twilio = await startFakeTwilio();
    telegram = await startFakeTelegram();
    t = await startTestApp({
      PUBLIC_URL,
      COOKIE_SECURE: 'false',
      TWILIO_ACCOUNT_SID: twilio.accountSid,
      TWILIO_AUTH_TOKEN: twilio.authToken,
      TWILIO_API_BASE_URL: twilio.url,
      TWILIO_API_KEY: `SK${'5'.repeat(32)}`,
      TWILIO_API_SECRET: 'softphone-api-key-secret-for-tests',
      TWILIO_TWIML_APP_SID: `AP${'7'.repeat(32)}`,
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.url,
      TELEGRAM_WEBHOOK_SECRET: TELEGRAM_SECRET,
      TELEGRAM_OFFICE: 'ALA',
      WEBCHAT_ORIGINS: SITE,
    });
    filesDir = t.env.ATTACHMENTS_DIR;
    supervisor = await signedIn(t.baseUrl, 'supervisor.almaty@mayak.test');
    operator = await signedIn(t.baseUrl, 'operator.almaty@mayak.test');
    ids.article = await article('Регистрация по прибытии');
    ids.draft = await article('Черновик памятки', false);
  });
  afterAll(async () => {
    await t.close();
    await twilio.close();
    await telegram.close();
  });

  it('lets a supervisor add a PDF to an article: named cleanly, kept sealed, listed and opened by operators', async () => {
    const response = await upload(supervisor, { articleId: ids.article, name: 'C:\\docs\\Памятка мигранту.pdf' }, PDF);
    expect(response.status).toBe(201);
    const file = (await response.json()) as { id: string; fileName: string; contentType: string; sizeBytes: number; articleTitle: string };
    expect(file).toMatchObject({
      fileName: 'Памятка мигранту.pdf',
      contentType: 'application/pdf',
      sizeBytes: PDF.length,
      articleTitle: 'Регистрация по прибытии',
    });
    ids.pdf = file.id;

    // At rest it is sealed like every file: no PDF header, no text of it.
    const [stored] = await t.db.query<{ storage_key: string; share_token: string }>(`SELECT storage_key, share_token FROM knowledge_files WHERE id = $1`, [
      file.id,
    ]);
    const sealed = await readFile(join(filesDir, stored.storage_key));
    expect(sealed.includes(Buffer.from('%PDF'))).toBe(false);
    expect(sealed.includes(Buffer.from('Catalog'))).toBe(false);
    ids.token = stored.share_token;

    const listed = await operator.api.GET('/api/v1/knowledge/files', { params: { query: { q: 'мигранту' } } });
    expect(listed.data!.items.map((f) => f.id)).toEqual([file.id]);
    expect((await operator.api.GET('/api/v1/knowledge/files', { params: { query: { articleId: ids.draft } } })).data!.items).toEqual([]);
    const opened = await fetch(`${t.baseUrl}/api/v1/knowledge/files/${file.id}/content`, { headers: authHeaders(operator) });
    expect(opened.status).toBe(200);
    expect(opened.headers.get('content-type')).toBe('application/pdf');
    expect(opened.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('Памятка мигранту.pdf')}`);
    expect(Buffer.from(await opened.arrayBuffer()).equals(PDF)).toBe(true);
  });

  it.each([
    ['a type no channel carries as it is', { type: 'image/gif', body: Buffer.from('GIF89a....') }, 415, 'unsupported_media_type'],
    ['JSON instead of a file', { type: 'application/json', body: '{"a":1}' }, 415, 'unsupported_media_type'],
    ['bytes that are not what the type says', { type: 'application/pdf', body: Buffer.from('<html><script>alert(1)</script>') }, 400, 'validation_failed'],
    ['an empty file', { type: 'image/png', body: Buffer.alloc(0) }, 400, 'validation_failed'],
    ['a file over 5 MB', { type: 'application/pdf', body: Buffer.concat([PDF, Buffer.alloc(5 * 1024 * 1024)]) }, 413, 'payload_too_large'],
  ])('refuses %s with problem+json and keeps nothing', async (_label, input, status, code) => {
    const before = [await count('knowledge_files'), await storedFiles()];
    const response = await upload(supervisor, { articleId: ids.article, name: 'x.pdf' }, input.body, input.type);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(((await response.json()) as { code: string }).code).toBe(code);
    expect([await count('knowledge_files'), await storedFiles()]).toEqual(before);
  });

  it('refuses a file for an unknown article (404) and an operator’s upload (403), keeping nothing', async () => {
    const before = [await count('knowledge_files'), await storedFiles()];
    expect((await upload(supervisor, { articleId: randomUUID(), name: 'x.pdf' }, PDF)).status).toBe(404);
    expect((await upload(operator, { articleId: ids.article, name: 'x.pdf' }, PDF)).status).toBe(403);
    expect((await upload(supervisor, { articleId: ids.article }, PDF)).status).toBe(400);
    expect([await count('knowledge_files'), await storedFiles()]).toEqual(before);
  });

  it('sends the file on WhatsApp as media Twilio fetches from an unguessable public link', async () => {
    expect(
      (await postWebhook(t.baseUrl, PUBLIC_URL, '/sms', whatsAppForm('+996555130001', 'Где зарегистрироваться?'), { token: twilio.authToken })).status,
    ).toBe(200);
    ids.whatsapp = await conversationOf(`channel = 'whatsapp' AND phone_hash = $1`, [t.app.get(IdentifierVault).phoneHash('+996555130001')]);
    const sent = await sendFile(ids.whatsapp, ids.pdf, 'Вот памятка');
    expect(sent.response.status).toBe(201);
    expect(sent.data).toMatchObject({
      direction: 'outbound',
      contentKind: 'document',
      body: 'Вот памятка',
      file: { id: ids.pdf, name: 'Памятка мигранту.pdf', contentType: 'application/pdf' },
    });
    const request = twilio.requests.filter((r) => r.path.endsWith('/Messages.json')).at(-1)!;
    expect(request.form).toMatchObject({
      To: 'whatsapp:+996555130001',
      From: `whatsapp:${HOTLINE}`,
      Body: 'Вот памятка',
      MediaUrl: `${PUBLIC_URL}/api/v1/knowledge/shared/${ids.token}`,
    });
    // What Twilio fetches: the file, without a session; the link gives away nothing of the id.
    const fetched = await fetch(`${t.baseUrl}/api/v1/knowledge/shared/${ids.token}`);
    expect(fetched.status).toBe(200);
    expect(fetched.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await fetched.arrayBuffer()).equals(PDF)).toBe(true);
    expect(ids.token).not.toContain(ids.pdf.slice(0, 8));
    expect((await fetch(`${t.baseUrl}/api/v1/knowledge/shared/${'A'.repeat(32)}`)).status).toBe(404);
    // The conversation shows it, with its name.
    const messages = (await operator.api.GET('/api/v1/conversations/{id}/messages', { params: { path: { id: ids.whatsapp } } })).data!.items;
    expect(messages[0].file).toEqual({ id: ids.pdf, name: 'Памятка мигранту.pdf', contentType: 'application/pdf', sizeBytes: PDF.length });
  });

  it('sends its link by SMS (picture messages do not reach the region)', async () => {
    await postWebhook(
      t.baseUrl,
      PUBLIC_URL,
      '/sms',
      { MessageSid: newMessageSid(), AccountSid: ACCOUNT_SID, From: '+77011130002', To: HOTLINE, Body: 'Памятку пришлите', NumMedia: '0' },
      { token: twilio.authToken },
    );
    const conversation = await conversationOf(`channel = 'sms' AND phone_hash = $1`, [t.app.get(IdentifierVault).phoneHash('+77011130002')]);
    expect((await sendFile(conversation, ids.pdf)).response.status).toBe(201);
    const request = twilio.requests.filter((r) => r.path.endsWith('/Messages.json')).at(-1)!;
    expect(request.form.MediaUrl).toBeUndefined();
    expect(request.form.Body).toBe(`Памятка мигранту.pdf: ${PUBLIC_URL}/api/v1/knowledge/shared/${ids.token}`);
  });

  it('uploads the file to Telegram as a document with its caption', async () => {
    const update = {
      update_id: nextUpdate++,
      message: {
        message_id: 1,
        date: 1796000000,
        chat: { id: 930001, type: 'private', first_name: 'A' },
        from: { id: 930001, is_bot: false, first_name: 'A' },
        text: 'Есть памятка?',
      },
    };
    const posted = await fetch(`${t.baseUrl}/api/v1/messaging/telegram`, {
      method: 'POST',
      body: JSON.stringify(update),
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET },
    });
    expect(posted.status).toBe(200);
    const conversation = await conversationOf(`channel = 'telegram' AND address_hash = $1`, [
      t.app.get(IdentifierVault).protectIdentifier('messenger', 'telegram:930001').hash,
    ]);
    const sent = await sendFile(conversation, ids.pdf, 'Памятка');
    expect(sent.data).toMatchObject({ status: 'sent', file: { id: ids.pdf } });
    const call = telegram.calls.filter((c) => c.method === 'sendDocument').at(-1)!;
    expect({ chat: call.params.chat_id, caption: call.params.caption }).toEqual({ chat: '930001', caption: 'Памятка' });
    expect(call.uploads).toHaveLength(1);
    expect(call.uploads[0].name).toBe('Памятка мигранту.pdf');
    expect(call.uploads[0].bytes.equals(PDF)).toBe(true);
  });

  it('shows the file to a web chat visitor with its link', async () => {
    const open = await fetch(`${t.baseUrl}/api/v1/webchat/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: SITE },
      body: JSON.stringify({ language: 'ru' }),
    });
    const { token } = (await open.json()) as { token: string };
    const headers = { 'content-type': 'application/json', origin: SITE, authorization: `Bearer ${token}` };
    expect(
      (
        await fetch(`${t.baseUrl}/api/v1/webchat/messages`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ clientMessageId: randomUUID(), text: 'Здравствуйте' }),
        })
      ).status,
    ).toBe(202);
    const [row] = await t.db.query<{ conversation_id: string }>(`SELECT conversation_id FROM webchat_sessions ORDER BY created_at DESC LIMIT 1`);
    expect((await sendFile(row.conversation_id, ids.pdf)).response.status).toBe(201);
    const read = (await (await fetch(`${t.baseUrl}/api/v1/webchat/messages`, { headers })).json()) as { items: { from: string; file?: unknown }[] };
    expect(read.items.at(-1)).toMatchObject({
      from: 'line',
      file: { name: 'Памятка мигранту.pdf', contentType: 'application/pdf', sizeBytes: PDF.length, url: `${PUBLIC_URL}/api/v1/knowledge/shared/${ids.token}` },
    });
  });

  it('keeps WhatsApp’s 24-hour rule for files too: nothing sent or stored once the window closed', async () => {
    await t.db.query(`UPDATE conversations SET last_inbound_at = mayak_now() - interval '24 hours 1 minute' WHERE id = $1`, [ids.whatsapp]);
    const before = [twilio.requests.length, await count('conversation_messages')];
    const refused = await sendFile(ids.whatsapp, ids.pdf);
    expect(refused.response.status).toBe(422);
    expect(refused.error).toMatchObject({ code: 'reply_window_closed' });
    expect([twilio.requests.length, await count('conversation_messages')]).toEqual(before);
    await t.db.query(`UPDATE conversations SET last_inbound_at = mayak_now() WHERE id = $1`, [ids.whatsapp]);
  });

  it('sends only files of published articles that are still offered; a removed file stays named on what carried it', async () => {
    const png = await upload(supervisor, { articleId: ids.draft, name: 'карта' }, PNG, 'image/png');
    expect(png.status).toBe(201);
    const draftFile = (await png.json()) as { id: string; fileName: string };
    expect(draftFile.fileName).toBe('карта.png');
    const before = [twilio.requests.length, await count('conversation_messages')];
    const draft = await sendFile(ids.whatsapp, draftFile.id);
    expect(draft.response.status).toBe(400);
    expect(draft.error).toMatchObject({ errors: [{ field: 'fileId', code: 'file_not_offered' }] });
    expect((await sendFile(ids.whatsapp, randomUUID())).response.status).toBe(400);

    expect((await fetch(`${t.baseUrl}/api/v1/knowledge/files/${ids.pdf}`, { method: 'DELETE', headers: authHeaders(operator) })).status).toBe(403);
    expect((await fetch(`${t.baseUrl}/api/v1/knowledge/files/${ids.pdf}`, { method: 'DELETE', headers: authHeaders(supervisor) })).status).toBe(204);
    expect((await fetch(`${t.baseUrl}/api/v1/knowledge/files/${ids.pdf}`, { method: 'DELETE', headers: authHeaders(supervisor) })).status).toBe(404);
    expect((await sendFile(ids.whatsapp, ids.pdf)).response.status).toBe(400);
    expect([twilio.requests.length, await count('conversation_messages')]).toEqual(before);
    expect((await fetch(`${t.baseUrl}/api/v1/knowledge/shared/${ids.token}`)).status).toBe(404);
    expect((await operator.api.GET('/api/v1/knowledge/files', { params: { query: { articleId: ids.article } } })).data!.items).toEqual([]);
    const messages = (await operator.api.GET('/api/v1/conversations/{id}/messages', { params: { path: { id: ids.whatsapp } } })).data!.items;
    expect(messages.find((m) => m.file)?.file?.name).toBe('Памятка мигранту.pdf');
    expect(await count('audit_log', `action = 'knowledge.file_removed'`)).toBe(1);
  });
});
