import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AuditSealer } from '#api/core/audit/audit-sealer';
import { AuditVerifier } from '#api/core/audit/audit-verifier';
import { startTestApp, type TestApp } from '../support/app';
import { signedIn } from '../support/client';
import { createTestDatabase, type TestDatabase } from '../support/database';

const run = promisify(execFile);
const AUDIT_VERIFY = join(__dirname, '../../dist/apps/api/cli/audit-verify.js');
/** Every external command of the drill is bounded: a hung dump or restore fails the test instead of stalling the run. */
const COMMAND_TIMEOUT_MS = 60_000;
const NAME = 'Гульнара Восстановлена';
const PHONE = '+77019990123';

/**
 * The runbook in docs/operations.md ("Backup and restore"), run for real: dump the database
 * with pg_dump -Fc, restore it into a new database with pg_restore, check the audit chain on
 * the copy, and read an encrypted identifier back through the API with the same keys, and
 * not with other keys.
 */
describe('restore drill', () => {
  let t: TestApp;
  let restored: TestDatabase | null = null;
  let workDir: string;

  beforeAll(async () => {
    t = await startTestApp();
    workDir = await mkdtemp(join(tmpdir(), 'mayak-restore-drill-'));
  });
  afterAll(async () => {
    await t.close();
    await restored?.drop();
    await rm(workDir, { recursive: true, force: true });
  });

  it('restores a pg_dump into a fresh database whose audit chain verifies and whose identifiers decrypt only with the same keys', async () => {
    const caseWorker = await signedIn(t.baseUrl, 'caseworker.almaty@mayak.test');
    const person = await caseWorker.api.POST('/api/v1/people', {
      body: {
        name: NAME,
        identifiers: [
          { kind: 'phone', value: PHONE },
          { kind: 'document', value: 'N99887766' },
        ],
      },
    });
    expect(person.response.status).toBe(201);
    const personId = person.data!.id;
    const contact = await caseWorker.api.POST('/api/v1/contacts', { body: { channel: 'voice', phone: PHONE, personId, notes: 'Перед резервной копией' } });
    expect(contact.response.status).toBe(201);
    const [stored] = await t.db.query<{ raw: string }>(`SELECT row_to_json(i)::text AS raw FROM person_identifiers i WHERE person_id = $1 AND kind = 'phone'`, [
      personId,
    ]);
    expect(stored.raw).not.toContain('7019990123');

    // Seal everything written so far (rows are sealed once no older transaction is open anywhere on the server: bounded retries).
    const sealer = t.app.get(AuditSealer);
    let report = await t.app.get(AuditVerifier).verify();
    for (let attempt = 0; attempt < 50 && report.unsealed > 0; attempt += 1) {
      await sealer.sealPending();
      report = await t.app.get(AuditVerifier).verify();
      if (report.unsealed > 0) await new Promise((r) => setTimeout(r, 200));
    }
    expect(report).toMatchObject({ ok: true, unsealed: 0 });
    const [{ rows: auditRows }] = await t.db.query<{ rows: string }>(`SELECT count(*) AS rows FROM audit_log`);
    const unsealedAtDump = Number(auditRows) - report.checked;

    const [{ server_version_num: serverVersion }] = await t.db.query<{ server_version_num: string }>(`SHOW server_version_num`);
    const { stdout: dumpVersion } = await run('pg_dump', ['--version'], { timeout: COMMAND_TIMEOUT_MS });
    expect(Number(/(\d+)\.\d+/.exec(dumpVersion)![1])).toBe(Math.floor(Number(serverVersion) / 10_000));

    const dumpFile = join(workDir, 'mayak.dump');
    await run('pg_dump', ['-Fc', '--no-owner', '--file', dumpFile, '--dbname', t.db.url], { timeout: COMMAND_TIMEOUT_MS });
    expect((await stat(dumpFile)).size).toBeGreaterThan(0);

    restored = await createTestDatabase({ empty: true });
    await run('pg_restore', ['--no-owner', '--exit-on-error', '--dbname', restored.url, dumpFile], { timeout: COMMAND_TIMEOUT_MS });
    const [{ rows: restoredRows }] = await restored.query<{ rows: string }>(`SELECT count(*) AS rows FROM audit_log`);
    expect(restoredRows).toBe(auditRows);
    // The append-only triggers came back with the data.
    await expect(restored.query(`UPDATE audit_log SET action = 'x'`)).rejects.toThrow(/append-only/);

    const verified = await run('node', [AUDIT_VERIFY], { env: { ...process.env, DATABASE_URL: restored.url, NODE_ENV: 'test' }, timeout: COMMAND_TIMEOUT_MS });
    expect(verified.stdout).toContain(`Audit chain intact: ${report.checked} sealed row(s) verified; ${unsealedAtDump} row(s) awaiting sealing.`);

    // Same keys (the test environment's ENCRYPTION_KEYS and IDENTIFIER_HASH_KEY): the copy reads like the original.
    const sameKeys = await startTestApp({}, { database: restored });
    try {
      const reader = await signedIn(sameKeys.baseUrl, 'caseworker.almaty@mayak.test');
      const read = await reader.api.GET('/api/v1/people/{id}', { params: { path: { id: personId } } });
      expect(read.response.status).toBe(200);
      expect(read.data).toMatchObject({ name: NAME, masked: false });
      expect(JSON.stringify(read.data!.identifiers)).toContain(PHONE);
    } finally {
      await sameKeys.close();
    }

    // Another key under the same key id (a lost or mixed-up ENCRYPTION_KEYS): nothing decrypts.
    const otherKeys = await startTestApp({ ENCRYPTION_KEYS: `dev:${randomBytes(32).toString('base64')}` }, { database: restored });
    try {
      const reader = await signedIn(otherKeys.baseUrl, 'caseworker.almaty@mayak.test');
      const read = await reader.api.GET('/api/v1/people/{id}', { params: { path: { id: personId } } });
      const body = JSON.stringify(read.data ?? read.error);
      expect(body).not.toContain(NAME);
      expect(body).not.toContain('7019990123');
      expect(read.response.status).toBe(500);
    } finally {
      await otherKeys.close();
    }
  });
});
