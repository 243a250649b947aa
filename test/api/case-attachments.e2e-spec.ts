import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestApp, type TestApp } from '../support/app';
import { signedIn, type TestClient } from '../support/client';

/** Text inside the PDF: it must never be readable in the store. */
const MARKER = 'Passport of Aigul Seitkali, kept by the employer';
const PDF = Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${MARKER}\ntrailer << /Root 1 0 R >>\n%%EOF\n`, 'latin1');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x24, 0, 0, 0]), Buffer.from('WEBPVP8 '), Buffer.alloc(32, 2)]);
/** The installation's limit in these tests (CASE_ATTACHMENT_MAX_MB), small so that going over it is cheap. */
const MAX_BYTES = 1024 * 1024;

interface Attachment {
  id: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  category: string;
  description: string | null;
  uploadedBy: { id: string; displayName: string };
}

/** Files a case worker keeps with a case: checked, sealed, opened (audited), removed, erased with the case. */
describe('case attachments', () => {
  let t: TestApp;
  let operator: TestClient;
  let caseWorker: TestClient;
  let supervisor: TestClient;
  let astanaCaseWorker: TestClient;
  let astanaSupervisor: TestClient;
  let admin: TestClient;
  let partner: TestClient;
  let filesDir: string;
  let userIds: Record<string, string>;
  const ids: Record<string, string> = {};

  const headersOf = (client: TestClient) => ({ cookie: `mayak_session=${client.jar.get('mayak_session')}`, 'x-csrf-token': client.csrfToken ?? '' });
  const upload = (client: TestClient, caseId: string, query: Record<string, string>, body: Buffer | string | null, contentType = 'application/pdf') =>
    fetch(`${t.baseUrl}/api/v1/cases/${caseId}/attachments?${new URLSearchParams(query).toString()}`, {
      method: 'POST',
      body: body === null ? undefined : typeof body === 'string' ? body : new Uint8Array(body),
      headers: { 'content-type': contentType, ...headersOf(client) },
    });
  const uploaded = async (
    client: TestClient,
    caseId: string,
    query: Record<string, string>,
    body: Buffer,
    contentType = 'application/pdf',
  ): Promise<Attachment> => {
    const response = await upload(client, caseId, query, body, contentType);
    if (response.status !== 201) throw new Error(`${response.status} ${await response.text()}`);
    return (await response.json()) as Attachment;
  };
  const open = (client: TestClient, caseId: string, id: string) =>
    fetch(`${t.baseUrl}/api/v1/cases/${caseId}/attachments/${id}/content`, { headers: headersOf(client) });
  const remove = (client: TestClient, caseId: string, id: string) =>
    fetch(`${t.baseUrl}/api/v1/cases/${caseId}/attachments/${id}`, { method: 'DELETE', headers: headersOf(client) });
  const list = (client: TestClient, caseId: string) => client.api.GET('/api/v1/cases/{id}/attachments', { params: { path: { id: caseId } } });
  /** The sealed files of cases in the store. */
  const storedFiles = () => {
    const dir = join(filesDir, 'case-attachments');
    return existsSync(dir) ? readdirSync(dir) : [];
  };
  /** What an upload that is refused must leave as it was. */
  const state = async () => ({
    rows: (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM case_attachments`))[0].n,
    events: (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM case_events WHERE kind LIKE 'attachment_%'`))[0].n,
    files: storedFiles().length,
  });
  const audited = async (action: string) =>
    t.db.query<{ email: string; attachment: string }>(
      `SELECT actor_email AS email, summary->>'attachmentId' AS attachment FROM audit_log WHERE action = $1 ORDER BY id`,
      [action],
    );
  const openCase = async (client: TestClient, body: Record<string, unknown> = {}) => {
    const created = await client.api.POST('/api/v1/cases', { body: { type: 'trafficking', ...body } as never });
    if (!created.data) throw new Error(JSON.stringify(created.error));
    return created.data;
  };
  const closeCase = async (client: TestClient, caseId: string) => {
    const current = (await client.api.GET('/api/v1/cases/{id}', { params: { path: { id: caseId } } })).data!;
    const closed = await client.api.POST('/api/v1/cases/{id}/status', {
      params: { path: { id: caseId } },
      body: { version: current.version, status: 'closed', closureReason: 'resolved' },
    });
    expect(closed.response.status).toBe(200);
  };

  beforeAll(async () => {
    t = await startTestApp({ CASE_ATTACHMENT_MAX_MB: '1' });
    filesDir = t.env.ATTACHMENTS_DIR;
    operator = await signedIn(t.baseUrl, 'operator.almaty@mayak.test');
    caseWorker = await signedIn(t.baseUrl, 'caseworker.almaty@mayak.test');
    supervisor = await signedIn(t.baseUrl, 'supervisor.almaty@mayak.test');
    astanaCaseWorker = await signedIn(t.baseUrl, 'caseworker.astana@mayak.test');
    astanaSupervisor = await signedIn(t.baseUrl, 'supervisor.astana@mayak.test');
    admin = await signedIn(t.baseUrl, 'admin.almaty@mayak.test');
    partner = await signedIn(t.baseUrl, 'partner.almaty@mayak.test');
    userIds = Object.fromEntries((await t.db.query<{ id: string; email: string }>(`SELECT id, email FROM users`)).map((u) => [u.email.split('@')[0], u.id]));
    ids.case = (await openCase(caseWorker)).id;
  });
  afterAll(async () => t.close());

  it('lets a case worker add a scan: named cleanly, sealed at rest, listed, on the timeline and audited', async () => {
    const response = await upload(
      caseWorker,
      ids.case,
      { name: 'C:\\scans\\Паспорт Айгуль.PDF', category: 'identity_document', description: '  Скан паспорта, 2 страницы  ' },
      PDF,
    );
    expect(response.status).toBe(201);
    const file = (await response.json()) as Attachment;
    expect(file).toMatchObject({
      fileName: 'Паспорт Айгуль.pdf',
      contentType: 'application/pdf',
      sizeBytes: PDF.length,
      category: 'identity_document',
      description: 'Скан паспорта, 2 страницы',
      uploadedBy: { id: userIds['caseworker.almaty'] },
    });
    ids.scan = file.id;

    // At rest it is sealed: neither the PDF's header nor any of its text is in the store.
    const [row] = await t.db.query<{ storage_key: string; status: string }>(`SELECT storage_key, status FROM case_attachments WHERE id = $1`, [file.id]);
    expect(row).toEqual({ storage_key: `case-attachments/${file.id}`, status: 'kept' });
    const sealed = readFileSync(join(filesDir, row.storage_key));
    expect(sealed.length).toBeGreaterThan(PDF.length);
    expect(sealed.includes(Buffer.from('%PDF'))).toBe(false);
    expect(sealed.includes(Buffer.from(MARKER, 'latin1'))).toBe(false);
    expect(sealed.includes(Buffer.from('Aigul'))).toBe(false);

    const page = await list(operator, ids.case);
    expect(page.data).toMatchObject({ total: 1, maxBytes: MAX_BYTES, items: [{ id: file.id, fileName: 'Паспорт Айгуль.pdf', category: 'identity_document' }] });
    const timeline = (await caseWorker.api.GET('/api/v1/cases/{id}/timeline', { params: { path: { id: ids.case } } })).data!.items;
    expect(timeline[0]).toMatchObject({
      kind: 'attachment_added',
      actor: { id: userIds['caseworker.almaty'] },
      data: { attachmentId: file.id, category: 'identity_document', contentType: 'application/pdf' },
      body: null,
    });
    // The timeline and the audit log hold codes and ids, never the file's name or description.
    expect(JSON.stringify(timeline[0])).not.toMatch(/Паспорт|Скан/);
    expect(await audited('cases.attachment_added')).toEqual([{ email: 'caseworker.almaty@mayak.test', attachment: file.id }]);
    const [audit] = await t.db.query<{ summary: unknown }>(`SELECT summary FROM audit_log WHERE action = 'cases.attachment_added'`);
    expect(JSON.stringify(audit.summary)).not.toMatch(/Паспорт|Скан/);
  });

  it('opens the file for whoever sees the case, in a sandbox and never cached; every opening is audited', async () => {
    const response = await open(caseWorker, ids.case, ids.scan);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(PDF)).toBe(true);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toBe(
      `inline; filename="_______ ______.pdf"; filename*=UTF-8''${encodeURIComponent('Паспорт Айгуль.pdf')}`,
    );
    expect(response.headers.get('content-security-policy')).toMatch(/^sandbox; default-src 'none'/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('no-store');
    // The office's supervisor and its operators see its cases, so they may open the file too.
    expect((await open(supervisor, ids.case, ids.scan)).status).toBe(200);
    expect((await open(operator, ids.case, ids.scan)).status).toBe(200);
    expect((await open(caseWorker, ids.case, ids.scan)).status).toBe(200);
    expect(await audited('cases.attachment_opened')).toEqual(
      ['caseworker.almaty', 'supervisor.almaty', 'operator.almaty', 'caseworker.almaty'].map((who) => ({ email: `${who}@mayak.test`, attachment: ids.scan })),
    );
  });

  it('keeps other offices out (404, as for a case that does not exist) and roles without the permission (403), keeping nothing', async () => {
    const before = await state();
    for (const other of [astanaCaseWorker, astanaSupervisor]) {
      expect((await list(other, ids.case)).response.status).toBe(404);
      expect((await open(other, ids.case, ids.scan)).status).toBe(404);
      expect((await upload(other, ids.case, { name: 'x.pdf', category: 'other' }, PDF)).status).toBe(404);
      expect((await remove(other, ids.case, ids.scan)).status).toBe(404);
    }
    for (const outsider of [admin, partner]) {
      expect((await list(outsider, ids.case)).response.status).toBe(403);
      expect((await open(outsider, ids.case, ids.scan)).status).toBe(403);
      expect((await upload(outsider, ids.case, { name: 'x.pdf', category: 'other' }, PDF)).status).toBe(403);
      expect((await remove(outsider, ids.case, ids.scan)).status).toBe(403);
    }
    // Operators work on their office's cases but do not manage them.
    expect((await remove(operator, ids.case, ids.scan)).status).toBe(403);
    // A file of another case, or none at all, under this case: 404.
    const other = (await openCase(caseWorker)).id;
    expect((await open(caseWorker, other, ids.scan)).status).toBe(404);
    expect((await open(caseWorker, ids.case, randomUUID())).status).toBe(404);
    expect((await remove(caseWorker, other, ids.scan)).status).toBe(404);
    expect(await state()).toEqual(before);
    const seen = await t.db.query(`SELECT 1 FROM audit_log WHERE action LIKE 'cases.attachment_%' AND actor_email NOT LIKE '%.almaty@mayak.test'`);
    expect(seen).toEqual([]);
  });

  it.each([
    ['a type a case does not keep', { type: 'image/gif', body: Buffer.from('GIF89a..........') }, 415, 'unsupported_media_type'],
    ['JSON instead of a file', { type: 'application/json', body: '{"name":"x.pdf"}' }, 415, 'unsupported_media_type'],
    ['a page of HTML called a PDF', { type: 'application/pdf', body: Buffer.from('<html><script>alert(1)</script></html>') }, 422, 'file_rejected'],
    ['a PNG called a WebP picture', { type: 'image/webp', body: PNG }, 422, 'file_rejected'],
    ['an empty file', { type: 'image/png', body: Buffer.alloc(0) }, 422, 'file_rejected'],
    ['no body at all', { type: 'application/pdf', body: null }, 422, 'file_rejected'],
    ['a file over the installation’s limit', { type: 'application/pdf', body: Buffer.concat([PDF, Buffer.alloc(MAX_BYTES)]) }, 413, 'payload_too_large'],
  ])('refuses %s with problem+json, keeping nothing', async (_label, input, status, code) => {
    const before = await state();
    const response = await upload(caseWorker, ids.case, { name: 'x.pdf', category: 'evidence_photo' }, input.body, input.type);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(((await response.json()) as { code: string }).code).toBe(code);
    expect(await state()).toEqual(before);
  });

  it('refuses a missing name or an unknown category (400), and takes a WebP picture exactly at the limit', async () => {
    const before = await state();
    expect((await upload(caseWorker, ids.case, { category: 'other' }, PDF)).status).toBe(400);
    expect((await upload(caseWorker, ids.case, { name: 'x.pdf', category: 'selfie' }, PDF)).status).toBe(400);
    expect((await upload(caseWorker, ids.case, { name: 'x.pdf', category: 'other', description: 'д'.repeat(501) }, PDF)).status).toBe(400);
    expect(await state()).toEqual(before);
    const atLimit = Buffer.concat([WEBP, Buffer.alloc(MAX_BYTES - WEBP.length)]);
    const photo = await uploaded(operator, ids.case, { name: 'место', category: 'evidence_photo' }, atLimit, 'image/webp');
    expect(photo).toMatchObject({ fileName: 'место.webp', contentType: 'image/webp', sizeBytes: MAX_BYTES, uploadedBy: { id: userIds['operator.almaty'] } });
    ids.photo = photo.id;
  });

  it('refuses a file for a closed case (409), and leaves no file behind when its row cannot be written', async () => {
    const closed = (await openCase(caseWorker)).id;
    await closeCase(caseWorker, closed);
    const before = await state();
    const refused = await upload(caseWorker, closed, { name: 'late.pdf', category: 'other' }, PDF);
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { code: string }).code).toBe('case_closed');
    expect(await state()).toEqual(before);

    // The database refuses the row after the file was sealed and stored: the file goes too.
    await t.db.query(`CREATE FUNCTION refuse_case_attachment() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$`);
    await t.db.query(
      `CREATE TRIGGER refuse_case_attachment BEFORE INSERT ON case_attachments FOR EACH ROW WHEN (NEW.description = 'refuse me') EXECUTE FUNCTION refuse_case_attachment()`,
    );
    try {
      const failed = await upload(caseWorker, ids.case, { name: 'x.pdf', category: 'other', description: 'refuse me' }, PDF);
      expect(failed.status).toBe(500);
      expect(await state()).toEqual(before);
    } finally {
      await t.db.query(`DROP TRIGGER refuse_case_attachment ON case_attachments`);
      await t.db.query(`DROP FUNCTION refuse_case_attachment()`);
    }
  });

  it('lets who manages the case remove a file: its file is deleted, the row stays as a record, the timeline says so', async () => {
    expect(storedFiles()).toContain(ids.photo);
    expect((await remove(caseWorker, ids.case, ids.photo)).status).toBe(204);
    expect(storedFiles()).not.toContain(ids.photo);
    expect(
      await t.db.query(`SELECT status, storage_key, removed_by_id, removed_at IS NOT NULL AS removed, file_name FROM case_attachments WHERE id = $1`, [
        ids.photo,
      ]),
    ).toEqual([{ status: 'removed', storage_key: null, removed_by_id: userIds['caseworker.almaty'], removed: true, file_name: 'место.webp' }]);
    expect((await list(caseWorker, ids.case)).data).toMatchObject({ total: 1, items: [{ id: ids.scan }] });
    expect((await open(supervisor, ids.case, ids.photo)).status).toBe(404);
    expect((await remove(caseWorker, ids.case, ids.photo)).status).toBe(404);
    const timeline = (await caseWorker.api.GET('/api/v1/cases/{id}/timeline', { params: { path: { id: ids.case } } })).data!.items;
    expect(timeline[0]).toMatchObject({
      kind: 'attachment_removed',
      actor: { id: userIds['caseworker.almaty'] },
      data: { attachmentId: ids.photo, category: 'evidence_photo' },
    });
    expect(await audited('cases.attachment_removed')).toEqual([{ email: 'caseworker.almaty@mayak.test', attachment: ids.photo }]);
  });

  it('lists a person’s case files in their subject access export', async () => {
    const person = (await caseWorker.api.POST('/api/v1/people', { body: { name: 'Айгуль Сейткали' } })).data!;
    const current = (await caseWorker.api.GET('/api/v1/cases/{id}', { params: { path: { id: ids.case } } })).data!;
    expect(
      (await caseWorker.api.PATCH('/api/v1/cases/{id}', { params: { path: { id: ids.case } }, body: { version: current.version, personId: person.id } }))
        .response.status,
    ).toBe(200);
    const response = await fetch(`${t.baseUrl}/api/v1/exports/people/${person.id}/subject-access`, { headers: headersOf(supervisor) });
    expect(response.status).toBe(200);
    const report = (await response.json()) as { cases: { id: string; files: Record<string, unknown>[] }[] };
    expect(report.cases.find((c) => c.id === ids.case)?.files).toEqual([
      expect.objectContaining({
        file_name: 'Паспорт Айгуль.pdf',
        category: 'identity_document',
        content_type: 'application/pdf',
        size_bytes: PDF.length,
        description: 'Скан паспорта, 2 страницы',
        status: 'kept',
        removed_at: null,
      }),
      expect.objectContaining({ file_name: 'место.webp', category: 'evidence_photo', status: 'removed' }),
    ]);
  });

  it('keeps the files of a case under legal hold: no removal, and retention leaves them', async () => {
    const held = (await openCase(caseWorker)).id;
    const file = await uploaded(caseWorker, held, { name: 'договор.pdf', category: 'contract_or_job_offer' }, PDF);
    expect(
      (await supervisor.api.PUT('/api/v1/cases/{id}/legal-hold', { params: { path: { id: held } }, body: { hold: true, reason: 'Уголовное дело' } })).response
        .status,
    ).toBe(200);
    const refused = await remove(caseWorker, held, file.id);
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { code: string }).code).toBe('case_on_legal_hold');
    expect(storedFiles()).toContain(file.id);
    ids.held = held;
    ids.heldFile = file.id;
  });

  it('erases the files of a case retention anonymises, from the store too', async () => {
    await closeCase(caseWorker, ids.case);
    await closeCase(caseWorker, ids.held);
    // Both closed long before the retention period.
    await t.db.query(`UPDATE cases SET closed_at = mayak_now() - interval '20 years' WHERE id = ANY($1)`, [[ids.case, ids.held]]);
    expect(storedFiles()).toContain(ids.scan);
    const report = await admin.api.POST('/api/v1/admin/retention/run');
    expect(report.data).toMatchObject({ cases: 1, heldCases: 1 });

    expect(storedFiles()).not.toContain(ids.scan);
    expect(
      await t.db.query(
        `SELECT id, status, storage_key, file_name, description, erased_at IS NOT NULL AS erased FROM case_attachments WHERE case_id = $1 ORDER BY created_at`,
        [ids.case],
      ),
    ).toEqual([
      { id: ids.scan, status: 'erased', storage_key: null, file_name: '—', description: null, erased: true },
      { id: ids.photo, status: 'erased', storage_key: null, file_name: '—', description: null, erased: true },
    ]);
    expect((await open(caseWorker, ids.case, ids.scan)).status).toBe(404);
    expect((await list(caseWorker, ids.case)).data).toMatchObject({ total: 0, items: [] });
    // The held case keeps its file, sealed and readable.
    expect(storedFiles()).toContain(ids.heldFile);
    const kept = await open(caseWorker, ids.held, ids.heldFile);
    expect(kept.status).toBe(200);
    expect(Buffer.from(await kept.arrayBuffer()).equals(PDF)).toBe(true);
  });
});
