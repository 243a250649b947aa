import { startTestApp, type TestApp } from '../support/app';
import { createTestClient, DEMO_PASSWORD, type TestClient } from '../support/client';
import { totpCode } from '../support/totp';

const SUPERVISOR = 'supervisor.almaty@mayak.test';

/** Waits into the next 30-second TOTP step, so a fresh code is not a replay of the last one. */
async function nextTotpStep(clock: { nowMs(): number }): Promise<void> {
  const msIntoStep = clock.nowMs() % 30_000;
  await new Promise((resolve) => setTimeout(resolve, 30_000 - msIntoStep + 200));
}

describe('TOTP second factor', () => {
  let t: TestApp;
  let secret: string;
  let recoveryCodes: string[];

  beforeAll(async () => {
    t = await startTestApp({ MFA_REQUIRED_ROLES: 'supervisor,admin' });
  });
  afterAll(async () => t.close());

  it('makes a supervisor enrol before doing anything else', async () => {
    const client = createTestClient(t.baseUrl);
    const login = await client.login(SUPERVISOR);
    expect(login.data).toMatchObject({ state: 'mfa_enrolment_required', user: { permissions: [] } });
    const users = await client.api.GET('/api/v1/users');
    expect(users.response.status).toBe(403);
    expect(users.error).toMatchObject({ code: 'mfa_enrolment_required' });

    const start = await client.api.POST('/api/v1/auth/mfa/enrolment', { body: { password: DEMO_PASSWORD } });
    expect(start.data?.otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    expect(start.data?.qrCodeDataUrl).toMatch(/^data:image\/png;base64,/);
    secret = start.data!.secret;

    const wrong = await client.api.POST('/api/v1/auth/mfa/enrolment/confirm', { body: { code: '000000' } });
    expect(wrong.response.status).toBe(401);

    const oldToken = client.jar.get('mayak_session');
    const confirmed = await client.api.POST('/api/v1/auth/mfa/enrolment/confirm', { body: { code: totpCode(secret, t.clock) } });
    expect(confirmed.response.status).toBe(200);
    expect(confirmed.data?.session.state).toBe('active');
    recoveryCodes = confirmed.data!.recoveryCodes;
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    // The session token was rotated when the session gained privileges.
    expect(client.jar.get('mayak_session')).not.toBe(oldToken);
    const replayOld = await fetch(`${t.baseUrl}/api/v1/auth/me`, { headers: { cookie: `mayak_session=${oldToken}` } });
    expect(replayOld.status).toBe(401);
    client.csrfToken = confirmed.data!.session.csrfToken;
    expect((await client.api.GET('/api/v1/users')).response.status).toBe(200);

    // The secret is stored encrypted, never as the base32 text.
    const [row] = await t.db.query<{ mfa_secret_encrypted: string }>(`SELECT mfa_secret_encrypted FROM users WHERE email = $1`, [SUPERVISOR]);
    expect(row.mfa_secret_encrypted).not.toContain(secret);
  });

  it('asks for the code at the next sign-in; a wrong code is refused', async () => {
    const client = createTestClient(t.baseUrl);
    expect((await client.login(SUPERVISOR)).data?.state).toBe('mfa_required');
    expect((await client.api.GET('/api/v1/users')).error).toMatchObject({ code: 'mfa_required' });
    const wrong = await client.api.POST('/api/v1/auth/mfa/verify', { body: { code: '123456' } });
    expect(wrong.response.status).toBe(401);
    expect(wrong.error).toMatchObject({ code: 'mfa_invalid_code' });
  });

  it('accepts a code once per time step, so an overheard code cannot be replayed', async () => {
    await nextTotpStep(t.clock);
    const code = totpCode(secret, t.clock);
    const first = createTestClient(t.baseUrl);
    await first.login(SUPERVISOR);
    const ok = await first.api.POST('/api/v1/auth/mfa/verify', { body: { code } });
    expect(ok.data?.state).toBe('active');
    const second = createTestClient(t.baseUrl);
    await second.login(SUPERVISOR);
    const replay = await second.api.POST('/api/v1/auth/mfa/verify', { body: { code } });
    expect(replay.response.status).toBe(401);
  }, 45_000);

  it('lets a recovery code in exactly once', async () => {
    const code = recoveryCodes[3].toUpperCase().replace('-', ' ');
    const first = createTestClient(t.baseUrl);
    await first.login(SUPERVISOR);
    expect((await first.api.POST('/api/v1/auth/mfa/verify', { body: { recoveryCode: code } })).data?.state).toBe('active');
    const second = createTestClient(t.baseUrl);
    await second.login(SUPERVISOR);
    expect((await second.api.POST('/api/v1/auth/mfa/verify', { body: { recoveryCode: code } })).response.status).toBe(401);
    const [audit] = await t.db.query<{ n: string }>(`SELECT count(*) AS n FROM audit_log WHERE action = 'auth.mfa_recovery_code_used'`);
    expect(Number(audit.n)).toBe(1);
  });

  it('lets an admin reset a lost authenticator, which signs the user out', async () => {
    const admin = createTestClient(t.baseUrl);
    expect((await admin.login('admin.almaty@mayak.test')).data?.state).toBe('mfa_enrolment_required');
    const start = await admin.api.POST('/api/v1/auth/mfa/enrolment', { body: { password: DEMO_PASSWORD } });
    const done = await admin.api.POST('/api/v1/auth/mfa/enrolment/confirm', { body: { code: totpCode(start.data!.secret, t.clock) } });
    admin.csrfToken = done.data!.session.csrfToken;

    const supervisor: TestClient = createTestClient(t.baseUrl);
    await supervisor.login(SUPERVISOR);
    const [user] = await t.db.query<{ id: string }>(`SELECT id FROM users WHERE email = $1`, [SUPERVISOR]);
    const reset = await admin.api.POST('/api/v1/users/{id}/mfa/reset', { params: { path: { id: user.id } } });
    expect(reset.data?.mfaEnrolled).toBe(false);
    expect((await supervisor.api.GET('/api/v1/auth/me')).response.status).toBe(401);
    expect((await createTestClient(t.baseUrl).login(SUPERVISOR)).data?.state).toBe('mfa_enrolment_required');
  });
});
