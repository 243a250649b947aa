import { startTestApp, type TestApp } from '../support/app';
import { createTestClient, DEMO_PASSWORD, signedIn, type TestClient } from '../support/client';
import { totpCode } from '../support/totp';

/**
 * A stolen session (its cookie, nothing else) must not be able to change how the account
 * signs in: starting second-factor enrolment, changing the password and renewing recovery
 * codes all ask for the password again. And a guesser must not be able to lock a person out.
 */

const NEW_PASSWORD = 'lantern-harbour-quiet-2026';

const auditCount = async (t: TestApp, action: string, email?: string) =>
  Number(
    (
      await t.db.query<{ n: string }>(
        `SELECT count(*) AS n FROM audit_log WHERE action = $1 AND ($2::text IS NULL OR entity_id = (SELECT id::text FROM users WHERE email = $2))`,
        [action, email ?? null],
      )
    )[0].n,
  );

/** Enrols a second factor for a signed-in account (which is not required to have one) and returns its secret. */
async function enrol(t: TestApp, client: TestClient): Promise<{ secret: string; recoveryCodes: string[] }> {
  const start = await client.api.POST('/api/v1/auth/mfa/enrolment', { body: { password: DEMO_PASSWORD } });
  expect(start.response.status).toBe(200);
  const confirmed = await client.api.POST('/api/v1/auth/mfa/enrolment/confirm', { body: { code: totpCode(start.data!.secret, t.clock) } });
  expect(confirmed.response.status).toBe(200);
  client.csrfToken = confirmed.data!.session.csrfToken;
  return { secret: start.data!.secret, recoveryCodes: confirmed.data!.recoveryCodes };
}

