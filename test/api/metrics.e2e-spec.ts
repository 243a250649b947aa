import { JobQueue } from '#api/core/queue/job-queue.port';
import { JobName } from '#api/core/queue/queue-names';
import { startTestApp, type TestApp } from '../support/app';
import { signedIn, type TestClient } from '../support/client';
import { waitFor } from '../support/waiting';
import { freePort } from '../support/ports';

const METRICS_TOKEN = 'metrics-token-for-tests-0123456789abcdef';
const PHONE = '+77017770123';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** The value of one series in Prometheus text, or undefined when the series is not there. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const labelText = line.startsWith(`${name}{`) ? line.slice(name.length + 1, line.indexOf('}')) : '';
    if (Object.entries(labels).every(([key, value]) => labelText.split(',').includes(`${key}="${value}"`)))
      return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

describe('Prometheus metrics', () => {
  let t: TestApp;
  let metricsPort: number;
  let operator: TestClient;

  const scrape = async (authorization?: string) => fetch(`${t.baseUrl}/api/metrics`, { headers: authorization ? { authorization } : {} });
  const scrapeText = async () => {
    const response = await scrape(`Bearer ${METRICS_TOKEN}`);
    expect(response.status).toBe(200);
    return response.text();
  };

  beforeAll(async () => {
    metricsPort = await freePort();
    t = await startTestApp({ METRICS_TOKEN, METRICS_PORT: String(metricsPort) });
    operator = await signedIn(t.baseUrl, 'operator.almaty@mayak.test');
  });
  afterAll(async () => t.close());

  it('refuses /api/metrics without the bearer token, as problem+json, and serves it with the token', async () => {
    for (const authorization of [undefined, 'Bearer wrong-token', `Basic ${METRICS_TOKEN}`, `Bearer ${METRICS_TOKEN}x`]) {
      const refused = await scrape(authorization);
      expect(refused.status).toBe(401);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(await refused.text()).not.toContain('mayak_');
    }
    const served = await scrape(`Bearer ${METRICS_TOKEN}`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toContain('text/plain');
    const text = await served.text();
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  });

  it('times requests by route template and status class, never by the path with its ids', async () => {
    const contact = await operator.api.POST('/api/v1/contacts', { body: { channel: 'voice', phone: PHONE, notes: 'Звонок для метрик' } });
    expect(contact.response.status).toBe(201);
    const id = contact.data!.id;
    expect((await operator.api.GET('/api/v1/contacts/{id}', { params: { path: { id } } })).response.status).toBe(200);
    const missing = await operator.api.GET('/api/v1/contacts/{id}', { params: { path: { id: '00000000-0000-4000-8000-000000000000' } } });
    expect(missing.response.status).toBe(404);
    await fetch(`${t.baseUrl}/api/v1/no-such-route/${id}`);

    const text = await scrapeText();
    expect(
      sample(text, 'mayak_http_request_duration_seconds_count', { method: 'GET', route: '/api/v1/contacts/:id', status_class: '2xx' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'mayak_http_request_duration_seconds_count', { method: 'GET', route: '/api/v1/contacts/:id', status_class: '4xx' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'mayak_http_request_duration_seconds_count', { method: 'POST', route: '/api/v1/contacts', status_class: '2xx' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'mayak_http_request_duration_seconds_bucket', { method: 'POST', route: '/api/v1/contacts', status_class: '2xx', le: '+Inf' }),
    ).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'mayak_http_request_duration_seconds_count', { method: 'GET', route: 'unmatched', status_class: '4xx' })).toBeGreaterThanOrEqual(1);
    // Neither the contact's id, nor any id, nor the caller's number in any form.
    expect(text).not.toMatch(UUID);
    expect(text).not.toContain(id);
    expect(text).not.toMatch(/7017770123|701 777|777-01-23/);
  });

  it('reports queue depth, workers, calls waiting, callbacks due and overdue, the database pool and open event streams', async () => {
    await t.app
      .get(JobQueue)
      .add(JobName.CallbackDue, { callbackId: '00000000-0000-4000-8000-00000000aaaa' }, { jobId: 'metrics-delayed-job', delayMs: 3_600_000 });
    const closed = await scrapeText();
    expect(sample(closed, 'mayak_queue_jobs', { queue: 'callbacks', state: 'delayed' })).toBeGreaterThanOrEqual(1);
    expect(sample(closed, 'mayak_queue_jobs', { queue: 'maintenance', state: 'failed' })).toBe(0);
    expect(sample(closed, 'mayak_queue_workers', { queue: 'callbacks' })).toEqual(expect.any(Number));
    expect(sample(closed, 'mayak_calls_waiting', { office: 'ALA' })).toBe(0);
    expect(sample(closed, 'mayak_callbacks_due', { office: 'ALA' })).toEqual(expect.any(Number));
    expect(sample(closed, 'mayak_callbacks_overdue', { office: 'ALA' })).toEqual(expect.any(Number));
    expect(sample(closed, 'mayak_db_pool_connections', { state: 'total' })).toBeGreaterThanOrEqual(1);
    expect(sample(closed, 'mayak_db_pool_waiting_requests')).toBe(0);
    expect(sample(closed, 'mayak_sse_connections')).toBe(0);

    const controller = new AbortController();
    const stream = await fetch(`${t.baseUrl}/api/v1/events`, {
      headers: { cookie: `mayak_session=${operator.jar.get('mayak_session')}` },
      signal: controller.signal,
    });
    expect(stream.status).toBe(200);
    try {
      expect(sample(await scrapeText(), 'mayak_sse_connections')).toBe(1);
    } finally {
      controller.abort();
    }
    await waitFor('the closed stream to leave the gauge', async () => (sample(await scrapeText(), 'mayak_sse_connections') === 0 ? true : undefined), 10_000);
  });

  it('counts a caller waiting in the telephony queue and an overdue callback', async () => {
    const [office] = await t.db.query<{ id: string }>(`SELECT id FROM offices WHERE code = 'ALA'`);
    await t.db.query(
      `INSERT INTO telephony_calls (call_sid, direction, purpose, office_id, line_number, state, queued_at) VALUES ('CA' || md5(random()::text), 'inbound', 'hotline', $1, '+77000011616', 'queued', now())`,
      [office.id],
    );
    const before = await scrapeText();
    expect(sample(before, 'mayak_calls_waiting', { office: 'ALA' })).toBe(1);
    const overdueBefore = sample(before, 'mayak_callbacks_overdue', { office: 'ALA' })!;
    // A callback due an hour ago, never placed (as after a worker outage): written as the worker would find it.
    await t.db.query(
      `INSERT INTO callbacks (office_id, phone_encrypted, phone_hash, reason, status, due_at, time_zone) VALUES ($1, 'ciphertext', 'hash', 'missed_call', 'due', $2, 'Asia/Almaty')`,
      [office.id, new Date(t.clock.nowMs() - 3_600_000)],
    );
    const after = await scrapeText();
    expect(sample(after, 'mayak_callbacks_overdue', { office: 'ALA' })).toBe(overdueBefore + 1);
    expect(after).not.toMatch(UUID);
  });

  it('gives administrators the same key figures for the console, and nobody without queues.read', async () => {
    const admin = await signedIn(t.baseUrl, 'admin.almaty@mayak.test');
    const summary = await admin.api.GET('/api/v1/admin/metrics');
    expect(summary.response.status).toBe(200);
    const text = await scrapeText();
    const total = (name: string) =>
      text
        .split('\n')
        .filter((line) => line.startsWith(`${name}{`))
        .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
    expect(summary.data).toMatchObject({
      callsWaiting: total('mayak_calls_waiting'),
      callbacksDue: total('mayak_callbacks_due'),
      callbacksOverdue: total('mayak_callbacks_overdue'),
      sseConnections: 0,
      dbPool: { total: expect.any(Number), idle: expect.any(Number), waiting: 0 },
      scrape: { apiPath: '/api/metrics', host: '127.0.0.1', apiPort: metricsPort, workerPort: null },
    });
    expect(summary.data!.callsWaiting).toBeGreaterThanOrEqual(1);
    expect(summary.data!.callbacksOverdue).toBeGreaterThanOrEqual(1);
    for (const email of ['operator.almaty@mayak.test', 'caseworker.almaty@mayak.test']) {
      const refused = await (await signedIn(t.baseUrl, email)).api.GET('/api/v1/admin/metrics');
      expect(refused.response.status).toBe(403);
    }
  });

  it('serves the same registry on its own port without a token, and nothing else there', async () => {
    const response = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain('mayak_http_request_duration_seconds_bucket');
    expect((await fetch(`http://127.0.0.1:${metricsPort}/api/v1/contacts`)).status).toBe(404);
  });
});

// Its own app, after the other is closed: closing a second application in the same process
// disconnects the first one's database (seen on the base branch too), so they never overlap.
describe('Prometheus metrics without a token', () => {
  let bare: TestApp;
  beforeAll(async () => {
    bare = await startTestApp();
  });
  afterAll(async () => bare.close());

  it('is not on the API at all', async () => {
    const response = await fetch(`${bare.baseUrl}/api/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });
});
