import { execFile } from 'node:child_process';
import { createCipheriv, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { AuditService } from '#api/core/audit/audit.service';
import { BlindIndex } from '#api/core/crypto/blind-index';
import { ENCRYPTED_COLUMNS } from '#api/core/crypto/encrypted-columns';
import { FieldCipher } from '#api/core/crypto/field-cipher';
import { BlobStore } from '#api/core/storage/blob-store';
import { SqlKeyRotationRepository } from '#api/modules/key-rotation/key-rotation.repository';
import { KeyRotationService } from '#api/modules/key-rotation/key-rotation.service';
import { NOT_RECOMPUTED, ROTATION_PLAN } from '#api/modules/key-rotation/rotation-plan';
import { IdentifierVault } from '#api/modules/people/identifier-vault';
import { startTestApp, type TestApp } from '../support/app';
import { signedIn, type TestClient } from '../support/client';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { postWebhook, whatsAppForm } from '../support/twilio-webhooks';

const run = promisify(execFile);
const KEYS_ROTATE = join(__dirname, '../../dist/apps/api/cli/keys-rotate.js');
const COMMAND_TIMEOUT_MS = 120_000;
const PUBLIC_URL = 'https://hotline.example.org';

const NAME = 'Гульнара Ротацияева';
const OLD_NAME = 'Айдар Староключев';
const NEW_NAME = 'Мадина Новоключева';
const PHONE = '+77019990123';
const DOCUMENT = 'N55443322';
const CONTACT_PHONE = '+77019990125';
const FLAGGED_PHONE = '+77019990126';
const NEW_PHONE = '+77019990127';
const WHATSAPP = '+996555440011';
const MESSAGE = 'Паспорт у работодателя, нужна помощь';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/** Hashes that are not keyed with IDENTIFIER_HASH_KEY (plain SHA-256 of tokens and seals, Argon2 of passwords): nothing to rotate. */
const UNKEYED_HASHES = [
  'account_links.token_hash',
  'audit_seals.hash',
  'audit_seals.prev_hash',
  'mfa_recovery_codes.code_hash',
  'sessions.token_hash',
  'users.password_hash',
  'webchat_sessions.token_hash',
];

/** A value as Mayak stored it before values were bound to their row: `keyId.iv.tag.body`, no associated data. */
function legacySeal(keyId: string, key: Buffer, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [keyId, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

/**
 * The key rotation runbook of docs/operations.md, for real: data written under k1 (and the
 * identifier hash key h1), the app restarted with k1,k2 (k2 active) and h1,h2 (h2 active),
 * `npm run keys:rotate`, then restarted with k2 and h2 only: everything still reads and matches.
 */
describe('key rotation', () => {
  const k1 = randomBytes(32);
  const k2 = randomBytes(32);
  const h1 = randomBytes(32);
  const h2 = randomBytes(32);
  let db: TestDatabase;
  let filesDir: string;
  let app: TestApp | null = null;
  const ids: Record<string, string> = {};

  const common = () => ({ PUBLIC_URL, COOKIE_SECURE: 'false', ATTACHMENTS_DIR: filesDir });
  const BEFORE = () => ({
    ...common(),
    ENCRYPTION_KEYS: `k1:${k1.toString('base64')}`,
    ENCRYPTION_ACTIVE_KEY_ID: '',
    IDENTIFIER_HASH_KEY: h1.toString('base64'),
    IDENTIFIER_HASH_ACTIVE_KEY_ID: '',
  });
  const ROTATING = () => ({
    ...common(),
    ENCRYPTION_KEYS: `k1:${k1.toString('base64')},k2:${k2.toString('base64')}`,
    ENCRYPTION_ACTIVE_KEY_ID: 'k2',
    IDENTIFIER_HASH_KEY: `h1:${h1.toString('base64')},h2:${h2.toString('base64')}`,
    IDENTIFIER_HASH_ACTIVE_KEY_ID: 'h2',
  });
  const AFTER = () => ({
    ...common(),
    ENCRYPTION_KEYS: `k2:${k2.toString('base64')}`,
    ENCRYPTION_ACTIVE_KEY_ID: '',
    IDENTIFIER_HASH_KEY: `h2:${h2.toString('base64')}`,
    IDENTIFIER_HASH_ACTIVE_KEY_ID: '',
  });

  const restart = async (env: Record<string, string>) => {
    await app?.close();
    app = await startTestApp(env, { database: db });
    return app;
  };
  const rotate = (env: Record<string, string>, ...args: string[]) =>
    run('node', [KEYS_ROTATE, ...args], {
      env: { ...process.env, ...env, NODE_ENV: 'test', DATABASE_URL: db.url, LOG_LEVEL: 'silent' },
      timeout: COMMAND_TIMEOUT_MS,
    });
  /** Every encrypted value and keyed hash in the database, in a fixed order. */
  const snapshot = async () => {
    const out: Record<string, unknown> = {};
    for (const t of ROTATION_PLAN) {
      const columns = [...t.values.map((v) => v.column.column), ...t.values.flatMap((v) => (v.hashes ?? []).map((h) => h.column))];
      out[t.table] = await db.query(`SELECT ${t.idColumn}::text AS id, ${columns.join(', ')} FROM ${t.table} ORDER BY ${t.idColumn}`);
    }
    return out;
  };
  const storedValues = async () => {
    const values: string[] = [];
    for (const c of ENCRYPTED_COLUMNS)
      values.push(...(await db.query<{ v: string }>(`SELECT ${c.column} AS v FROM ${c.table} WHERE ${c.column} IS NOT NULL`)).map((r) => r.v));
    return values;
  };
  const sealedKeyOf = async (fileId: string, table = 'knowledge_files') => {
    const [row] = await db.query<{ storage_key: string }>(`SELECT storage_key FROM ${table} WHERE id = $1`, [fileId]);
    const sealed = await readFile(join(filesDir, row.storage_key));
    return sealed.subarray(2, 2 + sealed[1]).toString('utf8');
  };
  const upload = async (client: TestClient, baseUrl: string, articleId: string) => {
    const response = await fetch(`${baseUrl}/api/v1/knowledge/files?${new URLSearchParams({ articleId, name: 'Памятка.pdf' }).toString()}`, {
      method: 'POST',
      body: new Uint8Array(PDF),
      headers: { 'content-type': 'application/pdf', cookie: `mayak_session=${client.jar.get('mayak_session')}`, 'x-csrf-token': client.csrfToken ?? '' },
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: string }).id;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    filesDir = await mkdtemp(join(tmpdir(), 'mayak-key-rotation-'));
  });
  afterAll(async () => {
    await app?.close();
    await db.drop();
    await rm(filesDir, { recursive: true, force: true });
  });

  it('writes people, identifiers, a contact, a callback, a flag, a message and a file under k1 and h1', async () => {
    const a = await restart(BEFORE());
    const caseWorker = await signedIn(a.baseUrl, 'caseworker.almaty@mayak.test');
    const operator = await signedIn(a.baseUrl, 'operator.almaty@mayak.test');
    const supervisor = await signedIn(a.baseUrl, 'supervisor.almaty@mayak.test');

    const person = await caseWorker.api.POST('/api/v1/people', {
      body: {
        name: NAME,
        identifiers: [
          { kind: 'phone', value: PHONE },
          { kind: 'document', value: DOCUMENT },
        ],
      },
    });
    expect(person.response.status).toBe(201);
    ids.person = person.data!.id;
    ids.old = (await caseWorker.api.POST('/api/v1/people', { body: { name: OLD_NAME } })).data!.id;
    const contact = await operator.api.POST('/api/v1/contacts', { body: { channel: 'voice', phone: CONTACT_PHONE, notes: 'До смены ключей' } });
    expect(contact.response.status).toBe(201);
    ids.contact = contact.data!.id;
    const callback = await operator.api.POST('/api/v1/callbacks', {
      body: { consentToContactBack: true, contactId: ids.contact, dueAt: new Date(a.clock.nowMs() + 86_400_000).toISOString() },
    });
    expect(callback.response.status).toBe(201);
    ids.callback = callback.data!.id;

    // A flag on a number from before flags kept their number: only its hash (keys:rotate learns the number from the contact with it).
    const flag = await operator.api.POST('/api/v1/people/caller-flags', {
      body: { phone: FLAGGED_PHONE, kind: 'do_not_call_back', reason: 'Просила не перезванивать' },
    });
    expect(flag.response.status).toBe(201);
    expect((await operator.api.POST('/api/v1/contacts', { body: { channel: 'voice', phone: FLAGGED_PHONE } })).response.status).toBe(201);
    await db.query(`UPDATE person_flags SET phone_encrypted = NULL WHERE id = $1`, [flag.data!.id]);

    expect((await postWebhook(a.baseUrl, PUBLIC_URL, '/sms', whatsAppForm(WHATSAPP, MESSAGE))).status).toBe(200);
    const article = (
      await supervisor.api.POST('/api/v1/knowledge/articles', { body: { locale: 'ru', title: 'Памятка', body: 'Для мигрантов', published: true } })
    ).data!.id;
    ids.file = await upload(supervisor, a.baseUrl, article);
    // A scan kept with a case, sealed like every file.
    const kase = (await caseWorker.api.POST('/api/v1/cases', { body: { type: 'trafficking' } })).data!;
    ids.case = kase.id;
    const scan = await fetch(
      `${a.baseUrl}/api/v1/cases/${kase.id}/attachments?${new URLSearchParams({ name: 'Паспорт.pdf', category: 'identity_document' }).toString()}`,
      {
        method: 'POST',
        body: new Uint8Array(PDF),
        headers: {
          'content-type': 'application/pdf',
          cookie: `mayak_session=${caseWorker.jar.get('mayak_session')}`,
          'x-csrf-token': caseWorker.csrfToken ?? '',
        },
      },
    );
    expect(scan.status).toBe(201);
    ids.caseFile = ((await scan.json()) as { id: string }).id;

    // A value from before values were bound to their row.
    await db.query(`UPDATE people SET name_encrypted = $2 WHERE id = $1`, [ids.old, legacySeal('k1', k1, OLD_NAME)]);

    const values = await storedValues();
    expect(values.length).toBeGreaterThan(8);
    expect(values.filter((v) => !v.startsWith('v2.k1.') && !v.startsWith('k1.'))).toEqual([]);
    expect(await sealedKeyOf(ids.file)).toBe('k1');
    expect(await sealedKeyOf(ids.caseFile, 'case_attachments')).toBe('k1');
  });

  it('while both keys are listed: reads the old values, finds people by number and name under the old hash key, writes new ones under k2 and h2', async () => {
    const b = await restart(ROTATING());
    const caseWorker = await signedIn(b.baseUrl, 'caseworker.almaty@mayak.test');
    expect((await caseWorker.api.GET('/api/v1/people/{id}', { params: { path: { id: ids.person } } })).data).toMatchObject({ name: NAME });
    const byNumber = await caseWorker.api.POST('/api/v1/callers/lookup', { body: { phone: '8 701 999 01 23' } });
    expect(byNumber.data!.people.map((p) => p.id)).toContain(ids.person);
    expect((await caseWorker.api.GET('/api/v1/people', { params: { query: { q: 'Гульнара' } } })).data!.items.map((p) => p.id)).toContain(ids.person);
    const created = await caseWorker.api.POST('/api/v1/people', { body: { name: NEW_NAME, identifiers: [{ kind: 'phone', value: NEW_PHONE }] } });
    expect(created.response.status).toBe(201);
    ids.new = created.data!.id;
    const [row] = await db.query<{ name_encrypted: string; value_hash: string }>(
      `SELECT p.name_encrypted, i.value_hash FROM people p JOIN person_identifiers i ON i.person_id = p.id WHERE p.id = $1`,
      [ids.new],
    );
    expect(row.name_encrypted.startsWith('v2.k2.')).toBe(true);
    expect(row.value_hash).toBe(new BlindIndex(h2).of('phone', NEW_PHONE));

    // Suggested duplicates match across hash keys: a twin recorded now (h2) and the record from before (h1), both ways.
    const twin = (await caseWorker.api.POST('/api/v1/people', { body: { name: OLD_NAME } })).data!.id;
    const duplicatesOf = async (id: string) =>
      (await caseWorker.api.GET('/api/v1/people/{id}/duplicates', { params: { path: { id } } })).data!.items.map((d) => d.person.id);
    expect(await duplicatesOf(ids.old)).toEqual([twin]);
    expect(await duplicatesOf(twin)).toEqual([ids.old]);
  });

  it('keys:rotate --check tells what still needs k1 and h1; keys:rotate moves everything to k2 and h2, audited, and a second run changes nothing', async () => {
    const env = ROTATING();
    const before = await rotate(env, '--check');
    expect(before.stdout).toMatch(/Key k1 still encrypts \d+ value\(s\) or file\(s\)/);
    expect(before.stdout).toMatch(/Hash key h1 still computed \d+ stored hash\(es\)/);
    expect(before.stdout).toMatch(/1 to link/);
    expect((await storedValues()).some((v) => v.startsWith('v2.k1.'))).toBe(true);

    // Small batches, so the run goes through several of them per table.
    // Every sealed file: the leaflet uploaded, the demo leaflet and the case's scan.
    const [{ n: files }] = await db.query<{ n: number }>(
      `SELECT ((SELECT count(*) FROM knowledge_files) + (SELECT count(*) FROM case_attachments WHERE status = 'kept'))::int AS n`,
    );
    expect(files).toBeGreaterThanOrEqual(2);
    const first = await rotate(env, '--batch-size', '2');
    expect(first.stdout).toMatch(/^people: 2 row\(s\) read, \d+ value\(s\) rewritten$/m);
    expect(first.stdout).toContain(`file(s) sealed again`);
    expect(first.stdout).toMatch(/^case_attachment_files: 1 file\(s\) read, 1 sealed again$/m);
    expect(first.stdout).toMatch(
      new RegExp(
        `Rotation done: \\d+ row\\(s\\) and file\\(s\\) read, [1-9]\\d* value\\(s\\) re-encrypted, [1-9]\\d* row\\(s\\) re-hashed, ${files} file\\(s\\) sealed again`,
      ),
    );
    expect(first.stdout).toMatch(/Key k1: nothing needs it any more/);
    expect(first.stdout).toMatch(/Hash key h1: no stored hash needs it/);
    expect((await storedValues()).filter((v) => !v.startsWith('v2.k2.'))).toEqual([]);
    expect(await sealedKeyOf(ids.file)).toBe('k2');
    expect(await sealedKeyOf(ids.caseFile, 'case_attachments')).toBe('k2');
    const index = new BlindIndex(h2);
    const [identifier] = await db.query<{ value_hash: string }>(`SELECT value_hash FROM person_identifiers WHERE person_id = $1 AND kind = 'phone'`, [
      ids.person,
    ]);
    expect(identifier.value_hash).toBe(index.of('phone', PHONE));
    const [flag] = await db.query<{ phone_hash: string; phone_encrypted: string | null }>(
      `SELECT phone_hash, phone_encrypted FROM person_flags WHERE kind = 'do_not_call_back'`,
    );
    expect(flag.phone_hash).toBe(index.of('phone', FLAGGED_PHONE));
    expect(flag.phone_encrypted).toMatch(/^v2\.k2\./);
    const [audit] = await db.query<{ summary: Record<string, unknown> }>(`SELECT summary FROM audit_log WHERE action = 'keys.rotated'`);
    expect(audit.summary).toMatchObject({
      encryptionKey: 'k2',
      hashKey: 'h2',
      filesResealed: files,
      flagsLinked: 1,
      complete: true,
      changedMeanwhile: 0,
      unreadable: 0,
    });
    expect(audit.summary.rewritten).toBeGreaterThan(8);
    expect(JSON.stringify(audit.summary)).not.toContain('Гульнара');

    const settled = await snapshot();
    const second = await rotate(env);
    expect(second.stdout).toMatch(
      /Rotation done: \d+ row\(s\) and file\(s\) read, 0 value\(s\) re-encrypted, 0 row\(s\) re-hashed, 0 file\(s\) sealed again, 0 left/,
    );
    expect(await snapshot()).toEqual(settled);
    expect(await db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'keys.rotated'`)).toEqual([{ n: 2 }]);
  });

  it('with k1 and h1 removed: names, numbers, messages, callbacks and files read back, and lookups by number and name still match', async () => {
    const c = await restart(AFTER());
    const caseWorker = await signedIn(c.baseUrl, 'caseworker.almaty@mayak.test');
    const supervisor = await signedIn(c.baseUrl, 'supervisor.almaty@mayak.test');

    const person = (await caseWorker.api.GET('/api/v1/people/{id}', { params: { path: { id: ids.person } } })).data!;
    expect(person).toMatchObject({ name: NAME, masked: false });
    expect(person.identifiers.map((i) => i.value).sort()).toEqual([PHONE, DOCUMENT].sort());
    expect((await caseWorker.api.GET('/api/v1/people/{id}', { params: { path: { id: ids.old } } })).data).toMatchObject({ name: OLD_NAME });
    expect((await caseWorker.api.GET('/api/v1/people/{id}', { params: { path: { id: ids.new } } })).data).toMatchObject({ name: NEW_NAME });
    expect((await supervisor.api.GET('/api/v1/contacts/{id}', { params: { path: { id: ids.contact } } })).data).toMatchObject({
      phone: CONTACT_PHONE,
      notes: 'До смены ключей',
    });
    expect((await supervisor.api.GET('/api/v1/callbacks/{id}', { params: { path: { id: ids.callback } } })).data).toMatchObject({ phone: CONTACT_PHONE });

    // The repeat caller is found by their number, however it is typed, and by name.
    const byNumber = (await supervisor.api.POST('/api/v1/callers/lookup', { body: { phone: '8 (701) 999-01-23' } })).data!;
    expect(byNumber.people.map((p) => p.id)).toEqual([ids.person]);
    const contactNumber = (await supervisor.api.POST('/api/v1/callers/lookup', { body: { phone: CONTACT_PHONE } })).data!;
    expect(contactNumber.contacts.map((k) => k.id)).toContain(ids.contact);
    const flagged = (await supervisor.api.POST('/api/v1/callers/lookup', { body: { phone: FLAGGED_PHONE } })).data!;
    expect(flagged.flags.map((f) => f.kind)).toEqual(['do_not_call_back']);
    expect((await caseWorker.api.GET('/api/v1/people', { params: { query: { q: 'Гульнара' } } })).data!.items.map((p) => p.id)).toEqual([ids.person]);
    expect((await caseWorker.api.GET('/api/v1/people', { params: { query: { q: NEW_PHONE } } })).data!.items.map((p) => p.id)).toEqual([ids.new]);

    const conversations = (await supervisor.api.GET('/api/v1/conversations', { params: { query: { channel: 'whatsapp' } } })).data!.items;
    const conversation = conversations.find((t) => t.phone === WHATSAPP)!;
    expect(conversation).toMatchObject({ address: WHATSAPP, displayName: 'Бекзат' });
    expect(
      (await supervisor.api.GET('/api/v1/conversations/{id}/messages', { params: { path: { id: conversation.id } } })).data!.items.map((m) => m.body),
    ).toEqual([MESSAGE]);
    // The same person writing again joins the same conversation (found under the new hash key).
    expect((await postWebhook(c.baseUrl, PUBLIC_URL, '/sms', whatsAppForm(WHATSAPP, 'Ещё раз'))).status).toBe(200);
    expect(
      await db.query(`SELECT count(*)::int AS n FROM conversations WHERE channel = 'whatsapp' AND phone_hash = $1`, [new BlindIndex(h2).of('phone', WHATSAPP)]),
    ).toEqual([{ n: 1 }]);
    expect(
      (await supervisor.api.GET('/api/v1/conversations/{id}/messages', { params: { path: { id: conversation.id } } })).data!.items.map((m) => m.body).sort(),
    ).toEqual(['Ещё раз', MESSAGE].sort());

    const file = await fetch(`${c.baseUrl}/api/v1/knowledge/files/${ids.file}/content`, {
      headers: { cookie: `mayak_session=${supervisor.jar.get('mayak_session')}` },
    });
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(PDF)).toBe(true);
    const scan = await fetch(`${c.baseUrl}/api/v1/cases/${ids.case}/attachments/${ids.caseFile}/content`, {
      headers: { cookie: `mayak_session=${caseWorker.jar.get('mayak_session')}` },
    });
    expect(scan.status).toBe(200);
    expect(Buffer.from(await scan.arrayBuffer()).equals(PDF)).toBe(true);
  });

  it('a value copied into another row or another column does not decrypt there: a 500 that shows nothing', async () => {
    const c = app!;
    const caseWorker = await signedIn(c.baseUrl, 'caseworker.almaty@mayak.test');
    const supervisor = await signedIn(c.baseUrl, 'supervisor.almaty@mayak.test');
    // Another row of the same column.
    await db.query(`UPDATE people SET name_encrypted = (SELECT name_encrypted FROM people WHERE id = $1) WHERE id = $2`, [ids.person, ids.old]);
    const swapped = await caseWorker.api.GET('/api/v1/people/{id}', { params: { path: { id: ids.old } } });
    expect(swapped.response.status).toBe(500);
    expect(swapped.error).toMatchObject({ code: 'internal_error' });
    expect(JSON.stringify(swapped.error)).not.toMatch(/Гульнара|Ротацияева|name_encrypted/);
    // Another column: a person's number put where a callback's number goes.
    await db.query(
      `UPDATE callbacks SET phone_encrypted = (SELECT value_encrypted FROM person_identifiers WHERE person_id = $1 AND kind = 'phone') WHERE id = $2`,
      [ids.person, ids.callback],
    );
    const moved = await supervisor.api.GET('/api/v1/callbacks/{id}', { params: { path: { id: ids.callback } } });
    expect(moved.response.status).toBe(500);
    expect(JSON.stringify(moved.error)).not.toContain('7019990123');
    // The rows it was taken from still read.
    expect((await caseWorker.api.GET('/api/v1/people/{id}', { params: { path: { id: ids.person } } })).data).toMatchObject({ name: NAME });
    // keys:rotate --check names the places that do not open, and a run leaves them as they are.
    const check = await rotate(AFTER(), '--check').then(
      () => null,
      (error: { code: number; stdout: string }) => error,
    );
    expect(check?.code).toBe(2);
    expect(check?.stdout).toMatch(
      /Do not open with the configured keys[^\n]*people\.name_encrypted 1[^\n]*callbacks\.phone_encrypted 1|Do not open with the configured keys[^\n]*callbacks\.phone_encrypted 1[^\n]*people\.name_encrypted 1/,
    );
  });

  it('leaves a row the running application changed between the read and the write as the application wrote it', async () => {
    const c = app!;
    const k3 = randomBytes(32);
    const cipher = new FieldCipher(
      [
        { id: 'k2', key: k2 },
        { id: 'k3', key: k3 },
      ],
      'k3',
    );
    const blind = new BlindIndex([{ id: 'h2', key: h2 }]);
    const rotation = new SqlKeyRotationRepository(c.app.get(DataSource));
    const service = new KeyRotationService(rotation, cipher, blind, new IdentifierVault(cipher, blind), c.app.get(BlobStore), c.app.get(AuditService));
    // What the application (still on k2) writes while the rotation is between its read and its write.
    const written = new FieldCipher([{ id: 'k2', key: k2 }], 'k2').encrypt('Изменено приложением', { table: 'people', column: 'name_encrypted', row: ids.new });
    const compareAndSet = rotation.compareAndSet.bind(rotation);
    let interfered = false;
    rotation.compareAndSet = async (...args: Parameters<typeof compareAndSet>) => {
      if (args[1].table === 'people' && !interfered) {
        interfered = true;
        await db.query(`UPDATE people SET name_encrypted = $2 WHERE id = $1`, [ids.new, written]);
      }
      return compareAndSet(...args);
    };
    const report = await service.run({ mode: 'rotate' });
    expect(interfered).toBe(true);
    expect(report.changedMeanwhile).toBe(1);
    const [changed] = await db.query<{ name_encrypted: string }>(`SELECT name_encrypted FROM people WHERE id = $1`, [ids.new]);
    expect(changed.name_encrypted).toBe(written);
    const [other] = await db.query<{ name_encrypted: string }>(`SELECT name_encrypted FROM people WHERE id = $1`, [ids.person]);
    expect(other.name_encrypted.startsWith('v2.k3.')).toBe(true);
    expect(cipher.decrypt(other.name_encrypted, { table: 'people', column: 'name_encrypted', row: ids.person })).toBe(NAME);
  });

  it('knows every encrypted column and every keyed hash of the schema', async () => {
    // Tables only: a view (active_person_flags) stores nothing of its own to rotate.
    const tables = `table_name IN (SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE')`;
    const rows = await db.query<{ name: string }>(
      `SELECT table_name || '.' || column_name AS name FROM information_schema.columns WHERE table_schema = 'public' AND ${tables} AND column_name LIKE '%\\_encrypted' ORDER BY 1`,
    );
    const encrypted = rows.map((r) => r.name).sort();
    expect([...ENCRYPTED_COLUMNS].map((c) => `${c.table}.${c.column}`).sort()).toEqual(encrypted);
    expect(ROTATION_PLAN.flatMap((t) => t.values.map((v) => `${t.table}.${v.column.column}`)).sort()).toEqual(encrypted);
    const hashed = (
      await db.query<{ name: string }>(
        `SELECT table_name || '.' || column_name AS name FROM information_schema.columns WHERE table_schema = 'public' AND ${tables}
          AND (column_name LIKE '%hash%' OR column_name LIKE '%\\_index' OR column_name LIKE '%pseudonym%') ORDER BY 1`,
      )
    ).map((r) => r.name);
    const recomputed = ROTATION_PLAN.flatMap((t) => t.values.flatMap((v) => (v.hashes ?? []).map((h) => `${t.table}.${h.column}`)));
    expect(hashed.filter((name) => !recomputed.includes(name) && !(name in NOT_RECOMPUTED) && !UNKEYED_HASHES.includes(name))).toEqual([]);
    expect(recomputed.filter((name) => !hashed.includes(name))).toEqual([]);
  });
});