describe('step-up: the password again before changing how an account signs in', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ MFA_REQUIRED_ROLES: '', LOGIN_MAX_FAILURES_PER_ACCOUNT: '5', LOGIN_MAX_FAILURES_PER_ADDRESS: '100' });
  });
  afterAll(async () => t.close());

  it('does not start second-factor enrolment on the session cookie alone', async () => {
    const stolen = await signedIn(t.baseUrl, 'caseworker.almaty@mayak.test');
    const bare = await stolen.api.POST('/api/v1/auth/mfa/enrolment', { body: {} as never });
    expect(bare.response.status).toBe(400);
    expect(bare.error).toMatchObject({ code: 'validation_failed' });
    const wrong = await stolen.api.POST('/api/v1/auth/mfa/enrolment', { body: { password: 'a-guess-at-it' } });
    expect(wrong.response.status).toBe(403);
    expect(wrong.error).toMatchObject({ code: 'reauthentication_failed', errors: [{ field: 'password' }] });
    // Nothing was started: no secret waits on the session, and confirming has nothing to confirm.
    const [session] = await t.db.query<{ pending: string | null }>(
      `SELECT pending_mfa_secret_encrypted AS pending FROM sessions WHERE user_id = (SELECT id FROM users WHERE email = 'caseworker.almaty@mayak.test') AND revoked_at IS NULL`,
    );
    expect(session.pending).toBeNull();
    expect((await stolen.api.POST('/api/v1/auth/mfa/enrolment/confirm', { body: { code: '123456' } })).response.status).toBe(409);
    expect(await auditCount(t, 'auth.step_up_failed', 'caseworker.almaty@mayak.test')).toBe(1);

    const right = await stolen.api.POST('/api/v1/auth/mfa/enrolment', { body: { password: DEMO_PASSWORD } });
    expect(right.response.status).toBe(200);
    expect(right.data?.otpauthUri).toMatch(/^otpauth:\/\/totp\//);
  });

  it('changes the password only given the current one, and ends every other session', async () => {
    const email = 'operator.astana@mayak.test';
    const here = await signedIn(t.baseUrl, email);
    const elsewhere = await signedIn(t.baseUrl, email);

    const wrong = await here.api.POST('/api/v1/auth/password', { body: { currentPassword: 'not-it-at-all', newPassword: NEW_PASSWORD } });
    expect(wrong.response.status).toBe(403);
    expect(wrong.error).toMatchObject({ code: 'reauthentication_failed', errors: [{ field: 'currentPassword' }] });
    const weak = await here.api.POST('/api/v1/auth/password', { body: { currentPassword: DEMO_PASSWORD, newPassword: 'short' } });
    expect(weak.response.status).toBe(400);
    expect(weak.error).toMatchObject({ code: 'weak_password', errors: [expect.objectContaining({ field: 'newPassword', code: 'too_short' })] });
    const same = await here.api.POST('/api/v1/auth/password', { body: { currentPassword: DEMO_PASSWORD, newPassword: DEMO_PASSWORD } });
    expect(same.error).toMatchObject({ code: 'weak_password', errors: [expect.objectContaining({ field: 'newPassword', code: 'unchanged' })] });
    // None of that changed anything: both sessions live, the old password still signs in.
    expect((await elsewhere.api.GET('/api/v1/auth/me')).response.status).toBe(200);
    expect((await createTestClient(t.baseUrl).login(email)).response.status).toBe(200);

    const oldToken = here.jar.get('mayak_session');
    const changed = await here.api.POST('/api/v1/auth/password', { body: { currentPassword: DEMO_PASSWORD, newPassword: NEW_PASSWORD } });
    expect(changed.response.status).toBe(200);
    here.csrfToken = changed.data!.csrfToken;
    expect(here.jar.get('mayak_session')).not.toBe(oldToken);
    expect((await here.api.GET('/api/v1/auth/me')).response.status).toBe(200);
    expect((await elsewhere.api.GET('/api/v1/auth/me')).error).toMatchObject({ code: 'session_expired' });
    expect((await createTestClient(t.baseUrl).login(email)).response.status).toBe(401);
    expect((await createTestClient(t.baseUrl).login(email, NEW_PASSWORD)).response.status).toBe(200);
    expect(await auditCount(t, 'auth.password_changed', email)).toBe(1);
  });

  it('renews recovery codes only given the password and a code from the app; the old codes stop working', async () => {
    const email = 'supervisor.astana@mayak.test';
    const client = await signedIn(t.baseUrl, email);
    const { secret, recoveryCodes } = await enrol(t, client);
    expect(await client.api.GET('/api/v1/auth/mfa')).toMatchObject({ data: { enrolled: true, recoveryCodesLeft: 10 } });

    const noCode = await client.api.POST('/api/v1/auth/mfa/recovery-codes', { body: { password: DEMO_PASSWORD } as never });
    expect(noCode.response.status).toBe(400);
    const wrongPassword = await client.api.POST('/api/v1/auth/mfa/recovery-codes', { body: { password: 'not-it-at-all', code: totpCode(secret, t.clock, 1) } });
    expect(wrongPassword.error).toMatchObject({ code: 'reauthentication_failed' });
    const wrongCode = await client.api.POST('/api/v1/auth/mfa/recovery-codes', { body: { password: DEMO_PASSWORD, code: '000000' } });
    expect(wrongCode.error).toMatchObject({ code: 'reauthentication_failed' });

    const renewed = await client.api.POST('/api/v1/auth/mfa/recovery-codes', { body: { password: DEMO_PASSWORD, code: totpCode(secret, t.clock, 1) } });
    expect(renewed.response.status).toBe(200);
    expect(renewed.data!.recoveryCodes).toHaveLength(10);
    expect(renewed.data!.recoveryCodes.some((code) => recoveryCodes.includes(code))).toBe(false);
    expect(await auditCount(t, 'auth.mfa_recovery_codes_renewed', email)).toBe(1);

    const withOld = createTestClient(t.baseUrl);
    expect((await withOld.login(email)).data?.state).toBe('mfa_required');
    expect((await withOld.api.POST('/api/v1/auth/mfa/verify', { body: { recoveryCode: recoveryCodes[0] } })).response.status).toBe(401);
    expect((await withOld.api.POST('/api/v1/auth/mfa/verify', { body: { recoveryCode: renewed.data!.recoveryCodes[0] } })).data?.state).toBe('active');
  });

  it('ends a session that keeps giving the wrong password', async () => {
    const email = 'operator.almaty@mayak.test';
    const stolen = await signedIn(t.baseUrl, email);
    for (let i = 0; i < 4; i++) {
      expect((await stolen.api.POST('/api/v1/auth/mfa/enrolment', { body: { password: `guess-${i}` } })).error).toMatchObject({
        code: 'reauthentication_failed',
      });
    }
    const fifth = await stolen.api.POST('/api/v1/auth/password', { body: { currentPassword: 'guess-4', newPassword: NEW_PASSWORD } });
    expect(fifth.response.status).toBe(401);
    expect(fifth.error).toMatchObject({ code: 'session_expired' });
    expect((await stolen.api.GET('/api/v1/auth/me')).response.status).toBe(401);
    // The password was never changed.
    const [user] = await t.db.query<{ n: string }>(
      `SELECT count(*) AS n FROM audit_log WHERE action = 'auth.password_changed' AND entity_id = (SELECT id::text FROM users WHERE email = $1)`,
      [email],
    );
    expect(Number(user.n)).toBe(0);
    expect(await auditCount(t, 'auth.step_up_failed', email)).toBe(5);
  });

  it('does not let an administrator set their own password through user administration', async () => {
    const admin = await signedIn(t.baseUrl, 'admin.almaty@mayak.test');
    const [me] = await t.db.query<{ id: string; version: number; password_hash: string }>(
      `SELECT id, version, password_hash FROM users WHERE email = 'admin.almaty@mayak.test'`,
    );
    const own = await admin.api.PATCH('/api/v1/users/{id}', { params: { path: { id: me.id } }, body: { version: me.version, password: NEW_PASSWORD } });
    expect(own.response.status).toBe(403);
    const [after] = await t.db.query<{ version: number; password_hash: string }>(`SELECT version, password_hash FROM users WHERE id = $1`, [me.id]);
    expect(after).toEqual({ version: me.version, password_hash: me.password_hash });
    const [refusal] = await t.db.query<{ summary: { refused: string } }>(
      `SELECT summary FROM audit_log WHERE action = 'users.own_access_change_refused' AND entity_id = $1 ORDER BY id DESC LIMIT 1`,
      [me.id],
    );
    expect(refusal.summary.refused).toBe('own_password');
  });
});

