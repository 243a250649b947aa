import { startTestApp, type TestApp } from '../support/app';
import { signedIn, type TestClient } from '../support/client';
import { ACCOUNT_SID, HOTLINE, newCallSid, postWebhook } from '../support/twilio-webhooks';

const PUBLIC_URL = 'https://hotline.example.org';

/** A tiny valid WAV: 100 ms of silence at 8 kHz. */
function wav(): Buffer {
  const data = Buffer.alloc(1600);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8);
  header.write('fmt ', 12);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(16000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

/** Administrators record the phone prompts per language; Twilio plays the recording instead of the text. */
describe('recorded prompts', () => {
  let t: TestApp;
  let admin: TestClient;
  const upload = (client: TestClient, path: string, body: Buffer, contentType = 'audio/wav') =>
    fetch(`${t.baseUrl}/api/v1/telephony/prompts/${path}`, {
      method: 'PUT',
      body: new Uint8Array(body),
      headers: { 'content-type': contentType, cookie: `mayak_session=${client.jar.get('mayak_session')}`, 'x-csrf-token': client.csrfToken ?? '' },
    });
  const menu = async () =>
    (
      await postWebhook(t.baseUrl, PUBLIC_URL, '/voice', {
        CallSid: newCallSid(),
        AccountSid: ACCOUNT_SID,
        From: '+77011117000',
        To: HOTLINE,
        CallStatus: 'ringing',
      })
    ).text();

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_URL, COOKIE_SECURE: 'false' });
    admin = await signedIn(t.baseUrl, 'admin.almaty@mayak.test');
  });
  afterAll(async () => t.close());

  it('plays an uploaded recording instead of the text, from a public address that changes with each upload, until it is removed', async () => {
    expect(await menu()).toContain('Барои забони тоҷикӣ 5-ро пахш кунед.');
    const uploaded = await upload(admin, 'menu/tg', wav());
    expect(uploaded.status).toBe(200);
    expect(await uploaded.json()).toMatchObject({ kind: 'menu', language: 'tg', contentType: 'audio/wav', bytes: 1644 });
    const twiml = await menu();
    const url = new RegExp(`<Play>(${PUBLIC_URL}/api/v1/telephony/prompts/menu/tg\\?v=\\d+)</Play>`).exec(twiml)?.[1];
    expect(url).toBeDefined();
    expect(twiml).not.toContain('тоҷикӣ');
    // A recording says its own key; the other languages keep their text.
    expect(twiml).toContain('нажмите 1');
    // Twilio fetches it without a session.
    const played = await fetch(url!.replace(PUBLIC_URL, t.baseUrl));
    expect(played.status).toBe(200);
    expect(played.headers.get('content-type')).toBe('audio/wav');
    expect(
      Buffer.from(await played.arrayBuffer())
        .subarray(0, 4)
        .toString(),
    ).toBe('RIFF');
    const catalog = await admin.api.GET('/api/v1/telephony/prompts');
    expect(catalog.data?.recorded).toEqual([expect.objectContaining({ kind: 'menu', language: 'tg' })]);
    expect(catalog.data?.kinds).toContain('voicemail');

    const removed = await fetch(`${t.baseUrl}/api/v1/telephony/prompts/menu/tg`, {
      method: 'DELETE',
      headers: { cookie: `mayak_session=${admin.jar.get('mayak_session')}`, 'x-csrf-token': admin.csrfToken ?? '' },
    });
    expect(removed.status).toBe(204);
    expect(await menu()).toContain('Барои забони тоҷикӣ 5-ро пахш кунед.');
    const audited = await t.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE action LIKE 'telephony.prompt_%' ORDER BY id`);
    expect(audited.map((a) => a.action)).toEqual(['telephony.prompt_recorded', 'telephony.prompt_removed']);
  });

  it('takes only an MP3 or WAV file of a known prompt and language, at most 2 MB, from an administrator', async () => {
    expect((await upload(admin, 'menu/tg', Buffer.from('{"not":"audio"}'), 'application/json')).status).toBe(415);
    const lying = await upload(admin, 'menu/tg', Buffer.alloc(2000, 7), 'audio/mpeg');
    expect(lying.status).toBe(400);
    expect(await lying.json()).toMatchObject({ errors: [expect.objectContaining({ code: 'not_audio' })] });
    expect((await upload(admin, 'menu/fr', wav())).status).toBe(404);
    expect((await upload(admin, 'jingle/ru', wav())).status).toBe(404);
    const big = Buffer.concat([wav(), Buffer.alloc(2 * 1024 * 1024)]);
    expect((await upload(admin, 'hold/ru', big)).status).toBe(413);
    const supervisor = await signedIn(t.baseUrl, 'supervisor.almaty@mayak.test');
    expect((await upload(supervisor, 'hold/ru', wav())).status).toBe(403);
    expect(
      (await fetch(`${t.baseUrl}/api/v1/telephony/prompts/hold/ru`, { method: 'PUT', body: new Uint8Array(wav()), headers: { 'content-type': 'audio/wav' } }))
        .status,
    ).toBe(401);
    expect((await admin.api.GET('/api/v1/telephony/prompts')).data?.recorded).toEqual([]);
    expect((await fetch(`${t.baseUrl}/api/v1/telephony/prompts/hold/ru`)).status).toBe(404);
  });
});
