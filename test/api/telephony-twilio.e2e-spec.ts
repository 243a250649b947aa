import { consoleIdentity } from '@mayak/domain';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import twilio from 'twilio';
import { VoicemailsService } from '#api/modules/telephony/voicemails.service';
import { TwilioProvider } from '#api/modules/telephony/provider/twilio-provider';
import { TelephonyProvider } from '#api/modules/telephony/provider/telephony-provider';
import { startTestApp, type TestApp } from '../support/app';
import { signedIn, type TestClient } from '../support/client';
import { startFakeTwilio, type FakeTwilio } from '../support/fake-twilio';
import { ACCOUNT_SID, HOTLINE, newCallSid, newMessageSid, postWebhook, ringIn } from '../support/twilio-webhooks';

const PUBLIC_URL = 'https://hotline.example.org';
const SOFTPHONE = {
  TWILIO_API_KEY: `SK${'5'.repeat(32)}`,
  TWILIO_API_SECRET: 'softphone-api-key-secret-for-tests',
  TWILIO_TWIML_APP_SID: `AP${'7'.repeat(32)}`,
};

/** Checks an HS256 JWT's signature with `secret` (as Twilio does) and returns its header and payload. */
interface VoiceTokenPayload {
  iss: string;
  sub: string;
  iat: number;
  exp: number;
  grants: { identity: string; voice: { incoming: { allow: boolean }; outgoing: { application_sid: string } } };
}

function verifiedJwt(token: string, secret: string): { header: Record<string, unknown>; payload: VoiceTokenPayload } {
  const [header, payload, signature] = token.split('.');
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
  if (!signature || !timingSafeEqual(Buffer.from(signature), Buffer.from(expected))) throw new Error('the token is not signed with the API key secret');
  const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  return { header: decode(header), payload: decode(payload) };
}