/**
 * Addresses come from X-Forwarded-For (TRUST_PROXY=true: the test stands in for nginx), so one
 * test can be an operator at their desk and guessers elsewhere.
 */
const browserAt = (t: TestApp, address: string): TestClient => {
  const client = createTestClient(t.baseUrl);
  client.api.use({
    onRequest: ({ request }) => {
      request.headers.set('x-forwarded-for', address);
      return request;
    },
  });
  return client;
};
const guess = async (t: TestApp, email: string, address: string, times: number) => {
  const statuses: number[] = [];
  for (let i = 0; i < times; i++) statuses.push((await browserAt(t, address).login(email, `guess-${address}-${i}`)).response.status);
  return statuses;
};

describe('no lockout: guessing is slowed without keeping the right person out', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      TRUST_PROXY: 'true',
      MFA_REQUIRED_ROLES: '',
      LOGIN_MAX_FAILURES_PER_ACCOUNT: '5',
      LOGIN_MAX_FAILURES_PER_ADDRESS: '50',
      LOGIN_FIRST_DELAY_SECONDS: '120',
    });
  });
  afterAll(async () => t.close());

  it('lets an operator in from the browser they signed in from, however many guesses come from elsewhere', async () => {
    const email = 'operator.almaty@mayak.test';
    const desk = browserAt(t, '10.20.0.5');
    expect((await desk.login(email)).data?.state).toBe('active');
    expect(desk.jar.get('mayak_device')).toMatch(/^[\w-]{43}$/);
    await desk.api.POST('/api/v1/auth/logout');

    // Guesses from two places count towards one limit for the account.
    expect(await guess(t, email, '203.0.113.7', 3)).toEqual([401, 401, 401]);
    expect(await guess(t, email, '198.51.100.9', 3)).toEqual([401, 401, 429]);
    const elsewhere = await browserAt(t, '198.51.100.9').login(email);
    expect(elsewhere.error).toMatchObject({ code: 'too_many_attempts' });

    // A new browser, even at the operator's own address, waits out the account's delay...
    const newBrowser = await browserAt(t, '10.20.0.5').login(email);
    expect(newBrowser.response.status).toBe(429);
    expect(newBrowser.error).toMatchObject({ code: 'too_many_attempts', secondFactorAccepted: true });
    expect(Number(newBrowser.response.headers.get('retry-after'))).toBeGreaterThan(60);
    // ... and cannot tell a right password from a wrong one while it does.
    expect((await browserAt(t, '10.20.0.5').login(email, 'wrong-one')).error).toMatchObject({ code: 'too_many_attempts' });
    // The operator's own browser is held back only by its own failures.
    const again = await desk.login(email);
    expect(again.response.status).toBe(200);
    expect(again.data?.state).toBe('active');
  });

  it('accepts the right password together with the second factor while the account-wide wait runs', async () => {
    const email = 'supervisor.almaty@mayak.test';
    const { secret } = await enrol(t, await signedIn(t.baseUrl, email));
    expect(await guess(t, email, '203.0.113.50', 6)).toEqual([401, 401, 401, 401, 401, 429]);

    const passwordOnly = await browserAt(t, '192.0.2.10').login(email);
    expect(passwordOnly.error).toMatchObject({ code: 'too_many_attempts', secondFactorAccepted: true });
    // A wrong code, and a wrong password with the right code, get the answer any wrong password gets.
    const withCode = (password: string, code: string) => browserAt(t, '192.0.2.10').api.POST('/api/v1/auth/login', { body: { email, password, code } });
    expect((await withCode(DEMO_PASSWORD, '000000')).error).toMatchObject({ code: 'invalid_credentials' });
    expect((await withCode('guess-with-code', totpCode(secret, t.clock, 1))).error).toMatchObject({ code: 'invalid_credentials' });
    // Both right: signed in at once, with no second step.
    const both = await withCode(DEMO_PASSWORD, totpCode(secret, t.clock, 1));
    expect(both.response.status).toBe(200);
    expect(both.data?.state).toBe('active');
    expect(both.data?.user.permissions.length).toBeGreaterThan(0);
  });
});

