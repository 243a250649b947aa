import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { startTestApp, type TestApp } from '../support/app';
import { createTestClient, DEMO_PASSWORD, signedIn } from '../support/client';
import { ACCOUNT_SID, HOTLINE, newCallSid, postWebhook } from '../support/twilio-webhooks';
import twilio from 'twilio';

/**
 * The security suite's sessions, CSRF, provider signatures and logs. Office and role
 * boundaries are walked route by route in security-office-walk, hostile input in
 * security-input; the basics of sign-in are in auth.
 */
const PUBLIC_URL = 'https://hotline.example.org';
const OPERATOR = 'operator.almaty@mayak.test';

describe('security: sessions, CSRF and provider signatures', () => {
  let t: TestApp;
  const meWith = (cookie: string) => fetch(`${t.baseUrl}/api/v1/auth/me`, { headers: { cookie } });
  const userRow = async (email: string) => (await t.db.query<{ id: string; version: number }>(`SELECT id, version FROM users WHERE email = $1`, [email]))[0];

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_URL, COOKIE_SECURE: 'false' });
  });
  afterAll(async () => t.close());

  it('ends a session at its absolute lifetime even while it is in use', async () => {
    const client = await signedIn(t.baseUrl, 'caseworker.astana@mayak.test');
    expect((await client.api.GET('/api/v1/auth/me')).response.status).toBe(200);
    const mine = `revoked_at IS NULL AND user_id = (SELECT id FROM users WHERE email = 'caseworker.astana@mayak.test')`;
    expect(await t.db.query(`SELECT extract(epoch FROM expires_at - created_at)::int AS seconds FROM sessions WHERE ${mine}`)).toEqual([
      { seconds: 12 * 3600 },
    ]);
    // Twelve hours later, with the last request a moment ago: still over.
    await t.db.query(
      `UPDATE sessions SET created_at = mayak_now() - interval '12 hours 1 minute', expires_at = mayak_now() - interval '1 minute', last_seen_at = mayak_now() WHERE ${mine}`,
    );
    const me = await client.api.GET('/api/v1/auth/me');
    expect(me.response.status).toBe(401);
    expect(me.error).toMatchObject({ code: 'session_expired' });
  });

  it.each([
    ['a new password', { password: 'another-long-steppe-password-7' }],
    ['other roles', { roles: ['case_worker'] }],
  ])('revokes every session of a user who is given %s, and only theirs', async (_what, change) => {
    const admin = await signedIn(t.baseUrl, 'admin.almaty@mayak.test');
    const laptop = await signedIn(t.baseUrl, 'operator.astana@mayak.test');
    const phone = await signedIn(t.baseUrl, 'operator.astana@mayak.test');
    const bystander = await signedIn(t.baseUrl, OPERATOR);
    const user = await userRow('operator.astana@mayak.test');
    const update = await admin.api.PATCH('/api/v1/users/{id}', { params: { path: { id: user.id } }, body: { version: user.version, ...change } as never });
    expect(update.response.status).toBe(200);
    for (const session of [laptop, phone]) expect((await session.api.GET('/api/v1/auth/me')).response.status).toBe(401);
    expect((await bystander.api.GET('/api/v1/auth/me')).response.status).toBe(200);
    expect((await admin.api.GET('/api/v1/auth/me')).response.status).toBe(200);
    // Put the account back for the next case.
    const again = await userRow('operator.astana@mayak.test');
    await admin.api.PATCH('/api/v1/users/{id}', {
      params: { path: { id: again.id } },
      body: { version: again.version, password: DEMO_PASSWORD, roles: ['operator'] } as never,
    });
  });

  it('gives a new session token at every sign-in, even to a browser that already holds a valid one', async () => {
    const first = await signedIn(t.baseUrl, OPERATOR);
    const held = first.jar.get('mayak_session')!;
    const login = await fetch(`${t.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `mayak_session=${held}` },
      body: JSON.stringify({ email: OPERATOR, password: DEMO_PASSWORD }),
    });
    expect(login.status).toBe(200);
    const issued = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .find((c) => c.startsWith('mayak_session='))!;
    expect(issued).toBeDefined();
    expect(issued).not.toBe(`mayak_session=${held}`);
    const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
    expect(csrf).not.toBe(first.csrfToken);
  });

  it('gives each session its own intake-draft key: the same on every ask, another for another session or user, never cached or stored', async () => {
    const draftKey = async (client: ReturnType<typeof createTestClient>) => {
      const { data, response } = await client.api.GET('/api/v1/auth/draft-key');
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(Buffer.from(data!.key, 'base64url')).toHaveLength(32);
      return data!.key;
    };
    const laptop = await signedIn(t.baseUrl, OPERATOR);
    const key = await draftKey(laptop);
    expect(await draftKey(laptop)).toBe(key);
    // The same operator signed in again (a new session), and a colleague: other keys.
    const again = await signedIn(t.baseUrl, OPERATOR);
    const colleague = await signedIn(t.baseUrl, 'caseworker.almaty@mayak.test');
    const others = [await draftKey(again), await draftKey(colleague)];
    expect(new Set([key, ...others]).size).toBe(3);
    // Derived, not kept: no row of the database holds it.
    const [{ found }] = await t.db.query<{ found: string }>(
      `SELECT (SELECT count(*) FROM sessions s WHERE row_to_json(s)::text LIKE $1) + (SELECT count(*) FROM audit_log a WHERE row_to_json(a)::text LIKE $1) AS found`,
      [`%${key}%`],
    );
    expect(Number(found)).toBe(0);

    // Without a session, or with an ended one: no key (before the second factor: 403, see access).
    const anonymous = await fetch(`${t.baseUrl}/api/v1/auth/draft-key`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('cache-control')).toBe('no-store');
    const ended = createTestClient(t.baseUrl);
    await ended.login(OPERATOR);
    const held = ended.jar.get('mayak_session')!;
    await ended.api.POST('/api/v1/auth/logout');
    expect((await fetch(`${t.baseUrl}/api/v1/auth/draft-key`, { headers: { cookie: `mayak_session=${held}` } })).status).toBe(401);
    // The other sessions keep theirs.
    expect(await draftKey(again)).toBe(others[0]);
  });

  it("refuses a write carrying another session's CSRF token, or the token anywhere but its header", async () => {
    const victim = await signedIn(t.baseUrl, OPERATOR);
    const attacker = await signedIn(t.baseUrl, 'operator.astana@mayak.test');
    const cookie = `mayak_session=${victim.jar.get('mayak_session')}`;
    const before = await t.db.query(`SELECT count(*)::int AS n FROM contacts`);
    const attempts = [
      fetch(`${t.baseUrl}/api/v1/contacts`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json', 'x-csrf-token': attacker.csrfToken! },
        body: JSON.stringify({ channel: 'voice' }),
      }),
      fetch(`${t.baseUrl}/api/v1/contacts?csrfToken=${victim.csrfToken}`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ channel: 'voice' }),
      }),
      fetch(`${t.baseUrl}/api/v1/contacts`, {
        method: 'POST',
        headers: { cookie: `${cookie}; x-csrf-token=${victim.csrfToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ channel: 'voice' }),
      }),
      fetch(`${t.baseUrl}/api/v1/contacts`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ channel: 'voice', csrfToken: victim.csrfToken }),
      }),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.status).toBe(403);
      expect((await response.json()).code).toBe('csrf_failed');
    }
    expect(await t.db.query(`SELECT count(*)::int AS n FROM contacts`)).toEqual(before);
    // A GET never changes anything, so it needs no token, and a HEAD or OPTIONS cannot write.
    expect((await meWith(cookie)).status).toBe(200);
  });

  describe('provider webhooks', () => {
    const path = '/api/v1/telephony/twilio';
    const signed = (url: string, params: Record<string, string>) => twilio.getExpectedTwilioSignature('mayak-local-telephony-token', url, params);
    const post = (to: string, params: Record<string, string>, signature: string | null) =>
      fetch(`${t.baseUrl}${path}${to}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...(signature ? { 'x-twilio-signature': signature } : {}) },
        body: new URLSearchParams(params).toString(),
      });
    const counts = async () =>
      (
        await t.db.query(
          `SELECT (SELECT count(*) FROM telephony_calls)::int AS calls, (SELECT count(*) FROM contacts)::int AS contacts, (SELECT count(*) FROM conversation_messages)::int AS sms`,
        )
      )[0];

    it('refuses a captured signature replayed on another webhook or with another form, and a forged one', async () => {
      const params = { CallSid: newCallSid(), AccountSid: ACCOUNT_SID, From: '+77016660001', To: HOTLINE, CallStatus: 'ringing' };
      const signature = signed(`${PUBLIC_URL}${path}/voice`, params);
      const before = await counts();
      const refused = await Promise.all([
        post('/sms', params, signature),
        post('/voice/status', params, signature),
        post('/voice', { ...params, From: '+77016660002' }, signature),
        post('/voice', { ...params, CallSid: newCallSid() }, signature),
        post('/voice', params, signed(`${PUBLIC_URL}${path}/voice`, { ...params, CallStatus: 'completed' })),
        post('/voice', params, twilio.getExpectedTwilioSignature('another-accounts-token', `${PUBLIC_URL}${path}/voice`, params)),
        post('/voice', params, null),
        post('/voice', params, Buffer.from('forged').toString('base64')),
      ]);
      for (const response of refused) {
        expect(response.status).toBe(403);
        expect(response.headers.get('content-type')).toContain('application/problem+json');
      }
      expect(await counts()).toEqual(before);
      // The genuine request goes through once.
      expect((await post('/voice', params, signature)).status).toBe(200);
      expect((await counts()).calls).toBe(Number(before.calls) + 1);
    });

    it('changes nothing when an old, genuinely signed webhook is replayed after the call ended', async () => {
      const sid = newCallSid();
      const base = { CallSid: sid, AccountSid: ACCOUNT_SID, From: '+77016660003', To: HOTLINE, Direction: 'inbound', ApiVersion: '2010-04-01' };
      const ringing = { ...base, CallStatus: 'ringing' };
      expect((await postWebhook(t.baseUrl, PUBLIC_URL, '/voice', ringing)).status).toBe(200);
      expect((await postWebhook(t.baseUrl, PUBLIC_URL, '/voice/language', { ...base, CallStatus: 'in-progress', Digits: '1' })).status).toBe(200);
      expect(
        (await postWebhook(t.baseUrl, PUBLIC_URL, '/voice/queue-result', { CallSid: sid, AccountSid: ACCOUNT_SID, QueueResult: 'hangup', QueueTime: '12' }))
          .status,
      ).toBe(200);
      expect(
        (await postWebhook(t.baseUrl, PUBLIC_URL, '/voice/status', { CallSid: sid, AccountSid: ACCOUNT_SID, CallStatus: 'completed', CallDuration: '20' }))
          .status,
      ).toBe(204);
      const snapshot = async () =>
        (
          await t.db.query(
            `SELECT c.state, c.outcome, c.provider_status, c.version, k.status AS contact_status, (SELECT count(*)::int FROM callbacks WHERE source_call_id = c.id) AS callbacks FROM telephony_calls c JOIN contacts k ON k.id = c.contact_id WHERE c.call_sid = $1`,
            [sid],
          )
        )[0];
      const ended = await snapshot();
      const before = await counts();
      expect((await postWebhook(t.baseUrl, PUBLIC_URL, '/voice', ringing)).status).toBe(200);
      expect((await postWebhook(t.baseUrl, PUBLIC_URL, '/voice/language', { ...base, CallStatus: 'in-progress', Digits: '2' })).status).toBe(200);
      expect(await snapshot()).toEqual(ended);
      expect(await counts()).toEqual(before);
    });
  });
});

describe('security: logs hold no identifiers or secrets', () => {
  let t: TestApp;
  let api: ChildProcess;
  let output = '';
  let baseUrl = '';

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_URL, COOKIE_SECURE: 'false' });
    // A second API process on the same database, logging everything it would log at debug level.
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    baseUrl = `http://127.0.0.1:${port}`;
    api = spawn('node', [join(__dirname, '../../dist/apps/api/main.js')], {
      env: { ...process.env, ...t.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'debug', PUBLIC_URL },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    api.stdout!.on('data', (d) => (output += d));
    api.stderr!.on('data', (d) => (output += d));
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (Date.now() > deadline) throw new Error(`the API did not start: ${output.slice(-2000)}`);
      if (
        await fetch(`${baseUrl}/api/health/ready`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      await new Promise((r) => setTimeout(r, 200));
    }
  }, 45_000);
  afterAll(async () => {
    if (api.exitCode === null) {
      const exited = new Promise((r) => api.once('exit', r));
      api.kill('SIGTERM');
      await exited;
    }
    await t.close();
  });

  it('logs requests, failures and webhooks without numbers, names, e-mail addresses, passwords or tokens', async () => {
    const phone = '+77017771234';
    const name = 'Гульнара Сапарбекова';
    const operator = createTestClient(baseUrl);
    expect((await operator.login(OPERATOR)).response.status).toBe(200);
    const wrong = createTestClient(baseUrl);
    expect((await wrong.login('caseworker.almaty@mayak.test', 'not-the-password-at-all')).response.status).toBe(401);
    const caseWorker = createTestClient(baseUrl);
    await caseWorker.login('caseworker.almaty@mayak.test');
    const contact = await operator.api.POST('/api/v1/contacts', { body: { channel: 'voice', phone, notes: 'Работодатель забрал паспорт' } });
    expect(contact.response.status).toBe(201);
    const person = await caseWorker.api.POST('/api/v1/people', { body: { name, identifiers: [{ kind: 'phone', value: phone }] } });
    expect(person.response.status).toBe(201);
    await caseWorker.api.GET('/api/v1/cases', { params: { query: { q: phone } } });
    await caseWorker.api.GET('/api/v1/cases', { params: { query: { q: name } } });
    await operator.api.POST('/api/v1/callers/lookup', { body: { phone } });
    await caseWorker.api.POST('/api/v1/people/{id}/reveal', {
      params: { path: { id: person.data!.id } },
      body: { reason: 'Звоним клиенту по её просьбе' },
    } as never);
    // Refused input with the number in it, and a number in a query string.
    expect((await operator.api.POST('/api/v1/contacts', { body: { channel: 'voice', phone: `${phone}xx` } })).response.status).toBe(400);
    await fetch(`${baseUrl}/api/v1/contacts?phone=${encodeURIComponent(phone)}&name=${encodeURIComponent(name)}`, {
      headers: { cookie: `mayak_session=${operator.jar.get('mayak_session')}` },
    });
    // A webhook with the caller's number, signed and unsigned.
    const call = { CallSid: newCallSid(), AccountSid: ACCOUNT_SID, From: phone, To: HOTLINE, CallStatus: 'ringing' };
    expect((await postWebhook(baseUrl, PUBLIC_URL, '/voice', call)).status).toBe(200);
    expect((await postWebhook(baseUrl, PUBLIC_URL, '/voice', call, { signature: 'forged' })).status).toBe(403);
    await new Promise((r) => setTimeout(r, 500)); // let the last lines reach the pipe

    expect(output).toMatch(/"requestId"/); // it did log, at debug level
    const forbidden = [
      phone,
      phone.slice(1),
      '7017771234',
      '701 777 12 34',
      '777-12-34',
      name,
      'Сапарбекова',
      'Saparbekova',
      OPERATOR,
      'caseworker.almaty@mayak.test',
      DEMO_PASSWORD,
      'not-the-password-at-all',
      operator.jar.get('mayak_session')!,
      operator.csrfToken!,
      caseWorker.jar.get('mayak_session')!,
    ];
    for (const value of forbidden) expect({ value, found: output.includes(value) }).toEqual({ value, found: false });
  }, 60_000);
});
