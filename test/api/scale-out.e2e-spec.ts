import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Clock } from '#api/core/clock/clock';
import { clockFor, pinnedClockEnv } from '../support/app';
import { createTestClient, signedIn, type TestClient } from '../support/client';
import { createTestDatabase, testKeyPrefix, type TestDatabase } from '../support/database';
import { openEventStream, type OpenEventStream } from '../support/event-stream';
import { startHttpBalancer, type HttpBalancer } from '../support/http-balancer';
import { seedDemoUsers, startApiProcess, startWorkerProcess, type ApiProcess, type MayakProcess } from '../support/processes';
import { ringIn } from '../support/twilio-webhooks';
import { waitFor } from '../support/waiting';

const PUBLIC_URL = 'https://hotline.example.org';
const AUDIT_VERIFY = join(__dirname, '../../dist/apps/api/cli/audit-verify.js');
const GENESIS_HASH = '0'.repeat(64);

/**
 * Nothing lives in one process: two API processes and two workers (the built ones) share one
 * Postgres and one Redis behind a loopback balancer, and every request may land on either API.
 * `api.a` / `api.b` go through the balancer pinned to one API; `api.any` round-robins.
 */
describe('scale-out: two API processes and two workers', () => {
  let db: TestDatabase;
  let redis: Redis;
  let redisUrl: string;
  let redisKeyPrefix: string;
  let balancer: HttpBalancer;
  let apiA: ApiProcess;
  const processes: MayakProcess[] = [];
  const queues = new Map<string, Queue>();
  const queueConnections: Redis[] = [];
  const streams: OpenEventStream[] = [];
  const api = { a: '', b: '', any: '' };
  const ids: Record<string, string> = {};
  const everyDay = { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' };
  let clock: Clock;
  const inSeconds = (s: number) => new Date(clock.nowMs() + s * 1000).toISOString();
  const outputs = () => processes.map((p) => `--- ${p.name}:\n${p.output().slice(-1500)}`).join('\n');

  /** The same browser (cookie and CSRF token) talking to another address. */
  const sameBrowserOn = (client: TestClient, baseUrl: string): TestClient => {
    const other = createTestClient(baseUrl);
    for (const [name, value] of client.jar) other.jar.set(name, value);
    other.csrfToken = client.csrfToken;
    return other;
  };
  const eventsOf = async (userId: string) => {
    const entries = (await redis.xrange(`${redisKeyPrefix}:events:user:${userId}`, '-', '+')) as [string, string[]][];
    return entries.map(([, fields]) => ({ type: fields[1], data: JSON.parse(fields[3]) as Record<string, unknown> }));
  };
  const queue = (name: 'maintenance' | 'callbacks') => {
    let q = queues.get(name);
    if (!q) {
      const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
      queueConnections.push(connection);
      q = new Queue(name, { connection, prefix: `${redisKeyPrefix}:bull` });
      queues.set(name, q);
    }
    return q;
  };
  /** Adds `count` runs of a job at once (both workers take them concurrently) and waits, bounded, until all have completed. */
  const runConcurrently = async (q: Queue, jobName: string, count: number) => {
    const jobs = await q.addBulk(Array.from({ length: count }, () => ({ name: jobName, data: {}, opts: { attempts: 1 } })));
    await waitFor(
      `${count} ${jobName} jobs to complete (${outputs()})`,
      async () => {
        const states = await Promise.all(jobs.map((job) => q.getJobState(job.id!)));
        if (states.includes('failed')) throw new Error(`a ${jobName} job failed: ${outputs()}`);
        return states.every((s) => s === 'completed') ? true : undefined;
      },
      30_000,
    );
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    redisKeyPrefix = testKeyPrefix();
    redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0';
    const env: Record<string, string> = {
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      REDIS_URL: redisUrl,
      REDIS_KEY_PREFIX: redisKeyPrefix,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
      WEB_DIST_PATH: join(__dirname, '../../dist/apps/web'),
      MFA_REQUIRED_ROLES: '',
      PUBLIC_URL,
      COOKIE_SECURE: 'false',
      AUDIT_SEAL_INTERVAL_SECONDS: '1',
      DEADLINE_WATCH_INTERVAL_SECONDS: '5',
      CALLBACK_RECONCILE_INTERVAL_SECONDS: '1',
      ...pinnedClockEnv(),
    };
    clock = clockFor(env);
    await db.query(`SELECT set_config('mayak.clock_offset_ms', $1, false)`, [String(Math.round(clock.offsetFromSystemMs()))]);
    redis = new Redis(redisUrl);
    await seedDemoUsers(env);
    // Bounds, not expectations: four Node processes starting on a busy two-core machine.
    const started = await Promise.allSettled([startApiProcess('api-a', env, 60_000), startApiProcess('api-b', env, 60_000)]);
    for (const result of started) if (result.status === 'fulfilled') processes.push(result.value);
    for (const result of started) if (result.status === 'rejected') throw result.reason;
    const [first, apiB] = processes as ApiProcess[];
    apiA = first;
    processes.push(startWorkerProcess('worker-1', env), startWorkerProcess('worker-2', env));
    balancer = await startHttpBalancer([apiA.baseUrl, apiB.baseUrl]);
    [api.a, api.b] = balancer.pinned;
    api.any = balancer.url;
    for (const row of await db.query<{ id: string; email: string }>(`SELECT id, email FROM users`)) ids[row.email] = row.id;

    const admin = await signedIn(api.any, 'admin.almaty@mayak.test');
    await waitFor(
      `both workers connected to both queues (${outputs()})`,
      async () => {
        const { data } = await admin.api.GET('/api/v1/admin/queues');
        return data && data.queues.length === 3 && data.queues.every((q) => q.workers === 2) ? true : undefined;
      },
      60_000,
    );
  }, 180_000);

  afterAll(async () => {
    await Promise.allSettled(streams.map((s) => s.close()));
    await Promise.allSettled([...queues.values()].map((q) => q.close()));
    for (const connection of queueConnections) connection.disconnect();
    await balancer?.close();
    await Promise.allSettled(processes.map((p) => p.stop()));
    redis?.disconnect();
    await db?.drop();
  }, 60_000);

  it('rings a console connected to API B for a call that arrives on API A', async () => {
    const operatorOnB = await signedIn(api.b, 'operator.almaty@mayak.test');
    const operatorOnA = sameBrowserOn(operatorOnB, api.a);
    expect((await operatorOnA.api.PUT('/api/v1/telephony/presence', { body: { status: 'available' } })).response.status).toBe(200);
    const stream = openEventStream(api.b, operatorOnB);
    streams.push(stream);
    await stream.ready;

    const callSid = await ringIn(api.a, PUBLIC_URL, '+77011119001', '1');
    const [call] = await db.query<{ id: string; contact_id: string }>(`SELECT id, contact_id FROM telephony_calls WHERE call_sid = $1`, [callSid]);
    const ringing = await stream.waitFor((e) => e.event === 'call.ringing' && e.data.callId === call.id);
    expect(ringing.data.contactId).toBe(call.contact_id);
    expect(balancer.served.filter((s) => s.path.startsWith('/api/v1/telephony/twilio/')).map((s) => s.upstream)).toEqual([0, 0]);
    expect(balancer.served.filter((s) => s.path === '/api/v1/events').map((s) => s.upstream)).toEqual([1]);
    // The operator takes it on API A: the call is theirs whichever API the next request reaches.
    expect((await operatorOnA.api.POST('/api/v1/telephony/calls/{id}/answer', { params: { path: { id: call.id } } })).response.status).toBe(201);
    const live = (await operatorOnB.api.GET('/api/v1/telephony/calls')).data!;
    expect(live.find((c) => c.id === call.id)?.operator?.id).toBe(ids['operator.almaty@mayak.test']);
    await stream.close();
  });

  it('honours a session and its CSRF token on both APIs, and a sign-out on B ends it on A', async () => {
    const onA = await signedIn(api.a, 'caseworker.almaty@mayak.test');
    const onB = sameBrowserOn(onA, api.b);
    const written = await onB.api.POST('/api/v1/contacts', { body: { channel: 'voice', notes: 'Written on B with the session from A' } });
    expect(written.response.status).toBe(201);
    expect((await onA.api.GET('/api/v1/contacts/{id}', { params: { path: { id: written.data!.id } } })).data?.notes).toBe(
      'Written on B with the session from A',
    );
    // B checks the token against the session, not merely that there is one.
    const forged = sameBrowserOn(onA, api.b);
    forged.csrfToken = 'not-the-session-token';
    const refused = await forged.api.POST('/api/v1/contacts', { body: { channel: 'voice', notes: 'forged' } });
    expect(refused.response.status).toBe(403);
    expect(refused.error).toMatchObject({ code: 'csrf_failed' });

    // A console whose every request may land on either API.
    const roaming = sameBrowserOn(onA, api.any);
    const before = balancer.served.length;
    let version = written.data!.version;
    for (let i = 0; i < 6; i++) {
      const { data, response } = await roaming.api.PATCH('/api/v1/contacts/{id}', {
        params: { path: { id: written.data!.id } },
        body: { version, notes: `Edit ${i + 1}` },
      });
      expect(response.status).toBe(200);
      version = data!.version;
    }
    expect(new Set(balancer.served.slice(before).map((s) => s.upstream))).toEqual(new Set([0, 1]));

    const stream = openEventStream(api.a, onA);
    streams.push(stream);
    await stream.ready;
    expect((await onB.api.POST('/api/v1/auth/logout')).response.status).toBe(204);
    const afterSignOut = await onA.api.GET('/api/v1/contacts/{id}', { params: { path: { id: written.data!.id } } });
    expect(afterSignOut.response.status).toBe(401);
    expect(afterSignOut.error).toMatchObject({ code: 'session_expired' });
    expect((await onA.api.POST('/api/v1/contacts', { body: { channel: 'voice', notes: 'after sign-out' } })).response.status).toBe(401);
    // The event stream that session held open on A ends too.
    await stream.waitForEnd();
  });

  it('counts failed sign-ins to one account on both APIs towards one limit', async () => {
    const email = 'caseworker.astana@mayak.test';
    const attempt = (baseUrl: string, password: string) => createTestClient(baseUrl).login(email, password);
    // LOGIN_MAX_FAILURES_PER_ACCOUNT is 5: three on A and two on B, one after another.
    for (const baseUrl of [api.a, api.b, api.a, api.b, api.a]) expect((await attempt(baseUrl, 'wrong-password')).response.status).toBe(401);
    const onB = await attempt(api.b, 'mayak-demo-2026');
    expect(onB.response.status).toBe(429);
    expect(onB.error).toMatchObject({ code: 'too_many_attempts' });
    expect((await attempt(api.a, 'mayak-demo-2026')).response.status).toBe(429);
    // Another account is not held back by this one's failures.
    expect((await createTestClient(api.b).login('operator.astana@mayak.test')).response.status).toBe(200);
  });

  it('fires every callback exactly once with two workers', async () => {
    const operator = await signedIn(api.any, 'operator.almaty@mayak.test');
    const created: string[] = [];
    for (let i = 0; i < 16; i++) {
      const { data, response } = await operator.api.POST('/api/v1/callbacks', {
        body: {
          consentToContactBack: true,
          phone: `+7701555${String(i).padStart(4, '0')}`,
          dueAt: inSeconds(3 + (i % 4)),
          safeWindow: everyDay,
          assigneeId: ids['operator.almaty@mayak.test'],
        },
      });
      expect(response.status).toBe(201);
      created.push(data!.id);
    }
    expect(new Set(balancer.served.filter((s) => s.method === 'POST' && s.path === '/api/v1/callbacks').map((s) => s.upstream))).toEqual(new Set([0, 1]));
    await waitFor(
      `all ${created.length} callbacks to fire (${outputs()})`,
      async () => {
        const [{ n }] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM callbacks WHERE id = ANY($1) AND status = 'due'`, [created]);
        return n === created.length ? true : undefined;
      },
      30_000,
    );
    // Give duplicates their chance: both workers reconcile every second, and re-adding a fired callback's job must change nothing.
    await runConcurrently(queue('callbacks'), 'callbacks.reconcile', 6);

    const fired = await db.query<{ id: string; fired_at: Date | null; attempts: number }>(`SELECT id, fired_at, attempts FROM callbacks WHERE id = ANY($1)`, [
      created,
    ]);
    expect(fired.every((c) => c.fired_at !== null && c.attempts === 0)).toBe(true);
    const audited = await db.query<{ entity_id: string; n: number }>(
      `SELECT entity_id, count(*)::int AS n FROM audit_log WHERE action = 'callbacks.due' AND entity_id = ANY($1) GROUP BY entity_id`,
      [created],
    );
    expect(audited).toHaveLength(created.length);
    expect(audited.every((row) => row.n === 1)).toBe(true);
    const alerts = await db.query<{ entity_id: string; recipient_id: string }>(
      `SELECT entity_id, recipient_id FROM alerts WHERE kind = 'callback_due' AND entity_id = ANY($1)`,
      [created],
    );
    expect(alerts.map((a) => a.entity_id).sort()).toEqual([...created].sort());
    expect(new Set(alerts.map((a) => a.recipient_id))).toEqual(new Set([ids['operator.almaty@mayak.test']]));
    const dueEvents = (await eventsOf(ids['operator.almaty@mayak.test'])).filter((e) => e.type === 'callback.due').map((e) => e.data.callbackId as string);
    expect(dueEvents.filter((id) => created.includes(id)).sort()).toEqual([...created].sort());
  });

  it('raises one alert for one overdue referral while the deadline watcher runs in both workers', async () => {
    const caseWorker = await signedIn(api.any, 'caseworker.almaty@mayak.test');
    let c = (await caseWorker.api.POST('/api/v1/cases', { body: { type: 'trafficking', summary: 'Удерживают паспорт на стройке' } })).data!;
    for (const status of ['open', 'in_progress'] as const)
      c = (await caseWorker.api.POST('/api/v1/cases/{id}/status', { params: { path: { id: c.id } }, body: { version: c.version, status } })).data!;
    await caseWorker.api.POST('/api/v1/cases/{id}/consents', { params: { path: { id: c.id } }, body: { purpose: 'referral', channel: 'verbal_on_call' } });
    const [legalAid] = await db.query<{ id: string }>(`SELECT id FROM organisations WHERE name = 'Правовой центр для мигрантов'`);
    const sent = await caseWorker.api.POST('/api/v1/cases/{id}/referrals', {
      params: { path: { id: c.id } },
      body: { targets: [{ organisationId: legalAid.id, serviceType: 'legal_aid' }], sharedSummary: 'Консультация по удержанию зарплаты', send: true },
    });
    expect(sent.response.status).toBe(201);
    const referralId = sent.data![0].id;
    // The partner's deadline passes (an hour ago, as the database's clock sees it).
    await db.query(`UPDATE referrals SET due_at = mayak_now() - interval '1 hour' WHERE id = $1`, [referralId]);

    // Scheduled watches every 5 s, and eight more at once, taken by both workers concurrently.
    await runConcurrently(queue('maintenance'), 'deadlines.watch', 8);
    const alerts = await waitFor('the overdue alert', async () => {
      const rows = await db.query<{ id: string; recipient_id: string }>(`SELECT id, recipient_id FROM alerts WHERE dedupe_key = $1`, [
        `referral_overdue:${referralId}`,
      ]);
      return rows.length ? rows : undefined;
    });
    await runConcurrently(queue('maintenance'), 'deadlines.watch', 4);
    expect(await db.query(`SELECT recipient_id FROM alerts WHERE dedupe_key = $1`, [`referral_overdue:${referralId}`])).toEqual([
      { recipient_id: ids['caseworker.almaty@mayak.test'] },
    ]);
    const told = (await eventsOf(ids['caseworker.almaty@mayak.test'])).filter((e) => e.type === 'alert' && e.data.alertId === alerts[0].id);
    expect(told).toHaveLength(1);
    const inbox = await caseWorker.api.GET('/api/v1/alerts', { params: { query: { state: 'unread' } } });
    expect(inbox.data!.items.filter((a) => a.kind === 'referral_overdue' && (a.data as { referralId: string }).referralId === referralId)).toHaveLength(1);
  });

  it('keeps one linear audit chain while both APIs write and both workers seal at once', async () => {
    const writers = await Promise.all(
      ['operator.almaty@mayak.test', 'operator.astana@mayak.test', 'supervisor.almaty@mayak.test'].map((email) => signedIn(api.any, email)),
    );
    const sealing = queue('maintenance');
    const writes = Promise.all(
      writers.flatMap((writer, w) =>
        Array.from({ length: 10 }, async (_, i) => {
          const { response } = await writer.api.POST('/api/v1/contacts', { body: { channel: 'voice', notes: `Audit chain write ${w}-${i}` } });
          expect(response.status).toBe(201);
        }),
      ),
    );
    await Promise.all([writes, runConcurrently(sealing, 'audit.seal', 6)]);
    expect(new Set(balancer.served.filter((s) => s.method === 'POST' && s.path === '/api/v1/contacts').map((s) => s.upstream))).toEqual(new Set([0, 1]));

    await waitFor(
      `every audit row sealed (${outputs()})`,
      async () => {
        const [{ unsealed }] = await db.query<{ unsealed: number }>(
          `SELECT count(*)::int AS unsealed FROM audit_log a WHERE NOT EXISTS (SELECT 1 FROM audit_seals s WHERE s.audit_id = a.id)`,
        );
        return unsealed === 0 ? true : undefined;
      },
      60_000,
    );

    const { stdout } = await promisify(execFile)('node', [AUDIT_VERIFY], {
      env: { ...process.env, DATABASE_URL: db.url, REDIS_KEY_PREFIX: redisKeyPrefix, LOG_LEVEL: 'warn' },
      timeout: 60_000,
    });
    expect(stdout).toMatch(/Audit chain intact: \d+ sealed row\(s\) verified; 0 row\(s\) awaiting sealing\./);

    const [shape] = await db.query<{ rows: number; seals: number; last: number; misLinked: number; sharedPredecessors: number; firstPrev: string }>(`
      SELECT (SELECT count(*)::int FROM audit_log) AS rows,
             (SELECT count(*)::int FROM audit_seals) AS seals,
             (SELECT max(position)::int FROM audit_seals) AS last,
             (SELECT count(*)::int FROM audit_seals s JOIN audit_seals p ON p.position = s.position - 1 WHERE s.prev_hash <> p.hash) AS "misLinked",
             (SELECT count(*)::int FROM (SELECT prev_hash FROM audit_seals GROUP BY prev_hash HAVING count(*) > 1) shared) AS "sharedPredecessors",
             (SELECT prev_hash FROM audit_seals WHERE position = 1) AS "firstPrev"`);
    expect(shape.rows).toBeGreaterThanOrEqual(30);
    expect(shape).toEqual({ rows: shape.rows, seals: shape.rows, last: shape.rows, misLinked: 0, sharedPredecessors: 0, firstPrev: GENESIS_HASH });
    expect(stdout).toContain(`${shape.rows} sealed row(s) verified`);
  });
  // Last: it stops API A.
  it('stops API A gracefully while a console holds its event stream there, and the console carries on with API B', async () => {
    const supervisor = await signedIn(api.a, 'supervisor.almaty@mayak.test');
    const operator = await signedIn(api.b, 'operator.almaty@mayak.test');
    const criticalCall = async (notes: string) =>
      (await operator.api.POST('/api/v1/contacts', { body: { channel: 'voice', riskLevel: 'immediate_danger', category: 'emergency', notes } })).data!;
    const alertFor = async (contactId: string) =>
      (await db.query<{ id: string }>(`SELECT id FROM alerts WHERE entity_id = $1 AND recipient_id = $2`, [contactId, ids['supervisor.almaty@mayak.test']]))[0]
        .id;
    const onA = openEventStream(api.a, supervisor);
    streams.push(onA);
    await onA.ready;
    const first = await criticalCall('Звонит из закрытого общежития');
    const seen = await onA.waitFor((e) => e.event === 'alert' && e.data.alertId !== undefined);
    expect(seen.data.alertId).toBe(await alertFor(first.id));

    // SIGTERM: exit code 0 within the grace period, not a SIGKILL (null) after it.
    expect(await apiA.stop(20_000)).toBe(0);
    await onA.waitForEnd();

    const missed = await criticalCall('Второй звонок, пока консоль переподключалась');
    const onB = openEventStream(api.b, sameBrowserOn(supervisor, api.b), seen.id);
    streams.push(onB);
    const replayed = await onB.waitFor((e) => e.event === 'alert');
    expect(replayed.data.alertId).toBe(await alertFor(missed.id));
  });
});
