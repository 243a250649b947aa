import { startTestApp, type TestApp } from '../support/app';
import { createTestClient, signedIn, type TestClient } from '../support/client';

describe('administering users and offices', () => {
  let t: TestApp;
  let admin: TestClient;
  let almatyId: string;
  let astanaId: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signedIn(t.baseUrl, 'admin.almaty@mayak.test');
    const offices = await admin.api.GET('/api/v1/offices');
    almatyId = offices.data!.items.find((o) => o.name === 'Almaty')!.id;
    astanaId = offices.data!.items.find((o) => o.name === 'Astana')!.id;
  });
  afterAll(async () => t.close());

  const countRows = async (table: string) => Number((await t.db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`))[0].n);

  it('creates a user in two offices who can then sign in; the password is stored as Argon2id', async () => {
    const created = await admin.api.POST('/api/v1/users', {
      body: {
        email: 'Zhanna.K@Example.kz',
        displayName: 'Жанна К.',
        password: 'steppe-lighthouse-42',
        roles: ['case_worker'],
        officeIds: [almatyId, astanaId],
        locale: 'kk',
      },
    });
    expect(created.response.status).toBe(201);
    expect(created.data).toMatchObject({ email: 'zhanna.k@example.kz', roles: ['case_worker'], locale: 'kk', active: true, mfaEnrolled: false, version: 1 });
    expect(created.data!.offices.map((o) => o.name)).toEqual(['Almaty', 'Astana']);
    expect(JSON.stringify(created.data)).not.toContain('password');
    const [row] = await t.db.query<{ password_hash: string }>(`SELECT password_hash FROM users WHERE email = 'zhanna.k@example.kz'`);
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect((await createTestClient(t.baseUrl).login('zhanna.k@example.kz', 'steppe-lighthouse-42')).data?.state).toBe('active');
    const [audit] = await t.db.query<{ summary: { roles: string[] } }>(`SELECT summary FROM audit_log WHERE action = 'users.created' AND entity_id = $1`, [
      created.data!.id,
    ]);
    expect(audit.summary.roles).toEqual(['case_worker']);
  });

  it('refuses duplicates, weak passwords, unknown offices and smuggled fields, writing nothing', async () => {
    const users = await countRows('users');
    const duplicate = await admin.api.POST('/api/v1/users', {
      body: { email: 'OPERATOR.almaty@mayak.test', displayName: 'Dup', password: 'long-enough-password', roles: ['operator'], officeIds: [almatyId] },
    });
    expect(duplicate.response.status).toBe(409);
    expect(duplicate.error).toMatchObject({ code: 'email_taken', errors: [{ field: 'email' }] });
    const weak = await admin.api.POST('/api/v1/users', {
      body: { email: 'weak@mayak.test', displayName: 'Weak', password: 'short', roles: ['operator'], officeIds: [almatyId] },
    });
    expect(weak.response.status).toBe(400);
    expect(weak.error).toMatchObject({ code: 'weak_password', errors: [{ field: 'password', code: 'too_short' }] });
    const unknownOffice = await admin.api.POST('/api/v1/users', {
      body: {
        email: 'x@mayak.test',
        displayName: 'X',
        password: 'long-enough-password',
        roles: ['operator'],
        officeIds: ['7d1f7c36-0f6b-4d0e-9f53-2b1b5c0e9f00'],
      },
    });
    expect(unknownOffice.response.status).toBe(400);
    const smuggled = await admin.api.POST('/api/v1/users', {
      body: {
        email: 'smuggle@mayak.test',
        displayName: 'S',
        password: 'long-enough-password',
        roles: ['operator'],
        officeIds: [almatyId],
        mfaEnrolledAt: '2020-01-01',
        id: '7d1f7c36-0f6b-4d0e-9f53-2b1b5c0e9f01',
        active: false,
      } as never,
    });
    expect(smuggled.response.status).toBe(400);
    expect((smuggled.error as unknown as { errors: { field: string; code: string }[] }).errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'mfaEnrolledAt', code: 'unknown_field' }),
        expect.objectContaining({ field: 'id', code: 'unknown_field' }),
      ]),
    );
    expect(await countRows('users')).toBe(users);
  });

  it('updates with optimistic locking: a stale version is a 409 and changes nothing', async () => {
    const list = await admin.api.GET('/api/v1/users', { params: { query: { q: 'operator.astana' } } });
    const user = list.data!.items[0];
    const first = await admin.api.PATCH('/api/v1/users/{id}', {
      params: { path: { id: user.id } },
      body: { version: user.version, displayName: 'Данияр О.', roles: ['operator', 'case_worker'] },
    });
    expect(first.data).toMatchObject({ displayName: 'Данияр О.', version: user.version + 1 });
    const stale = await admin.api.PATCH('/api/v1/users/{id}', {
      params: { path: { id: user.id } },
      body: { version: user.version, displayName: 'Lost update' },
    });
    expect(stale.response.status).toBe(409);
    expect(stale.error).toMatchObject({ code: 'conflict' });
    expect((await admin.api.GET('/api/v1/users/{id}', { params: { path: { id: user.id } } })).data?.displayName).toBe('Данияр О.');
    const [audit] = await t.db.query<{ summary: { changed: string[] } }>(`SELECT summary FROM audit_log WHERE action = 'users.updated' AND entity_id = $1`, [
      user.id,
    ]);
    expect(audit.summary.changed).toEqual(expect.arrayContaining(['displayName', 'roles']));
  });

  it('keeps at least one active administrator and stops admins locking themselves out', async () => {
    const me = (await admin.api.GET('/api/v1/auth/me')).data!.user;
    const self = (await admin.api.GET('/api/v1/users/{id}', { params: { path: { id: me.id } } })).data!;
    const selfDeactivate = await admin.api.PATCH('/api/v1/users/{id}', { params: { path: { id: me.id } }, body: { version: self.version, active: false } });
    expect(selfDeactivate.response.status).toBe(403);
    const other = (await admin.api.GET('/api/v1/users', { params: { query: { q: 'admin.astana' } } })).data!.items[0];
    const demoted = await admin.api.PATCH('/api/v1/users/{id}', {
      params: { path: { id: other.id } },
      body: { version: other.version, roles: ['supervisor'] },
    });
    expect(demoted.response.status).toBe(200);
    // Now only one admin is left; another admin (created by SQL to simulate) cannot remove them.
    const remaining = await t.db.query<{ n: string }>(`SELECT count(*) AS n FROM users WHERE 'admin' = ANY(roles) AND active`);
    expect(Number(remaining[0].n)).toBe(1);
    const restore = await admin.api.PATCH('/api/v1/users/{id}', {
      params: { path: { id: other.id } },
      body: { version: demoted.data!.version, roles: ['admin'] },
    });
    expect(restore.response.status).toBe(200);
  });

  it('refuses an administrator changing their own roles or offices (a second administrator must), audited, changing nothing', async () => {
    const me = (await admin.api.GET('/api/v1/auth/me')).data!.user;
    const self = (await admin.api.GET('/api/v1/users/{id}', { params: { path: { id: me.id } } })).data!;
    const before = await t.db.query(
      `SELECT roles, version, (SELECT array_agg(office_id ORDER BY office_id) FROM user_offices WHERE user_id = $1) AS offices FROM users WHERE id = $1`,
      [me.id],
    );
    const asSupervisor = await admin.api.PATCH('/api/v1/users/{id}', {
      params: { path: { id: me.id } },
      body: { version: self.version, roles: ['admin', 'supervisor'] },
    });
    expect(asSupervisor.response.status).toBe(403);
    expect(asSupervisor.error).toMatchObject({ code: 'forbidden' });
    const anotherOffice = await admin.api.PATCH('/api/v1/users/{id}', {
      params: { path: { id: me.id } },
      body: { version: self.version, officeIds: [almatyId, astanaId] },
    });
    expect(anotherOffice.response.status).toBe(403);
    expect(
      await t.db.query(
        `SELECT roles, version, (SELECT array_agg(office_id ORDER BY office_id) FROM user_offices WHERE user_id = $1) AS offices FROM users WHERE id = $1`,
        [me.id],
      ),
    ).toEqual(before);
    const refusals = await t.db.query<{ summary: { refused: string } }>(
      `SELECT summary FROM audit_log WHERE action = 'users.own_access_change_refused' AND entity_id = $1 ORDER BY id`,
      [me.id],
    );
    expect(refusals.map((r) => r.summary.refused)).toEqual(['own_roles', 'own_offices']);
    // Sending one's own roles and offices unchanged (as the console's form does) is no change.
    const unchanged = await admin.api.PATCH('/api/v1/users/{id}', {
      params: { path: { id: me.id } },
      body: { version: self.version, displayName: 'Администратор Алматы', roles: self.roles, officeIds: self.offices.map((o) => o.id) },
    });
    expect(unchanged.response.status).toBe(200);
    // A second administrator may make the change, as their own decision.
    const second = await signedIn(t.baseUrl, 'admin.astana@mayak.test');
    const granted = await second.api.PATCH('/api/v1/users/{id}', {
      params: { path: { id: me.id } },
      body: { version: unchanged.data!.version, roles: ['admin', 'supervisor'] },
    });
    expect(granted.response.status).toBe(200);
    const revoked = await second.api.PATCH('/api/v1/users/{id}', {
      params: { path: { id: me.id } },
      body: { version: granted.data!.version, roles: ['admin'] },
    });
    expect(revoked.response.status).toBe(200);
    // New roles end the changed person's sessions: sign in again for the tests that follow.
    expect((await admin.api.GET('/api/v1/auth/me')).response.status).toBe(401);
    admin = await signedIn(t.baseUrl, 'admin.almaty@mayak.test');
  });

  it('filters and paginates users', async () => {
    const page1 = await admin.api.GET('/api/v1/users', { params: { query: { limit: 3, offset: 0 } } });
    const page2 = await admin.api.GET('/api/v1/users', { params: { query: { limit: 3, offset: 3 } } });
    expect(page1.data!.items).toHaveLength(3);
    expect(page1.data!.total).toBeGreaterThanOrEqual(9);
    expect(page2.data!.items[0].id).not.toBe(page1.data!.items[0].id);
    const supervisors = await admin.api.GET('/api/v1/users', { params: { query: { role: 'supervisor', officeId: astanaId } } });
    expect(supervisors.data!.items.every((u) => u.roles.includes('supervisor'))).toBe(true);
    const tooBig = await admin.api.GET('/api/v1/users', { params: { query: { limit: 1000 } } });
    expect(tooBig.response.status).toBe(400);
    const badBool = await fetch(`${t.baseUrl}/api/v1/users?active=maybe`, { headers: { cookie: `mayak_session=${admin.jar.get('mayak_session')}` } });
    expect(badBool.status).toBe(400);
  });

  it('creates, renames and deactivates offices; names are unique whatever their case', async () => {
    const created = await admin.api.POST('/api/v1/offices', { body: { name: 'Shymkent', code: 'shy', timezone: 'Asia/Almaty' } });
    expect(created.response.status).toBe(201);
    expect(created.data).toMatchObject({ name: 'Shymkent', code: 'SHY', active: true });
    const duplicate = await admin.api.POST('/api/v1/offices', { body: { name: 'SHYMKENT', code: 'SHM' } });
    expect(duplicate.response.status).toBe(409);
    const badZone = await admin.api.POST('/api/v1/offices', { body: { name: 'Aktau', code: 'AKT', timezone: 'Mars/Olympus' } });
    expect(badZone.response.status).toBe(400);
    const updated = await admin.api.PATCH('/api/v1/offices/{id}', {
      params: { path: { id: created.data!.id } },
      body: { version: 1, name: 'Shymkent region', active: false },
    });
    expect(updated.data).toMatchObject({ name: 'Shymkent region', active: false, version: 2 });
    const inactive = await admin.api.GET('/api/v1/offices', { params: { query: { active: false } } });
    expect(inactive.data!.items.map((o) => o.name)).toEqual(['Shymkent region']);
    const audit = await t.db.query(`SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id`, [created.data!.id]);
    expect(audit.map((r) => r.action)).toEqual(['offices.created', 'offices.updated']);
  });
});
