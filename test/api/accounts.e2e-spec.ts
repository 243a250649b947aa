import { startTestApp, type TestApp } from '../support/app';
import { createTestClient, signedIn, type TestClient } from '../support/client';
import { startMailInbox, type MailInbox, type ReceivedMail } from '../support/mail-inbox';
import { startWorkerProcess, type MayakProcess } from '../support/processes';
import { waitFor } from '../support/waiting';

/**
 * Accounts without anyone typing someone else's password: an administrator invites, the person
 * chooses their password through a single-use link mailed to them; a forgotten password is
 * reset the same way. Mail goes over real SMTP (a loopback server) through the real worker.
 */
const PUBLIC_URL = 'https://hotline.example.org';
const NEW_PASSWORD = 'степной маяк светит ночью';

/** The names of a response's headers, but for those that differ per request. */
function headerNames(response: Response): string[] {
  const names: string[] = [];
  response.headers.forEach((_value, name) => {
    if (name !== 'date' && name !== 'x-request-id') names.push(name);
  });
  return names.sort();
}

/** The token a mail's link carries after `#` (never in the path or query). */
function tokenIn(mail: ReceivedMail): string {
  const match = /https:\/\/hotline\.example\.org\/login\/link#([A-Za-z0-9_-]{43})\b/.exec(mail.text);
  if (!match) throw new Error(`no account link in: ${mail.text}`);
  return match[1];
}

