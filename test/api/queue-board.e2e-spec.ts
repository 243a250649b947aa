import { JobQueue } from '#api/core/queue/job-queue.port';
import { JobName } from '#api/core/queue/queue-names';
import { startTestApp, type TestApp } from '../support/app';
import { signedIn, type TestClient } from '../support/client';

const BOARD = '/api/v1/admin/queues/board';

describe('bull-board for administrators', () => {
  let t: TestApp;
  let admin: TestClient;

  /** A request as the signed-in person's browser sends it: their session cookie, plus whatever headers are given. */
  const asUser = (client: TestClient, path: string, init: RequestInit = {}) =>
    fetch(`${t.baseUrl}${BOARD}${path}`, {
      ...init,
      headers: { cookie: `mayak_session=${client.jar.get('mayak_session')}`, ...(init.headers as Record<string, string> | undefined) },
    });

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signedIn(t.baseUrl, 'admin.almaty@mayak.test');
  });
  afterAll(async () => t.close());

  it('is refused to anyone but an administrator, as problem+json', async () => {
    expect((await fetch(`${t.baseUrl}${BOARD}/`)).status).toBe(401);
    for (const email of ['operator.almaty@mayak.test', 'supervisor.almaty@mayak.test']) {
      const client = await signedIn(t.baseUrl, email);
      for (const path of ['/', '/api/queues', '/static/images/logo.svg']) {
        const refused = await asUser(client, path);
        expect(refused.status).toBe(403);
        expect(refused.headers.get('content-type')).toContain('application/problem+json');
      }
      const write = await asUser(client, '/api/queues/maintenance/pause', { method: 'PUT', headers: { 'x-csrf-token': client.csrfToken! } });
      expect(write.status).toBe(403);
    }
  });

  it('gives an administrator the board, its scripts from its own path under the API CSP, and its CSRF cookie', async () => {
    const page = await asUser(admin, '/');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`<base href="${BOARD}/" />`);
    const scriptSrc = page.headers
      .get('content-security-policy')!
      .split(';')
      .map((d) => d.trim())
      .find((d) => d.startsWith('script-src'));
    expect(scriptSrc).toBe("script-src 'self'");
    // The page runs no inline script (its one <script> without src is JSON data), so script-src 'self' is enough.
    const inlineScripts = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)].map((m) => m[1]);
    expect(inlineScripts.every((attributes) => /type="application\/json"/.test(attributes))).toBe(true);
    const scripts = [...html.matchAll(/<script defer src="([^"]+)"/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const src of scripts) {
      const script = await asUser(admin, `/${src}`);
      expect(script.status).toBe(200);
      expect(script.headers.get('content-type')).toContain('javascript');
    }
    const cookie = page.headers.getSetCookie().find((c) => c.startsWith('XSRF-TOKEN='))!;
    expect(cookie).toContain(`Path=${BOARD}`);
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).not.toContain('HttpOnly');
    expect(cookie.split(';')[0]).toBe(`XSRF-TOKEN=${admin.csrfToken}`);

    const queues = await asUser(admin, '/api/queues');
    expect(queues.status).toBe(200);
    const body = (await queues.json()) as { queues: { name: string }[] };
    expect(body.queues.map((q) => q.name).sort()).toEqual(['callbacks', 'mail', 'maintenance']);
  });

  it('refuses a write without the session’s CSRF token, and audits one made with it: who, which queue, which job', async () => {
    const jobQueue = t.app.get(JobQueue);
    await jobQueue.add(JobName.CallbackDue, { callbackId: '00000000-0000-4000-8000-00000000bbbb' }, { jobId: 'board-delayed-job', delayMs: 3_600_000 });
    const auditRows = async () =>
      t.db.query<{ actor_email: string; entity_type: string; entity_id: string; summary: Record<string, unknown> }>(
        `SELECT actor_email, entity_type, entity_id, summary FROM audit_log WHERE action = 'queues.board_action' ORDER BY id`,
      );

    const wrongTokens: Record<string, string>[] = [{}, { 'x-xsrf-token': 'not-the-token' }, { 'x-csrf-token': 'not-the-token' }];
    for (const headers of wrongTokens) {
      const refused = await asUser(admin, '/api/queues/callbacks/board-delayed-job/promote', { method: 'PUT', headers });
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { code: string }).code).toBe('csrf_failed');
    }
    expect(await auditRows()).toEqual([]);
    expect(await (await jobQueue.health()).find((q) => q.name === 'callbacks')!.counts.delayed).toBe(1);

    // As bull-board's UI sends it: X-XSRF-TOKEN copied by axios from the cookie the page set.
    const removed = await asUser(admin, '/api/queues/callbacks/board-delayed-job/clean', { method: 'PUT', headers: { 'x-xsrf-token': admin.csrfToken! } });
    expect(removed.status).toBe(204);
    expect((await jobQueue.health()).find((q) => q.name === 'callbacks')!.counts.delayed).toBe(0);
    const paused = await asUser(admin, '/api/queues/maintenance/pause', { method: 'PUT', headers: { 'x-csrf-token': admin.csrfToken! } });
    expect(paused.ok).toBe(true);
    expect((await jobQueue.health()).find((q) => q.name === 'maintenance')!.isPaused).toBe(true);
    await asUser(admin, '/api/queues/maintenance/resume', { method: 'PUT', headers: { 'x-csrf-token': admin.csrfToken! } });

    const rows = await auditRows();
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({
      actor_email: 'admin.almaty@mayak.test',
      entity_type: 'queue',
      entity_id: 'callbacks',
      summary: { operation: 'clean', queue: 'callbacks', jobId: 'board-delayed-job', method: 'PUT', status: 204 },
    });
    expect(rows[1]).toMatchObject({
      actor_email: 'admin.almaty@mayak.test',
      entity_id: 'maintenance',
      summary: { operation: 'pause', queue: 'maintenance', jobId: null, status: paused.status },
    });
    expect(rows[2].summary).toMatchObject({ operation: 'resume', queue: 'maintenance' });
  });

  it('refuses writes that would bypass the API and the worker (adding a job, obliterating a queue), and audits the attempt', async () => {
    const headers = { 'x-csrf-token': admin.csrfToken!, 'content-type': 'application/json' };
    const added = await asUser(admin, '/api/queues/callbacks/add', {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'callback.due', data: { callbackId: '00000000-0000-4000-8000-00000000cccc' } }),
    });
    expect(added.status).toBe(403);
    const obliterated = await asUser(admin, '/api/queues/maintenance/obliterate', { method: 'PUT', headers });
    expect(obliterated.status).toBe(403);
    const health = await t.app.get(JobQueue).health();
    expect(health.find((q) => q.name === 'callbacks')!.counts.waiting).toBe(0);
    const refused = await t.db.query<{ summary: { operation: string; status: number } }>(
      `SELECT summary FROM audit_log WHERE action = 'queues.board_action' AND (summary->>'status')::int = 403 ORDER BY id`,
    );
    expect(refused.map((row) => row.summary.operation)).toEqual(['add', 'obliterate']);
  });

  it('answers a path the board does not have as problem+json', async () => {
    const missing = await asUser(admin, '/api/no-such-thing');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
  });
});
