import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AuditSealer } from '#api/core/audit/audit-sealer';
import { AuditVerifier } from '#api/core/audit/audit-verifier';
import { startTestApp, type TestApp } from '../support/app';
import { createTestClient, signedIn } from '../support/client';

const run = promisify(execFile);
const CLI = join(__dirname, '../../dist/apps/api/cli/audit-verify.js');

describe('audit log', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('records sign-ins, failed sign-ins and user changes with who, what, when and from where', async () => {
    await createTestClient(t.baseUrl).login('operator.almaty@mayak.test', 'wrong-password');
    const admin = await signedIn(t.baseUrl, 'admin.almaty@mayak.test');
    const offices = await admin.api.GET('/api/v1/offices');
    await admin.api.POST('/api/v1/users', {
      body: {
        email: 'audited@mayak.test',
        displayName: 'Audited',
        password: 'long-enough-password',
        roles: ['operator'],
        officeIds: [offices.data!.items[0].id],
      },
    });
    const { data } = await admin.api.GET('/api/v1/audit', { params: { query: { limit: 50 } } });
    const actions = data!.items.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['auth.login_failed', 'auth.login_succeeded', 'users.created']));
    const created = data!.items.find((e) => e.action === 'users.created')!;
    expect(created).toMatchObject({ actorEmail: 'admin.almaty@mayak.test', entityType: 'user' });
    expect(created.ip).toMatch(/127\.0\.0\.1/);
    const filtered = await admin.api.GET('/api/v1/audit', { params: { query: { action: 'auth.login_failed' } } });
    expect(filtered.data!.items.every((e) => e.action === 'auth.login_failed')).toBe(true);
    const badRange = await admin.api.GET('/api/v1/audit', { params: { query: { from: '2026-12-01T00:00:00Z', to: '2026-01-01T00:00:00Z' } } });
    expect(badRange.response.status).toBe(400);
  });

  it('is append-only: the database refuses UPDATE, DELETE and TRUNCATE', async () => {
    await expect(t.db.query(`UPDATE audit_log SET action = 'x'`)).rejects.toThrow(/append-only/);
    await expect(t.db.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
    await expect(t.db.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
    await expect(t.db.query(`TRUNCATE audit_seals`)).rejects.toThrow(/append-only/);
  });

  it('seals rows into a hash chain without blocking concurrent writers, in a stable order', async () => {
    const sealer = t.app.get(AuditSealer);
    // Many sign-ins at once, while the sealer runs alongside them.
    const logins = Array.from({ length: 20 }, (_, i) =>
      createTestClient(t.baseUrl).login(i % 2 ? 'caseworker.almaty@mayak.test' : 'nobody@mayak.test', 'wrong-password'),
    );
    await Promise.all([...logins, sealer.sealPending(), sealer.sealPending()]);
    // Rows are sealed once no older transaction is still open anywhere on the server (the
    // snapshot horizon is cluster-wide, and other test files run alongside): seal until done.
    let report = await t.app.get(AuditVerifier).verify();
    for (let attempt = 0; attempt < 50 && report.unsealed > 0; attempt += 1) {
      await sealer.sealPending();
      report = await t.app.get(AuditVerifier).verify();
      if (report.unsealed > 0) await new Promise((r) => setTimeout(r, 200));
    }
    expect(report).toMatchObject({ ok: true, firstBreak: null, unsealed: 0 });
    const [{ n }] = await t.db.query<{ n: string }>(`SELECT count(*) AS n FROM audit_log`);
    expect(report.checked).toBe(Number(n));
    await expect(t.db.query(`UPDATE audit_seals SET hash = repeat('0', 64)`)).rejects.toThrow(/append-only/);
  });

  it('audit:verify names the first row altered directly in SQL', async () => {
    const ok = await run('node', [CLI], { env: { ...process.env, DATABASE_URL: t.db.url, NODE_ENV: 'test' } });
    expect(ok.stdout).toMatch(/Audit chain intact: \d+ sealed row/);

    const [victim] = await t.db.query<{ id: string; position: string }>(
      `SELECT a.id::text AS id, s.position::text AS position FROM audit_log a JOIN audit_seals s ON s.audit_id = a.id WHERE a.action = 'users.created' LIMIT 1`,
    );
    // An attacker with superuser rights bypasses the triggers and rewrites history.
    await t.db.query(
      `BEGIN; SET LOCAL session_replication_role = replica; UPDATE audit_log SET actor_email = 'someone.else@mayak.test' WHERE id = ${Number(victim.id)}; COMMIT;`,
    );

    const report = await t.app.get(AuditVerifier).verify();
    expect(report.ok).toBe(false);
    expect(report.firstBreak).toEqual({ position: victim.position, auditId: victim.id, reason: 'row_altered' });

    const broken = await run('node', [CLI], { env: { ...process.env, DATABASE_URL: t.db.url, NODE_ENV: 'test' } }).then(
      () => {
        throw new Error('audit:verify should exit non-zero');
      },
      (error: { code: number; stderr: string }) => error,
    );
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(`audit row ${victim.id}`);
  });

  it('notices a deleted row', async () => {
    const [victim] = await t.db.query<{ id: string }>(
      `SELECT a.id::text AS id FROM audit_log a JOIN audit_seals s ON s.audit_id = a.id ORDER BY s.position LIMIT 1`,
    );
    await t.db.query(`BEGIN; SET LOCAL session_replication_role = replica; DELETE FROM audit_log WHERE id = ${Number(victim.id)}; COMMIT;`);
    const report = await t.app.get(AuditVerifier).verify();
    expect(report.firstBreak).toMatchObject({ auditId: victim.id, reason: 'row_missing', position: '1' });
  });
});
