import Redis from 'ioredis';
import { InboundMessages } from '#api/modules/messaging/inbound-messages.service';
import { IdentifierVault } from '#api/modules/people/identifier-vault';
import { LocalProvider } from '#api/modules/telephony/provider/local-provider';
import { TelephonyProvider } from '#api/modules/telephony/provider/telephony-provider';
import { startTestApp, type TestApp } from '../support/app';
import { signedIn, type TestClient } from '../support/client';
import { ACCOUNT_SID, HOTLINE, newMessageSid, postWebhook, whatsAppForm } from '../support/twilio-webhooks';

const PUBLIC_URL = 'https://hotline.example.org';

describe('messaging: every channel stored first, WhatsApp never dropped', () => {
  let t: TestApp;
  let redis: Redis;
  let provider: LocalProvider;
  let operator: TestClient;
  let supervisor: TestClient;
  const ids: Record<string, string> = {};

  const hook = (path: string, params: Record<string, string>) => postWebhook(t.baseUrl, PUBLIC_URL, path, params);
  const count = async (table: string, where = 'true') => Number((await t.db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE ${where}`))[0].n);
  const eventsOf = async (email: string) => {
    const entries = (await redis.xrange(`${t.redisKeyPrefix}:events:user:${ids[email]}`, '-', '+')) as [string, string[]][];
    return entries.map(([, fields]) => ({ type: fields[1], data: JSON.parse(fields[3]) as Record<string, unknown> }));
  };
  /** The conversation of a number on a channel, as the operator sees it (numbers are masked for operators, so found by its hash). */
  const conversationOf = async (channel: 'sms' | 'whatsapp', phone: string) => {
    const hash = t.app.get(IdentifierVault).phoneHash(phone);
    const page = (await operator.api.GET('/api/v1/conversations', { params: { query: { channel, limit: 100 } } })).data!;
    const [row] = await t.db.query<{ id: string }>(`SELECT id FROM conversations WHERE channel = $1 AND phone_hash = $2`, [channel, hash]);
    return row ? page.items.find((c) => c.id === row.id) : undefined;
  };

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_URL, COOKIE_SECURE: 'false' });
    redis = new Redis(t.env.REDIS_URL);
    provider = t.app.get(TelephonyProvider) as LocalProvider;
    for (const row of await t.db.query<{ id: string; email: string }>(`SELECT id, email FROM users`)) ids[row.email] = row.id;
    operator = await signedIn(t.baseUrl, 'operator.almaty@mayak.test');
    supervisor = await signedIn(t.baseUrl, 'supervisor.almaty@mayak.test');
    expect((await operator.api.PUT('/api/v1/telephony/presence', { body: { status: 'available' } })).response.status).toBe(200);
  });
  afterAll(async () => {
    redis.disconnect();
    await t.close();
  });

  it('files a WhatsApp message exactly as Twilio sends it: its own conversation, a WhatsApp contact, the profile name, nothing kept twice', async () => {
    const from = '+996555120001';
    const form = whatsAppForm(from, 'Работодатель забрал паспорт, я в Алматы');
    const response = await hook('/sms', form);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<Response/>');
    const conversation = await conversationOf('whatsapp', from);
    // The WhatsApp profile name is a name: masked for an operator, like every name.
    expect(conversation).toMatchObject({ channel: 'whatsapp', displayName: 'Б.', unanswered: 1, replyWindow: { kind: 'open' } });
    const [contact] = await t.db.query<{ channel: string; direction: string }>(`SELECT channel, direction FROM contacts WHERE id = $1`, [
      conversation!.contactId,
    ]);
    expect(contact).toEqual({ channel: 'whatsapp', direction: 'inbound' });
    const messages = (await operator.api.GET('/api/v1/conversations/{id}/messages', { params: { path: { id: conversation!.id } } })).data!.items;
    expect(messages).toMatchObject([{ body: 'Работодатель забрал паспорт, я в Алматы', contentKind: 'text', status: 'received', direction: 'inbound' }]);
    // Stored as received, then processed: the row remembers the delivery, the payload is gone (the conversation holds it).
    expect(await t.db.query(`SELECT outcome, payload_encrypted, attempts FROM inbound_webhooks WHERE external_id = $1`, [form.MessageSid])).toEqual([
      { outcome: 'processed', payload_encrypted: null, attempts: 1 },
    ]);
    const raw = JSON.stringify(
      await t.db.query(`SELECT * FROM conversations c JOIN conversation_messages m ON m.conversation_id = c.id WHERE c.id = $1`, [conversation!.id]),
    );
    expect(raw).not.toContain('паспорт');
    expect(raw).not.toContain('Бекзат');
    expect(raw).not.toContain('555120001');
    expect((await eventsOf('operator.almaty@mayak.test')).some((e) => e.type === 'message.received' && e.data.conversationId === conversation!.id)).toBe(true);
    ids.whatsapp = conversation!.id;
  });

  it('takes each delivery once, however often and however concurrently Twilio sends it', async () => {
    const form = whatsAppForm('+996555120002', 'Повтор');
    const answers = await Promise.all(Array.from({ length: 5 }, () => hook('/sms', form)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(await count('conversation_messages', `provider_message_id = '${form.MessageSid}'`)).toBe(1);
    expect(await count('inbound_webhooks', `external_id = '${form.MessageSid}'`)).toBe(1);
  });

  it('keeps what it cannot show yet as what it is: a photo, a voice note, a sticker, a contact card, a location', async () => {
    const from = '+996555120003';
    const media = (type: string) => ({
      NumMedia: '1',
      MediaContentType0: type,
      MediaUrl0: `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/MM${'a'.repeat(32)}/Media/ME${'b'.repeat(32)}`,
      Body: '',
    });
    await hook('/sms', whatsAppForm(from, '', media('image/jpeg')));
    await hook('/sms', whatsAppForm(from, '', media('audio/ogg')));
    await hook('/sms', whatsAppForm(from, '', media('image/webp')));
    await hook('/sms', whatsAppForm(from, '', media('text/vcard')));
    await hook(
      '/sms',
      whatsAppForm(from, '', { Latitude: '43.2389', Longitude: '76.8897', Address: 'ул. Абая 10', Label: 'Общежитие', MessageType: 'location' }),
    );
    await hook('/sms', whatsAppForm(from, '', { ButtonText: 'Перезвоните мне', ButtonPayload: 'callback', Forwarded: 'true', MessageType: 'button' }));
    const conversation = await conversationOf('whatsapp', from);
    const messages = (await operator.api.GET('/api/v1/conversations/{id}/messages', { params: { path: { id: conversation!.id } } })).data!.items.reverse();
    expect(messages.map((m) => m.contentKind)).toEqual(['image', 'audio', 'sticker', 'contact', 'location', 'text']);
    expect(messages[0].details).toMatchObject({ mediaTypes: ['image/jpeg'], location: null, forwarded: false });
    expect(messages[4].details!.location).toEqual({ latitude: '43.2389', longitude: '76.8897', address: 'ул. Абая 10', label: 'Общежитие' });
    expect(messages[5]).toMatchObject({ body: 'Перезвоните мне', details: { button: 'Перезвоните мне', forwarded: true } });
  });

  it('writes back on the channel the person used, and follows WhatsApp reading the reply', async () => {
    const reply = await operator.api.POST('/api/v1/conversations/{id}/messages', {
      params: { path: { id: ids.whatsapp } },
      body: { body: 'Вы сейчас в безопасности?' },
    });
    expect(reply.response.status).toBe(201);
    const sent = provider
      .operations()
      .filter((op) => op.kind === 'sendMessage')
      .at(-1)!;
    expect(sent.kind === 'sendMessage' && { to: sent.to, from: sent.from }).toEqual({ to: 'whatsapp:+996555120001', from: `whatsapp:${HOTLINE}` });
    const sid = sent.kind === 'sendMessage' ? sent.sid : '';
    for (const status of ['sent', 'read', 'delivered'])
      await hook(`/sms/status?message=${reply.data!.id}`, { MessageSid: sid, AccountSid: ACCOUNT_SID, MessageStatus: status, ChannelPrefix: 'whatsapp' });
    expect((await t.db.query(`SELECT status FROM conversation_messages WHERE id = $1`, [reply.data!.id]))[0]).toEqual({ status: 'read' });
  });

  it('refuses free text 24 hours after the person last wrote on WhatsApp, sending and storing nothing', async () => {
    await t.db.query(`UPDATE conversations SET last_inbound_at = mayak_now() - interval '24 hours 1 minute' WHERE id = $1`, [ids.whatsapp]);
    const conversation = (await operator.api.GET('/api/v1/conversations/{id}', { params: { path: { id: ids.whatsapp } } })).data!;
    expect(conversation.replyWindow.kind).toBe('templates_only');
    const before = [provider.operations().length, await count('conversation_messages')];
    const refused = await operator.api.POST('/api/v1/conversations/{id}/messages', {
      params: { path: { id: ids.whatsapp } },
      body: { body: 'Are you there?' },
    });
    expect(refused.response.status).toBe(422);
    expect(refused.response.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.error).toMatchObject({ code: 'reply_window_closed' });
    expect([provider.operations().length, await count('conversation_messages')]).toEqual(before);
    // The person writes again: the window opens again.
    await hook('/sms', whatsAppForm('+996555120001', 'Я здесь'));
    expect((await operator.api.GET('/api/v1/conversations/{id}', { params: { path: { id: ids.whatsapp } } })).data!.replyWindow.kind).toBe('open');
  });

  it('keeps SMS and WhatsApp of the same number apart as conversations, and counts them as one caller', async () => {
    const number = '+77011120004';
    await hook('/sms', { MessageSid: newMessageSid(), AccountSid: ACCOUNT_SID, From: number, To: HOTLINE, Body: 'по SMS', NumMedia: '0' });
    await hook('/sms', whatsAppForm(number, 'по WhatsApp'));
    const sms = await conversationOf('sms', number);
    const whatsapp = await conversationOf('whatsapp', number);
    expect(sms && whatsapp && sms.id !== whatsapp.id).toBe(true);
    const hashes = await t.db.query<{ phone_hash: string }>(`SELECT DISTINCT phone_hash FROM contacts WHERE id = ANY($1)`, [
      [sms!.contactId, whatsapp!.contactId],
    ]);
    expect(hashes).toHaveLength(1);
  });

  it('keeps a message it cannot route, with its payload, and alerts the office’s supervisors', async () => {
    const form: Record<string, string> = { ...whatsAppForm('+996555120005', 'Помогите'), From: 'messenger:4815162342' };
    const before = await count('conversation_messages');
    expect((await hook('/sms', form)).status).toBe(200);
    expect(await count('conversation_messages')).toBe(before);
    const [stored] = await t.db.query<{ id: string; outcome: string; has_payload: boolean }>(
      `SELECT id, outcome, payload_encrypted IS NOT NULL AS has_payload FROM inbound_webhooks WHERE external_id = $1`,
      [form.MessageSid],
    );
    expect(stored).toMatchObject({ outcome: 'unroutable', has_payload: true });
    const alerts = (await supervisor.api.GET('/api/v1/alerts')).data!.items;
    expect(alerts.some((a) => a.kind === 'message_unroutable' && a.entityId === stored.id)).toBe(true);
    expect(JSON.stringify(alerts)).not.toContain('4815162342');
  });

  it('answers and keeps a message whose processing fails, and the sweep files it once the fault is gone', async () => {
    // A fault in the database after the delivery was stored (any error in filing it would do).
    await t.db.query(`CREATE FUNCTION test_refuse_conversations() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$`);
    await t.db.query(`CREATE TRIGGER test_refuse_conversations BEFORE INSERT ON conversations FOR EACH ROW EXECUTE FUNCTION test_refuse_conversations()`);
    const form = whatsAppForm('+996555120006', 'Меня не выпускают с объекта');
    try {
      expect((await hook('/sms', form)).status).toBe(200);
      expect(
        await t.db.query(
          `SELECT processed_at, attempts, last_error IS NOT NULL AS failed, payload_encrypted IS NOT NULL AS kept FROM inbound_webhooks WHERE external_id = $1`,
          [form.MessageSid],
        ),
      ).toEqual([{ processed_at: null, attempts: 1, failed: true, kept: true }]);
      expect(await count('conversation_messages', `provider_message_id = '${form.MessageSid}'`)).toBe(0);
      // A retry of the same delivery while the fault lasts changes nothing either.
      expect((await hook('/sms', form)).status).toBe(200);
    } finally {
      await t.db.query(`DROP TRIGGER test_refuse_conversations ON conversations`);
      await t.db.query(`DROP FUNCTION test_refuse_conversations()`);
    }
    // The sweep leaves deliveries younger than half a minute to their request; this one is older.
    await t.db.query(`UPDATE inbound_webhooks SET received_at = received_at - interval '1 minute' WHERE external_id = $1`, [form.MessageSid]);
    const swept = await t.app.get(InboundMessages).reprocessPending();
    expect(swept.processed).toBeGreaterThanOrEqual(1);
    expect(await count('conversation_messages', `provider_message_id = '${form.MessageSid}'`)).toBe(1);
    expect(await t.db.query(`SELECT outcome, payload_encrypted FROM inbound_webhooks WHERE external_id = $1`, [form.MessageSid])).toEqual([
      { outcome: 'processed', payload_encrypted: null },
    ]);
    // Swept again (or delivered again): still one.
    await t.app.get(InboundMessages).reprocessPending();
    expect((await hook('/sms', form)).status).toBe(200);
    expect(await count('conversation_messages', `provider_message_id = '${form.MessageSid}'`)).toBe(1);
  });

  it('refuses a messaging webhook without a MessageSid (400) and stores nothing', async () => {
    const before = await count('inbound_webhooks');
    const { MessageSid: _sid, ...form } = whatsAppForm('+996555120007', 'x');
    expect((await hook('/sms', form)).status).toBe(400);
    expect(await count('inbound_webhooks')).toBe(before);
  });

  it('puts a conversation in one pair of hands: taken, kept from others, handed over, moved by a supervisor, audited', async () => {
    const caseWorker = await signedIn(t.baseUrl, 'caseworker.almaty@mayak.test');
    await hook('/sms', whatsAppForm('+996555120010', 'Кто мне ответит?'));
    const id = (await conversationOf('whatsapp', '+996555120010'))!.id;
    expect((await operator.api.GET('/api/v1/conversations/{id}', { params: { path: { id } } })).data!.holder).toBeNull();
    const nobodys = (await operator.api.GET('/api/v1/conversations', { params: { query: { holder: 'nobody', limit: 100 } } })).data!.items.map((c) => c.id);
    expect(nobodys).toContain(id);

    const [taken, second] = await Promise.all([
      operator.api.POST('/api/v1/conversations/{id}/claim', { params: { path: { id } } }),
      caseWorker.api.POST('/api/v1/conversations/{id}/claim', { params: { path: { id } } }),
    ]);
    const statuses = [taken.response.status, second.response.status].sort();
    expect(statuses).toEqual([200, 409]);
    const winner = taken.response.status === 200 ? operator : caseWorker;
    const loser = winner === operator ? caseWorker : operator;
    const refused = [taken, second].find((r) => r.response.status === 409)!;
    expect(refused.error).toMatchObject({ code: 'conversation_taken' });

    // The other one may not write in it, nor take it.
    const before = await count('conversation_messages');
    const reply = await loser.api.POST('/api/v1/conversations/{id}/messages', { params: { path: { id } }, body: { body: 'Я отвечу' } });
    expect(reply.response.status).toBe(409);
    expect(await count('conversation_messages')).toBe(before);
    const mine = (await winner.api.GET('/api/v1/conversations', { params: { query: { holder: 'me', limit: 100 } } })).data!.items.map((c) => c.id);
    expect(mine).toContain(id);

    // Handed over to a colleague of the office; not to someone of another office or a partner.
    const loserId = ids[winner === operator ? 'caseworker.almaty@mayak.test' : 'operator.almaty@mayak.test'];
    for (const email of ['operator.astana@mayak.test', 'partner.almaty@mayak.test']) {
      const wrong = await winner.api.POST('/api/v1/conversations/{id}/assign', { params: { path: { id } }, body: { userId: ids[email] } });
      expect(wrong.response.status).toBe(400);
    }
    const handed = await winner.api.POST('/api/v1/conversations/{id}/assign', { params: { path: { id } }, body: { userId: loserId } });
    expect(handed.data!.holder!.id).toBe(loserId);
    // A supervisor moves it back.
    const supervisorMove = await supervisor.api.POST('/api/v1/conversations/{id}/assign', {
      params: { path: { id } },
      body: { userId: ids[winner === operator ? 'operator.almaty@mayak.test' : 'caseworker.almaty@mayak.test'] },
    });
    expect(supervisorMove.response.status).toBe(200);
    const moves = await t.db.query<{ summary: { from: string | null; to: string } }>(
      `SELECT summary FROM audit_log WHERE action = 'messaging.conversation_assigned' AND entity_id = $1 ORDER BY id`,
      [id],
    );
    expect(moves.map((m) => m.summary.to)).toHaveLength(3);
    expect(moves[0].summary.from).toBeNull();
    // Whoever it was handed to has an alert waiting, pointing at the conversation; taking it oneself raises none.
    const handedAlerts = await t.db.query<{ recipient_id: string; entity_type: string; data: { channel: string } }>(
      `SELECT recipient_id, entity_type, data FROM alerts WHERE kind = 'conversation_assigned' AND entity_id = $1 ORDER BY created_at`,
      [id],
    );
    expect(handedAlerts).toEqual([
      { recipient_id: loserId, entity_type: 'conversation', data: expect.objectContaining({ channel: 'whatsapp' }) },
      { recipient_id: supervisorMove.data!.holder!.id, entity_type: 'conversation', data: expect.objectContaining({ channel: 'whatsapp' }) },
    ]);
  });

  it('sends an approved template when WhatsApp’s window is closed: registered by an administrator, values for its placeholders, logged as received', async () => {
    const admin = await signedIn(t.baseUrl, 'admin.almaty@mayak.test');
    const contentSid = `HX${'a1'.repeat(16)}`;
    const base = { language: 'ru' as const, name: 'Мы пытались связаться', contentSid };
    expect((await admin.api.POST('/api/v1/message-templates', { body: { ...base, body: 'Здравствуйте, {{1}}. Мы ответим {{3}}.' } })).response.status).toBe(
      400,
    );
    expect((await admin.api.POST('/api/v1/message-templates', { body: { ...base, contentSid: 'HX123', body: 'x' } })).response.status).toBe(400);
    expect((await operator.api.POST('/api/v1/message-templates', { body: { ...base, body: 'x' } })).response.status).toBe(403);
    const created = await admin.api.POST('/api/v1/message-templates', {
      body: { ...base, body: 'Здравствуйте! Линия 11616 на связи. Ответьте на это сообщение, когда вам будет удобно: {{1}}.' },
    });
    expect(created.data).toMatchObject({ variables: 1, active: true });
    expect((await admin.api.POST('/api/v1/message-templates', { body: { ...base, body: 'again' } })).response.status).toBe(409);
    const offered = (await operator.api.GET('/api/v1/message-templates', { params: { query: { language: 'ru' } } })).data!;
    expect(offered.map((x) => x.id)).toEqual([created.data!.id]);

    await t.db.query(`UPDATE conversations SET last_inbound_at = mayak_now() - interval '2 days' WHERE id = $1`, [ids.whatsapp]);
    const path = { params: { path: { id: ids.whatsapp } } };
    expect(
      (await operator.api.POST('/api/v1/conversations/{id}/template', { ...path, body: { templateId: created.data!.id, variables: [] } })).response.status,
    ).toBe(400);
    const sent = await operator.api.POST('/api/v1/conversations/{id}/template', {
      ...path,
      body: { templateId: created.data!.id, variables: ['в любое время'] },
    });
    expect(sent.response.status).toBe(201);
    expect(sent.data!.body).toBe('Здравствуйте! Линия 11616 на связи. Ответьте на это сообщение, когда вам будет удобно: в любое время.');
    const op = provider
      .operations()
      .filter((o) => o.kind === 'sendMessage')
      .at(-1)!;
    expect(op).toMatchObject({ to: 'whatsapp:+996555120001', contentSid, contentVariables: { 1: 'в любое время' } });

    // Out of use: no longer offered or sent.
    const off = await admin.api.PATCH('/api/v1/message-templates/{id}', {
      params: { path: { id: created.data!.id } },
      body: { version: created.data!.version, active: false },
    });
    expect(off.data!.active).toBe(false);
    expect((await operator.api.GET('/api/v1/message-templates')).data).toEqual([]);
    expect(
      (await operator.api.POST('/api/v1/conversations/{id}/template', { ...path, body: { templateId: created.data!.id, variables: ['x'] } })).response.status,
    ).toBe(400);
  });
});