describe('the growing delay', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      TRUST_PROXY: 'true',
      MFA_REQUIRED_ROLES: '',
      LOGIN_MAX_FAILURES_PER_ACCOUNT: '5',
      LOGIN_MAX_FAILURES_PER_ADDRESS: '50',
      LOGIN_FIRST_DELAY_SECONDS: '1',
    });
  });
  afterAll(async () => t.close());

  it('doubles the wait after each further failure, and checks nothing while it runs', async () => {
    const email = 'caseworker.astana@mayak.test';
    const address = '203.0.113.99';
    expect(await guess(t, email, address, 5)).toEqual([401, 401, 401, 401, 401]);
    const waits: number[] = [];
    for (let round = 0; round < 3; round++) {
      const held = await browserAt(t, address).login(email, 'held-back');
      expect(held.response.status).toBe(429);
      const seconds = Number(held.response.headers.get('retry-after'));
      waits.push(seconds);
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000 + 150));
      expect((await browserAt(t, address).login(email, `after-wait-${round}`)).response.status).toBe(401);
    }
    expect(waits).toEqual([1, 2, 4]);
    // Only the attempts that were checked were counted: three after the five free ones.
    expect(await auditCount(t, 'auth.login_failed', email)).toBe(8);
  }, 30_000);
});
