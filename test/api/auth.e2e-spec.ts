import { startTestApp, type TestApp } from '../support/app';
import { createTestClient, DEMO_PASSWORD, signedIn } from '../support/client';

const OPERATOR = 'operator.almaty@mayak.test';

describe('sign-in and sessions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '5', LOGIN_MAX_FAILURES_PER_ADDRESS: '12', SESSION_IDLE_MINUTES: '30' });
  });
  afterAll(async () => t.close());

  const auditActions = async (action: string) =>
    Number((await t.db.query<{ n: string }>(`SELECT count(*) AS n FROM audit_log WHERE action = $1`, [action]))[0].n);

  it('signs in with an httpOnly, SameSite=Strict session cookie and tells who is signed in', async () => {
    const client = createTestClient(t.baseUrl);
    const response = await fetch(`${t.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'Operator.Almaty@mayak.test', password: DEMO_PASSWORD }),
    });
    expect(response.status).toBe(200);
    const cookie = response.headers.getSetCookie()[0];
    expect(cookie).toMatch(/^mayak_session=[\w-]{40,};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const body = await response.json();
    expect(body).toMatchObject({
      state: 'active',
      user: { email: OPERATOR, roles: ['operator'], permissions: expect.arrayContaining(['contacts.write', 'cases.read']) },
    });
    expect(body.user.permissions).not.toContain('identifiers.view');

    await client.login(OPERATOR);
    const me = await client.api.GET('/api/v1/auth/me');
    expect(me.data?.user.email).toBe(OPERATOR);
    expect(me.data?.user.offices.map((o) => o.name)).toEqual(['Almaty']);
    // Each office with the zone its days are counted in (the console's "today" follows it).
    expect(me.data?.user.offices.map((o) => o.timezone)).toEqual(['Asia/Almaty']);
    // The database holds only a hash of the token.
    const [row] = await t.db.query<{ token_hash: Buffer }>(`SELECT token_hash FROM sessions ORDER BY created_at DESC LIMIT 1`);
    expect(row.token_hash.toString('utf8')).not.toContain(client.jar.get('mayak_session'));
  });

  it('says the same thing for a wrong password and an unknown account, and audits both', async () => {
    const before = await auditActions('auth.login_failed');
    const wrong = await createTestClient(t.baseUrl).login('caseworker.almaty@mayak.test', 'not-the-password');
    const unknown = await createTestClient(t.baseUrl).login('nobody@mayak.test', 'not-the-password');
    expect(wrong.response.status).toBe(401);
    expect(unknown.response.status).toBe(401);
    expect(wrong.response.headers.get('content-type')).toContain('application/problem+json');
    expect(wrong.error).toMatchObject({ code: 'invalid_credentials' });
    expect((wrong.error as unknown as { detail: string }).detail).toBe((unknown.error as unknown as { detail: string }).detail);
    expect(await auditActions('auth.login_failed')).toBe(before + 2);
  });

  it('throttles repeated failures per account with 429, even for the right password afterwards', async () => {
    const email = 'caseworker.astana@mayak.test';
    for (let i = 0; i < 5; i++) expect((await createTestClient(t.baseUrl).login(email, `wrong-${i}`)).response.status).toBe(401);
    const blocked = await createTestClient(t.baseUrl).login(email, DEMO_PASSWORD);
    expect(blocked.response.status).toBe(429);
    expect(Number(blocked.response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(blocked.error).toMatchObject({ code: 'too_many_attempts' });
    // Other accounts are unaffected.
    expect((await createTestClient(t.baseUrl).login('operator.astana@mayak.test')).response.status).toBe(200);
  });

  it('requires the CSRF token on writes and refuses cross-site origins', async () => {
    const client = await signedIn(t.baseUrl, OPERATOR);
    const cookie = `mayak_session=${client.jar.get('mayak_session')}`;
    const noToken = await fetch(`${t.baseUrl}/api/v1/auth/logout`, { method: 'POST', headers: { cookie } });
    expect(noToken.status).toBe(403);
    expect((await noToken.json()).code).toBe('csrf_failed');
    const wrongToken = await fetch(`${t.baseUrl}/api/v1/auth/logout`, { method: 'POST', headers: { cookie, 'x-csrf-token': 'x'.repeat(32) } });
    expect(wrongToken.status).toBe(403);
    const crossSite = await fetch(`${t.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: JSON.stringify({ email: OPERATOR, password: DEMO_PASSWORD }),
    });
    expect(crossSite.status).toBe(403);
    expect(crossSite.headers.getSetCookie()).toEqual([]);
    // The session still works: nothing was logged out by the forged requests.
    expect((await client.api.GET('/api/v1/auth/me')).response.status).toBe(200);
  });

  it('logs out: the old cookie is worthless afterwards', async () => {
    const client = await signedIn(t.baseUrl, OPERATOR);
    const token = client.jar.get('mayak_session');
    expect((await client.api.POST('/api/v1/auth/logout')).response.status).toBe(204);
    const replay = await fetch(`${t.baseUrl}/api/v1/auth/me`, { headers: { cookie: `mayak_session=${token}` } });
    expect(replay.status).toBe(401);
    expect((await replay.json()).code).toBe('session_expired');
  });

  it('expires idle sessions', async () => {
    const client = await signedIn(t.baseUrl, OPERATOR);
    await t.db.query(
      `UPDATE sessions SET last_seen_at = mayak_now() - interval '31 minutes' WHERE revoked_at IS NULL AND user_id = (SELECT id FROM users WHERE email = $1)`,
      [OPERATOR],
    );
    const me = await client.api.GET('/api/v1/auth/me');
    expect(me.response.status).toBe(401);
    expect(me.error).toMatchObject({ code: 'session_expired' });
  });

  it('ignores a session token it did not issue (no fixation)', async () => {
    const response = await fetch(`${t.baseUrl}/api/v1/auth/me`, { headers: { cookie: 'mayak_session=attacker-chosen-token-value-0123456789abcdef' } });
    expect(response.status).toBe(401);
    const login = await fetch(`${t.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: 'mayak_session=attacker-chosen-token-value-0123456789abcdef' },
      body: JSON.stringify({ email: OPERATOR, password: DEMO_PASSWORD }),
    });
    expect(login.headers.getSetCookie()[0]).not.toContain('attacker-chosen');
  });

  it('refuses deactivated users and ends their sessions at once', async () => {
    const admin = await signedIn(t.baseUrl, 'admin.almaty@mayak.test');
    const victim = await signedIn(t.baseUrl, 'operator.astana@mayak.test');
    const [user] = await t.db.query<{ id: string; version: number }>(`SELECT id, version FROM users WHERE email = 'operator.astana@mayak.test'`);
    const update = await admin.api.PATCH('/api/v1/users/{id}', { params: { path: { id: user.id } }, body: { version: user.version, active: false } });
    expect(update.response.status).toBe(200);
    expect((await victim.api.GET('/api/v1/auth/me')).response.status).toBe(401);
    const again = await createTestClient(t.baseUrl).login('operator.astana@mayak.test');
    expect(again.response.status).toBe(403);
    expect(again.error).toMatchObject({ code: 'account_disabled' });
  });

  it('audits successful sign-ins with address and agent, never the password', async () => {
    await signedIn(t.baseUrl, 'supervisor.almaty@mayak.test');
    const [row] = await t.db.query<{ ip: string; summary: object; actor_email: string }>(
      `SELECT ip, summary, actor_email FROM audit_log WHERE action = 'auth.login_succeeded' AND actor_email = 'supervisor.almaty@mayak.test' ORDER BY id DESC LIMIT 1`,
    );
    expect(row.ip).toMatch(/127\.0\.0\.1/);
    expect(JSON.stringify(row)).not.toContain(DEMO_PASSWORD);
  });
});

// A separate app with a low per-address limit. Passport keeps strategies in a process-wide
// registry, so two apps must not be alive in one test file at the same time.
describe('sign-in throttling per address', () => {
  it('throttles repeated failures per address across accounts', async () => {
    const t2 = await startTestApp({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '100', LOGIN_MAX_FAILURES_PER_ADDRESS: '4' });
    try {
      for (let i = 0; i < 4; i++) expect((await createTestClient(t2.baseUrl).login(`guess${i}@mayak.test`, 'wrong-password')).response.status).toBe(401);
      expect((await createTestClient(t2.baseUrl).login(OPERATOR)).response.status).toBe(429);
    } finally {
      await t2.close();
    }
  });
});

// The attempt is counted before the slow hash: parallel guesses cannot all slip past a
// check that only counted failures after verifying them.
describe('sign-in throttling under a parallel burst', () => {
  const burst = async (baseUrl: string, attempts: Array<[string, string]>) => {
    const answers = await Promise.all(attempts.map(async ([email, password]) => createTestClient(baseUrl).login(email, password)));
    const codes = answers.map((a) => (a.error as { code?: string } | undefined)?.code);
    return { verified: codes.filter((c) => c === 'invalid_credentials').length, throttled: codes.filter((c) => c === 'too_many_attempts').length };
  };

  it('verifies at most the per-account limit, and the right password is refused while locked', async () => {
    const t3 = await startTestApp({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '5', LOGIN_MAX_FAILURES_PER_ADDRESS: '100' });
    try {
      const email = 'caseworker.almaty@mayak.test';
      for (let i = 0; i < 3; i++) expect((await createTestClient(t3.baseUrl).login(email, `wrong-${i}`)).response.status).toBe(401);
      const { verified, throttled } = await burst(
        t3.baseUrl,
        Array.from({ length: 10 }, (_, i) => [email, `parallel-${i}`] as [string, string]),
      );
      expect(verified).toBe(2);
      expect(throttled).toBe(8);
      const locked = await createTestClient(t3.baseUrl).login(email, DEMO_PASSWORD);
      expect(locked.response.status).toBe(429);
      expect(locked.error).toMatchObject({ code: 'too_many_attempts' });
      // Refused attempts did not use up the address: another account still signs in.
      expect((await createTestClient(t3.baseUrl).login(OPERATOR)).response.status).toBe(200);
    } finally {
      await t3.close();
    }
  });

  it('verifies at most the per-address limit across accounts', async () => {
    const t4 = await startTestApp({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '100', LOGIN_MAX_FAILURES_PER_ADDRESS: '4' });
    try {
      const { verified, throttled } = await burst(
        t4.baseUrl,
        Array.from({ length: 10 }, (_, i) => [`burst${i}@mayak.test`, 'wrong-password'] as [string, string]),
      );
      expect(verified).toBe(4);
      expect(throttled).toBe(6);
      expect((await createTestClient(t4.baseUrl).login(OPERATOR)).response.status).toBe(429);
    } finally {
      await t4.close();
    }
  });
});