describe('accounts: invitations and password resets by e-mail', () => {
  let t: TestApp;
  let inbox: MailInbox;
  let worker: MayakProcess;
  let admin: TestClient;
  let almatyId: string;
  const anonymous = () => createTestClient(t.baseUrl);
  const audit = (action: string, entityId?: string) =>
    t.db.query<{ entity_id: string | null; summary: Record<string, unknown>; actor_user_id: string | null }>(
      `SELECT entity_id, summary, actor_user_id FROM audit_log WHERE action = $1 ${entityId ? 'AND entity_id = $2' : ''} ORDER BY id`,
      entityId ? [action, entityId] : [action],
    );
  const linkRows = (userId: string) =>
    t.db.query<{ purpose: string; used_at: Date | null; revoked_at: Date | null; token_hash: string }>(
      `SELECT purpose, used_at, revoked_at, token_hash FROM account_links WHERE user_id = $1 ORDER BY created_at`,
      [userId],
    );

  async function invite(email: string, extra: Record<string, unknown> = {}) {
    const created = await admin.api.POST('/api/v1/users', {
      body: { email, displayName: 'Новый сотрудник', roles: ['operator'], officeIds: [almatyId], locale: 'kk', ...extra } as never,
    });
    if (!created.data) throw new Error(`invite ${email}: ${created.response.status} ${JSON.stringify(created.error)}`);
    return created.data;
  }

  beforeAll(async () => {
    inbox = await startMailInbox();
    t = await startTestApp({
      PUBLIC_URL,
      COOKIE_SECURE: 'false',
      MAIL_ENABLED: 'true',
      SMTP_URL: inbox.url,
      MAIL_FROM: 'Mayak 11616 <noreply@hotline.example.org>',
      MAIL_WATCH_INTERVAL_SECONDS: '3600',
    });
    worker = startWorkerProcess('worker', t.env);
    admin = await signedIn(t.baseUrl, 'admin.almaty@mayak.test');
    [{ id: almatyId }] = await t.db.query<{ id: string }>(`SELECT id FROM offices WHERE code = 'ALA'`);
  });
  afterAll(async () => {
    const code = await worker?.stop();
    if (code !== 0 && code !== null) console.error(worker.output());
    await t?.close();
    await inbox?.close();
  });

  it('invites a colleague: nobody can sign in until they choose their password through the mailed link, which works once', async () => {
    const created = await invite('aigerim.invited@mayak.test');
    expect(created).toMatchObject({ invitationPending: true, invitation: { purpose: 'invitation', mailed: true, url: null } });
    const [row] = await t.db.query<{ password_hash: string | null; password_set_at: Date | null }>(
      `SELECT password_hash, password_set_at FROM users WHERE id = $1`,
      [created.id],
    );
    expect(row).toEqual({ password_hash: null, password_set_at: null });

    const [mail] = await inbox.waitFor('aigerim.invited@mayak.test');
    expect(mail.subject).toBe('«Маяк»: жұмыс жүйесіне шақыру');
    expect(mail.text).toContain('aigerim.invited@mayak.test');
    const token = tokenIn(mail);
    // Only the token's hash is stored.
    const [link] = await linkRows(created.id);
    expect(link.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(link.token_hash).not.toContain(token);

    // Before the password is chosen, no password signs in.
    expect((await anonymous().login('aigerim.invited@mayak.test', NEW_PASSWORD)).error).toMatchObject({ code: 'invalid_credentials' });

    const page = await anonymous().api.POST('/api/v1/auth/account-link', { body: { token } });
    expect(page.data).toMatchObject({
      purpose: 'invitation',
      email: 'aigerim.invited@mayak.test',
      displayName: 'Новый сотрудник',
      secondFactorRequired: false,
    });

    // A weak password is refused and the link still works.
    const weak = await anonymous().api.POST('/api/v1/auth/account-link/password', { body: { token, password: 'short' } });
    expect(weak.response.status).toBe(400);
    expect(weak.response.headers.get('content-type')).toContain('application/problem+json');
    expect(weak.error).toMatchObject({ code: 'weak_password', errors: [{ field: 'password', code: 'too_short' }] });
    expect((await linkRows(created.id))[0].used_at).toBeNull();

    const done = await anonymous().api.POST('/api/v1/auth/account-link/password', { body: { token, password: NEW_PASSWORD } });
    expect(done.data).toEqual({ email: 'aigerim.invited@mayak.test', purpose: 'invitation' });
    const again = await anonymous().api.POST('/api/v1/auth/account-link/password', { body: { token, password: 'another long passphrase' } });
    expect(again.response.status).toBe(410);
    expect(again.error).toMatchObject({ code: 'link_invalid' });
    expect((await anonymous().api.POST('/api/v1/auth/account-link', { body: { token } })).response.status).toBe(410);

    expect((await anonymous().login('aigerim.invited@mayak.test', NEW_PASSWORD)).data?.state).toBe('active');
    expect((await anonymous().login('aigerim.invited@mayak.test', 'another long passphrase')).error).toMatchObject({ code: 'invalid_credentials' });
    const listed = await admin.api.GET('/api/v1/users/{id}', { params: { path: { id: created.id } } });
    expect(listed.data?.invitationPending).toBe(false);

    expect(await audit('users.invited', created.id)).toHaveLength(1);
    const used = await audit('auth.password_set_by_link', created.id);
    expect(used).toHaveLength(1);
    expect(used[0]).toMatchObject({ actor_user_id: created.id, summary: { purpose: 'invitation' } });
    expect((await audit('auth.account_link_refused', created.id)).map((a) => a.summary.reason)).toEqual(['used', 'used']);
  });

  it('sends a new invitation that replaces the earlier link, and refuses one for someone already in', async () => {
    const created = await invite('dias.twice@mayak.test', { locale: 'ru' });
    const [first] = await inbox.waitFor('dias.twice@mayak.test');
    const resent = await admin.api.POST('/api/v1/users/{id}/invitation', { params: { path: { id: created.id } } });
    expect(resent.data).toMatchObject({ purpose: 'invitation', mailed: true, url: null });
    const mails = await inbox.waitFor('dias.twice@mayak.test', 2);
    expect(mails[1].subject).toBe('«Маяк»: приглашение в рабочую систему');
    expect((await anonymous().api.POST('/api/v1/auth/account-link', { body: { token: tokenIn(first) } })).error).toMatchObject({ code: 'link_invalid' });
    expect((await audit('auth.account_link_refused', created.id)).at(-1)?.summary).toMatchObject({ reason: 'revoked' });
    expect(
      (await anonymous().api.POST('/api/v1/auth/account-link/password', { body: { token: tokenIn(mails[1]), password: NEW_PASSWORD } })).response.status,
    ).toBe(200);

    const joined = await admin.api.POST('/api/v1/users/{id}/invitation', { params: { path: { id: created.id } } });
    expect(joined.response.status).toBe(409);
    expect(joined.error).toMatchObject({ code: 'already_joined' });
    const notJoined = await admin.api.POST('/api/v1/users/{id}/password-reset', { params: { path: { id: (await invite('not.yet@mayak.test')).id } } });
    expect(notJoined.error).toMatchObject({ code: 'not_joined' });
  });

  it('answers a reset request the same whether or not the address has an account; the account gets a link that works once and signs it out everywhere', async () => {
    const victimOfForgetting = await signedIn(t.baseUrl, 'operator.almaty@mayak.test');
    const known = await anonymous().api.POST('/api/v1/auth/password-reset', { body: { email: 'Operator.Almaty@mayak.test' } });
    const unknown = await anonymous().api.POST('/api/v1/auth/password-reset', { body: { email: 'nobody.here@mayak.test' } });
    expect(known.response.status).toBe(202);
    expect(unknown.response.status).toBe(202);
    expect(unknown.data).toEqual(known.data);
    expect(headerNames(unknown.response)).toEqual(headerNames(known.response));

    const [mail] = await inbox.waitFor('operator.almaty@mayak.test');
    expect(mail.subject).toBe('«Маяк»: новый пароль');
    const requests = await waitFor('both requests audited', async () => {
      const rows = await audit('auth.password_reset_requested');
      return rows.length >= 2 ? rows : undefined;
    });
    expect(requests.map((r) => r.summary.outcome).sort()).toEqual(['mailed', 'no_account']);
    expect(JSON.stringify(requests)).not.toContain('nobody.here');
    expect(inbox.to('nobody.here@mayak.test')).toHaveLength(0);

    const token = tokenIn(mail);
    expect((await anonymous().api.POST('/api/v1/auth/account-link', { body: { token } })).data).toMatchObject({
      purpose: 'password_reset',
      email: 'operator.almaty@mayak.test',
    });
    expect((await anonymous().api.POST('/api/v1/auth/account-link/password', { body: { token, password: NEW_PASSWORD } })).response.status).toBe(200);
    expect((await victimOfForgetting.api.GET('/api/v1/auth/me')).response.status).toBe(401);
    expect((await anonymous().login('operator.almaty@mayak.test', NEW_PASSWORD)).data?.state).toBe('active');
    expect((await anonymous().api.POST('/api/v1/auth/account-link/password', { body: { token, password: 'one more long passphrase' } })).error).toMatchObject({
      code: 'link_invalid',
    });
  });

  it('refuses an expired link, a deactivated account and a malformed token alike, changing nothing', async () => {
    const [{ id: userId }] = await t.db.query<{ id: string }>(`SELECT id FROM users WHERE email = 'caseworker.astana@mayak.test'`);
    const sent = await admin.api.POST('/api/v1/users/{id}/password-reset', { params: { path: { id: userId } } });
    expect(sent.data).toMatchObject({ purpose: 'password_reset', mailed: true, url: null });
    const [mail] = await inbox.waitFor('caseworker.astana@mayak.test');
    const token = tokenIn(mail);
    const [before] = await t.db.query<{ password_hash: string }>(`SELECT password_hash FROM users WHERE id = $1`, [userId]);

    await t.db.query(`UPDATE account_links SET expires_at = mayak_now() - interval '1 second' WHERE user_id = $1`, [userId]);
    const expired = await anonymous().api.POST('/api/v1/auth/account-link/password', { body: { token, password: NEW_PASSWORD } });
    expect(expired.response.status).toBe(410);
    expect(expired.response.headers.get('content-type')).toContain('application/problem+json');
    expect((await audit('auth.account_link_refused', userId)).at(-1)?.summary).toMatchObject({ reason: 'expired', purpose: 'password_reset' });
    for (const bad of ['short', 'x'.repeat(43), '../../etc/passwd'.padEnd(43, 'a')]) {
      expect((await anonymous().api.POST('/api/v1/auth/account-link', { body: { token: bad } })).error).toMatchObject({ code: 'link_invalid' });
    }
    const invalidEmail = await anonymous().api.POST('/api/v1/auth/password-reset', { body: { email: 'not an address' } });
    expect(invalidEmail.response.status).toBe(400);
    expect(invalidEmail.error).toMatchObject({ code: 'validation_failed', errors: [{ field: 'email' }] });

    const [after] = await t.db.query<{ password_hash: string }>(`SELECT password_hash FROM users WHERE id = $1`, [userId]);
    expect(after.password_hash).toBe(before.password_hash);

    // A deactivated account gets no mail, and a link it had stops working.
    const fresh = await admin.api.POST('/api/v1/users/{id}/password-reset', { params: { path: { id: userId } } });
    expect(fresh.response.status).toBe(200);
    const [, second] = await inbox.waitFor('caseworker.astana@mayak.test', 2);
    const user = await admin.api.GET('/api/v1/users/{id}', { params: { path: { id: userId } } });
    await admin.api.PATCH('/api/v1/users/{id}', { params: { path: { id: userId } }, body: { version: user.data!.version, active: false } });
    expect((await anonymous().api.POST('/api/v1/auth/account-link', { body: { token: tokenIn(second) } })).error).toMatchObject({ code: 'link_invalid' });
    await anonymous().api.POST('/api/v1/auth/password-reset', { body: { email: 'caseworker.astana@mayak.test' } });
    await waitFor('the request audited', async () =>
      (await audit('auth.password_reset_requested', userId)).some((r) => r.summary.outcome === 'not_eligible') ? true : undefined,
    );
    expect(inbox.to('caseworker.astana@mayak.test')).toHaveLength(2);
    const refusedForAdmin = await admin.api.POST('/api/v1/users/{id}/password-reset', { params: { path: { id: userId } } });
    expect(refusedForAdmin.error).toMatchObject({ code: 'account_disabled' });
  });

  it('mails one account at most three links an hour, and slows down an address that keeps asking', async () => {
    for (let i = 0; i < 4; i++) await anonymous().api.POST('/api/v1/auth/password-reset', { body: { email: 'supervisor.astana@mayak.test' } });
    const [{ id: userId }] = await t.db.query<{ id: string }>(`SELECT id FROM users WHERE email = 'supervisor.astana@mayak.test'`);
    const outcomes = await waitFor('four requests audited', async () => {
      const rows = await audit('auth.password_reset_requested', userId);
      return rows.length >= 4 ? rows.map((r) => r.summary.outcome) : undefined;
    });
    expect(outcomes.sort()).toEqual(['limited', 'mailed', 'mailed', 'mailed']);
    await inbox.waitFor('supervisor.astana@mayak.test', 3);
    let status = 202;
    for (let i = 0; i < 12 && status === 202; i++)
      status = (await anonymous().api.POST('/api/v1/auth/password-reset', { body: { email: `someone${i}@mayak.test` } })).response.status;
    expect(status).toBe(429);
  });
});

describe('accounts without mail', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Administrators are left out of the list here only so the demo administrator signs in without an authenticator.
    t = await startTestApp({ PUBLIC_URL, MFA_REQUIRED_ROLES: 'supervisor,partner' });
  });
  afterAll(async () => t?.close());

  it('with mail off, gives the administrator the link to hand over; an invited supervisor learns a second factor follows and must enrol it', async () => {
    const other = t;
    {
      const [{ id: office }] = await other.db.query<{ id: string }>(`SELECT id FROM offices WHERE code = 'ALA'`);
      const otherAdmin = await signedIn(other.baseUrl, 'admin.almaty@mayak.test');
      const created = await otherAdmin.api.POST('/api/v1/users', {
        body: { email: 'supervisor.invited@mayak.test', displayName: 'Супервайзер', roles: ['supervisor'], officeIds: [office] },
      });
      expect(created.data?.invitation).toMatchObject({
        mailed: false,
        url: expect.stringMatching(/^https:\/\/hotline\.example\.org\/login\/link#[A-Za-z0-9_-]{43}$/),
      });
      const token = new URL(created.data!.invitation!.url!).hash.slice(1);
      expect((await createTestClient(other.baseUrl).api.POST('/api/v1/auth/account-link', { body: { token } })).data?.secondFactorRequired).toBe(true);
      expect(
        (await createTestClient(other.baseUrl).api.POST('/api/v1/auth/account-link/password', { body: { token, password: NEW_PASSWORD } })).response.status,
      ).toBe(200);
      expect((await createTestClient(other.baseUrl).login('supervisor.invited@mayak.test', NEW_PASSWORD)).data?.state).toBe('mfa_enrolment_required');
      expect(await other.db.query(`SELECT 1 FROM mails`)).toHaveLength(0);
    }
  });
});