/** The same flows through the Twilio adapter, against a fake of Twilio's REST API on loopback. */
describe('telephony through the Twilio adapter', () => {
  let fake: FakeTwilio;
  let t: TestApp;
  let operator: TestClient;
  let caseWorker: TestClient;
  const ids: Record<string, string> = {};
  const signed = { token: '' };
  const callBySid = async (sid: string) =>
    (
      await t.db.query<{ id: string; state: string; operator_id: string | null; contact_id: string }>(`SELECT * FROM telephony_calls WHERE call_sid = $1`, [
        sid,
      ])
    )[0];
  const restCalls = (path: RegExp) => fake.requests.filter((r) => r.method === 'POST' && path.test(r.path));

  beforeAll(async () => {
    fake = await startFakeTwilio();
    signed.token = fake.authToken;
    t = await startTestApp({
      PUBLIC_URL,
      COOKIE_SECURE: 'false',
      TWILIO_ACCOUNT_SID: fake.accountSid,
      TWILIO_AUTH_TOKEN: fake.authToken,
      TWILIO_API_BASE_URL: fake.url,
      ...SOFTPHONE,
    });
    for (const row of await t.db.query<{ id: string; email: string }>(`SELECT id, email FROM users`)) ids[row.email] = row.id;
    operator = await signedIn(t.baseUrl, 'operator.almaty@mayak.test');
    caseWorker = await signedIn(t.baseUrl, 'caseworker.almaty@mayak.test');
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  it('is selected by TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN, and checks signatures with that token only', async () => {
    expect(t.app.get(TelephonyProvider)).toBeInstanceOf(TwilioProvider);
    await expect(ringIn(t.baseUrl, PUBLIC_URL, '+77013330001', '1')).rejects.toThrow(/403/); // the development token is not accepted
    await expect(ringIn(t.baseUrl, PUBLIC_URL, '+77013330001', '1', signed)).resolves.toMatch(/^CA/);
  });

  it('gives an operator a 10-minute Voice SDK token for their own identity, signed with the API key', async () => {
    const issued = await operator.api.POST('/api/v1/telephony/softphone/token');
    expect(issued.response.status).toBe(200);
    const identity = consoleIdentity(ids['operator.almaty@mayak.test']);
    expect(issued.data).toMatchObject({ provider: 'twilio', identity });
    const { header, payload } = verifiedJwt(issued.data!.token!, SOFTPHONE.TWILIO_API_SECRET);
    expect(header).toMatchObject({ alg: 'HS256', cty: 'twilio-fpa;v=1' });
    expect(payload).toMatchObject({
      iss: SOFTPHONE.TWILIO_API_KEY,
      sub: fake.accountSid,
      grants: { identity, voice: { incoming: { allow: true }, outgoing: { application_sid: SOFTPHONE.TWILIO_TWIML_APP_SID } } },
    });
    expect(payload.exp - payload.iat).toBe(600);
    expect(Date.parse(issued.data!.expiresAt)).toBe(payload.exp * 1000);
    expect(() => verifiedJwt(issued.data!.token!, 'another-secret')).toThrow(/not signed/);
    // Each operator's token names them, and only them.
    const other = await caseWorker.api.POST('/api/v1/telephony/softphone/token');
    expect(verifiedJwt(other.data!.token!, SOFTPHONE.TWILIO_API_SECRET).payload.grants.identity).toBe(consoleIdentity(ids['caseworker.almaty@mayak.test']));
  });

  it('puts an answered call through with a call update, and gives the call back to the queue when Twilio refuses', async () => {
    const sid = await ringIn(t.baseUrl, PUBLIC_URL, '+77013330002', '1', signed);
    fake.addCall(sid);
    const call = await callBySid(sid);
    fake.failNext(500, 20500, 'Internal Server Error');
    const refused = await operator.api.POST('/api/v1/telephony/calls/{id}/answer', { params: { path: { id: call.id } } });
    expect(refused.response.status).toBe(502);
    expect(refused.error).toMatchObject({ code: 'provider_unavailable' });
    expect(await callBySid(sid)).toMatchObject({ state: 'queued', operator_id: null });

    const answered = await caseWorker.api.POST('/api/v1/telephony/calls/{id}/answer', { params: { path: { id: call.id } } });
    expect(answered.response.status).toBe(201);
    const updates = restCalls(new RegExp(`/Accounts/${fake.accountSid}/Calls/${sid}\\.json$`));
    expect(updates).toHaveLength(2);
    expect(String(updates[1].form.Twiml)).toContain(`<Identity>${consoleIdentity(ids['caseworker.almaty@mayak.test'])}</Identity>`);
    expect(String(updates[1].form.Twiml)).toContain(`${PUBLIC_URL}/api/v1/telephony/twilio/voice/dial-result?call=${call.id}`);
  });

  it('sends replies through Messages.json with a status callback under PUBLIC_URL, and logs a refused text as failed', async () => {
    await postWebhook(
      t.baseUrl,
      PUBLIC_URL,
      '/sms',
      { MessageSid: newMessageSid(), AccountSid: fake.accountSid, From: '+77013330003', To: HOTLINE, Body: 'Помогите', NumMedia: '0' },
      signed,
    );
    const [thread] = (await operator.api.GET('/api/v1/conversations')).data!.items;
    const sent = await operator.api.POST('/api/v1/conversations/{id}/messages', {
      params: { path: { id: thread.id } },
      body: { body: 'Мы на связи. Вы в безопасности?' },
    });
    expect(sent.data).toMatchObject({ status: 'queued', direction: 'outbound' });
    const [request] = restCalls(/\/Messages\.json$/);
    expect(request.form).toMatchObject({ To: '+77013330003', From: HOTLINE, Body: 'Мы на связи. Вы в безопасности?' });
    expect(String(request.form.StatusCallback)).toBe(`${PUBLIC_URL}/api/v1/telephony/twilio/sms/status?message=${sent.data!.id}`);

    fake.failNext(400, 21610, 'Attempt to send to unsubscribed recipient');
    const refused = await operator.api.POST('/api/v1/conversations/{id}/messages', { params: { path: { id: thread.id } }, body: { body: 'Second try' } });
    expect(refused.data).toMatchObject({ status: 'failed', errorCode: '21610' });
  });

  it('sends an approved WhatsApp template through the Content API: ContentSid and the values as JSON, no body', async () => {
    const sid = newMessageSid();
    await postWebhook(
      t.baseUrl,
      PUBLIC_URL,
      '/sms',
      { MessageSid: sid, AccountSid: fake.accountSid, From: 'whatsapp:+996555300077', To: `whatsapp:${HOTLINE}`, Body: 'Салам', NumMedia: '0' },
      signed,
    );
    const [{ conversation_id: id }] = await t.db.query<{ conversation_id: string }>(
      `SELECT conversation_id FROM conversation_messages WHERE provider_message_id = $1`,
      [sid],
    );
    await t.db.query(`UPDATE conversations SET last_inbound_at = mayak_now() - interval '3 days' WHERE id = $1`, [id]);
    const admin = await signedIn(t.baseUrl, 'admin.almaty@mayak.test');
    const contentSid = `HX${'b2'.repeat(16)}`;
    const template = await admin.api.POST('/api/v1/message-templates', {
      body: { language: 'ru', name: 'Напоминание', contentSid, body: 'Линия 11616: {{1}}' },
    });
    const sent = await operator.api.POST('/api/v1/conversations/{id}/template', {
      params: { path: { id } },
      body: { templateId: template.data!.id, variables: ['мы на связи'] },
    });
    expect(sent.data).toMatchObject({ status: 'queued', body: 'Линия 11616: мы на связи' });
    const [request] = restCalls(/\/Messages\.json$/).slice(-1);
    expect(request.form).toMatchObject({
      To: 'whatsapp:+996555300077',
      From: `whatsapp:${HOTLINE}`,
      ContentSid: contentSid,
      ContentVariables: JSON.stringify({ 1: 'мы на связи' }),
    });
    expect(request.form.Body).toBeUndefined();
  });

  it('places a callback by calling the operator first, with the hotline as caller id for the client', async () => {
    const { data: cb } = await operator.api.POST('/api/v1/callbacks', {
      body: { consentToContactBack: true, phone: '+77013330004', dueAt: new Date(t.clock.nowMs() + 60_000).toISOString() },
    });
    const placed = await operator.api.POST('/api/v1/callbacks/{id}/place', { params: { path: { id: cb!.id } }, body: { version: cb!.version } });
    expect(placed.data).toMatchObject({ status: 'in_progress', attempts: 1 });
    const [create] = restCalls(/\/Calls\.json$/).slice(-1);
    expect(create.form).toMatchObject({
      To: expect.stringContaining(`client:${consoleIdentity(ids['operator.almaty@mayak.test'])}?mayakRingFor=`),
      From: HOTLINE,
      StatusCallback: `${PUBLIC_URL}/api/v1/telephony/twilio/voice/status`,
    });
    expect(String(create.form.Twiml)).toContain(`<Dial callerId="${HOTLINE}"`);
    expect(String(create.form.Twiml)).toContain('<Number>+77013330004</Number>');

    // Twilio down: the attempt is undone and the callback waits as before.
    const { data: other } = await operator.api.POST('/api/v1/callbacks', {
      body: { consentToContactBack: true, phone: '+77013330005', dueAt: new Date(t.clock.nowMs() + 60_000).toISOString() },
    });
    fake.failNext(503, 20503, 'Service Unavailable');
    const refused = await operator.api.POST('/api/v1/callbacks/{id}/place', { params: { path: { id: other!.id } }, body: { version: other!.version } });
    expect(refused.response.status).toBe(502);
    expect((await operator.api.GET('/api/v1/callbacks/{id}', { params: { path: { id: other!.id } } })).data).toMatchObject({
      status: 'scheduled',
      attempts: 0,
      attemptsLog: [],
    });
  });
  it('fetches a voicemail’s recording from this account only, keeps it encrypted, and deletes Twilio’s copy', async () => {
    const mp3 = Buffer.concat([Buffer.from('ID3'), randomBytes(2048)]);
    const recordingSid = fake.addRecording(mp3);
    const sid = await ringIn(t.baseUrl, PUBLIC_URL, '+77013330020', '1', signed);
    const recordingUrl = `https://api.twilio.com/2010-04-01/Accounts/${fake.accountSid}/Recordings/${recordingSid}`;
    const status = await postWebhook(
      t.baseUrl,
      PUBLIC_URL,
      '/voice/recording-status',
      {
        CallSid: sid,
        AccountSid: fake.accountSid,
        RecordingSid: recordingSid,
        RecordingUrl: recordingUrl,
        RecordingStatus: 'completed',
        RecordingDuration: '5',
      },
      signed,
    );
    expect(status.status).toBe(204);
    const [row] = await t.db.query<{ id: string }>(`SELECT id FROM voicemails WHERE recording_sid = $1`, [recordingSid]);
    // What the worker runs, here in the API process against the fake.
    expect(await t.app.get(VoicemailsService).fetchAndStore(row.id)).toBe('stored');
    const fetched = fake.requests.filter((r) => r.method === 'GET' && r.path.endsWith(`/Recordings/${recordingSid}.mp3`));
    expect(fetched).toHaveLength(1);
    expect(fake.deletedRecordings).toEqual([recordingSid]);
    const [stored] = await t.db.query<{ status: string; content_type: string }>(`SELECT status, content_type FROM voicemails WHERE id = $1`, [row.id]);
    expect(stored).toEqual({ status: 'stored', content_type: 'audio/mpeg' });
    const provider = t.app.get(TelephonyProvider) as TwilioProvider;
    // Nothing but this account's recordings on Twilio's API host is fetched with its credentials.
    await expect(provider.fetchRecording(`https://evil.example.org/2010-04-01/Accounts/${fake.accountSid}/Recordings/${recordingSid}`)).rejects.toThrow(
      /refusing/,
    );
    await expect(provider.fetchRecording(`https://api.twilio.com/2010-04-01/Accounts/AC${'9'.repeat(32)}/Recordings/${recordingSid}`)).rejects.toThrow(
      /refusing/,
    );
    await expect(provider.fetchRecording(`https://api.twilio.com/2010-04-01/Accounts/${fake.accountSid}/Calls/${sid}`)).rejects.toThrow(/refusing/);
  });

  describe('the form that is verified is the form that is handled', () => {
    const VOICE_URL = `${PUBLIC_URL}/api/v1/telephony/twilio/voice`;
    const voiceForm = (from: string) => ({
      CallSid: newCallSid(),
      AccountSid: ACCOUNT_SID,
      From: from,
      To: HOTLINE,
      CallStatus: 'ringing',
      Direction: 'inbound',
    });
    const sign = (params: Record<string, string | string[]>) => twilio.getExpectedTwilioSignature(signed.token, VOICE_URL, params);
    const post = (body: string, contentType: string, signature: string) =>
      fetch(`${t.baseUrl}/api/v1/telephony/twilio/voice`, { method: 'POST', headers: { 'content-type': contentType, 'x-twilio-signature': signature }, body });
    const written = async () =>
      (
        await t.db.query<{ calls: number; contacts: number; audit: number }>(
          `SELECT (SELECT count(*) FROM telephony_calls)::int AS calls, (SELECT count(*) FROM contacts)::int AS contacts, (SELECT count(*) FROM audit_log)::int AS audit`,
        )
      )[0];

    it('refuses a captured signature replayed with a second To, storing nothing', async () => {
      const form = voiceForm('+77013330011');
      const signature = sign(form);
      const before = await written();
      const body = new URLSearchParams(form);
      body.append('To', '+77019990000');
      const response = await post(body.toString(), 'application/x-www-form-urlencoded', signature);
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(await response.json()).toMatchObject({ code: 'validation_failed', errors: [{ field: 'To', code: 'repeated_field' }] });
      // The same value twice is signed like once by twilio's algorithm (distinct values, sorted): refused all the same.
      const twice = new URLSearchParams(form);
      twice.append('To', HOTLINE);
      expect((await post(twice.toString(), 'application/x-www-form-urlencoded', signature)).status).toBe(400);
      expect(await written()).toEqual(before);
      expect(await t.db.query(`SELECT 1 FROM telephony_calls WHERE call_sid = $1`, [form.CallSid])).toEqual([]);
    });

    it('refuses a repeated field even when it is signed the twilio way: Twilio never repeats one', async () => {
      const form = voiceForm('+77013330012');
      const both = { ...form, To: [HOTLINE, '+77019990000'] };
      const body = new URLSearchParams(form);
      body.append('To', '+77019990000');
      const before = await written();
      const response = await post(body.toString(), 'application/x-www-form-urlencoded', sign(both));
      expect(response.status).toBe(400);
      expect(await written()).toEqual(before);
    });

    it.each([
      ['application/json', (form: Record<string, string>) => JSON.stringify(form)],
      ['text/plain', (form: Record<string, string>) => new URLSearchParams(form).toString()],
      ['text/plain; charset=utf-8', (form: Record<string, string>) => JSON.stringify(form)],
    ])('answers a %s body 415 problem+json, whichever signature it carries, and stores nothing', async (contentType, encode) => {
      const form = voiceForm('+77013330013');
      const before = await written();
      // Signed as an empty form (what a body that is not a form used to be checked as: JSON created a call, text answered 500), then as the form.
      for (const signature of [sign({}), sign(form)]) {
        const response = await post(encode(form), contentType, signature);
        expect(response.status).toBe(415);
        expect(response.headers.get('content-type')).toContain('application/problem+json');
        expect(await response.json()).toMatchObject({ code: 'unsupported_media_type' });
      }
      expect(await written()).toEqual(before);
    });

    it('still accepts the correctly signed form, with a charset as some proxies add', async () => {
      const form = voiceForm('+77013330014');
      const response = await post(new URLSearchParams(form).toString(), 'application/x-www-form-urlencoded; charset=utf-8', sign(form));
      expect(response.status).toBe(200);
      expect(await t.db.query(`SELECT count(*)::int AS n FROM telephony_calls WHERE call_sid = $1`, [form.CallSid])).toEqual([{ n: 1 }]);
    });
  });
});
