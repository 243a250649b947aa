import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';
import { startTestApp, type TestApp } from '../support/app';
import { createTestClient, signedIn, type TestClient } from '../support/client';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { ACCOUNT_SID, HOTLINE, newCallSid, postWebhook } from '../support/twilio-webhooks';
import { deleteKeysWithPrefix, waitFor } from '../support/waiting';

/**
 * Fault drills: the services Mayak depends on go away and come back, processes die, and
 * requests arrive twice or at the same moment. Every drill is bounded in time and cleans up
 * after itself; Postgres and Redis are taken away through a loopback relay (TcpProxy), so the
 * servers the other test files use keep running.
 */

const WORKER = join(__dirname, '../../dist/apps/api/worker.js');
const PUBLIC_URL = 'https://hotline.example.org';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function startWorker(t: TestApp): { process: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn('node', [WORKER], { env: { ...process.env, ...t.env, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  return { process: child, output: () => output.slice(-2000) };
}

async function stopWorker(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  let timer: NodeJS.Timeout | undefined;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 10_000)))]);
  clearTimeout(timer);
}

describe('fault drill: Postgres goes away during a stream of intakes', () => {
  let t: TestApp;
  let proxy: TcpProxy;
  let operator: TestClient;

  beforeAll(async () => {
    proxy = await startTcpProxy({ host: '127.0.0.1', port: 5432 });
    t = await startTestApp({}, { routeDatabase: (url) => proxy.url(url) });
    operator = await signedIn(t.baseUrl, 'operator.almaty@mayak.test');
  });
  afterAll(async () => {
    await t.close();
    await proxy.close();
  });

  it('answers 503 (never 500) while it is down, recovers by itself, and keeps every intake it acknowledged', async () => {
    const acknowledged: string[] = [];
    const statuses = new Map<number, number>();
    const problems: { status: number; type: string | null; retryAfter: string | null; code?: string }[] = [];
    let phase: 'before' | 'down' | 'after' = 'before';
    const createdAfterRecovery: string[] = [];
    let sent = 0;
    const streamUntil = Date.now() + 40_000;

    const stream = async (lane: number) => {
      for (let i = 0; i < 2000 && Date.now() < streamUntil; i++) {
        if (phase === 'after' && createdAfterRecovery.length >= 20) return;
        sent += 1;
        const response = await operator.api.POST('/api/v1/contacts', { body: { channel: 'voice', notes: `drill lane ${lane} intake ${i}` } }).catch(() => null);
        const status = response?.response.status ?? 0;
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (status === 201) {
          acknowledged.push(response!.data!.id);
          if (phase === 'after') createdAfterRecovery.push(response!.data!.id);
        } else {
          problems.push({
            status,
            type: response?.response.headers.get('content-type') ?? null,
            retryAfter: response?.response.headers.get('retry-after') ?? null,
            code: (response?.error as { code?: string } | undefined)?.code,
          });
        }
        if (phase === 'down') await sleep(50);
      }
    };

    const drill = (async () => {
      await waitFor('intakes to flow', async () => (acknowledged.length >= 20 ? true : undefined), 15_000);
      // As a restart does: the server ends every session, then refuses connections for a while.
      await t.db.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
      await proxy.cut();
      phase = 'down';
      const ready = await fetch(`${t.baseUrl}/api/health/ready`);
      await sleep(3000);
      await proxy.restore();
      phase = 'after';
      return ready.status;
    })();

    const [readyWhileDown] = await Promise.all([drill, stream(1), stream(2), stream(3)]);

    expect(readyWhileDown).toBe(503);
    expect([...statuses.keys()].sort()).toEqual([201, 503]);
    expect(statuses.get(503)).toBeGreaterThan(0);
    for (const problem of problems) {
      expect(problem).toMatchObject({ status: 503, code: 'service_unavailable', retryAfter: '5' });
      expect(problem.type).toContain('application/problem+json');
    }
    expect(createdAfterRecovery.length).toBeGreaterThanOrEqual(20);
    const stored = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM contacts WHERE id = ANY($1)`, [acknowledged]);
    expect(stored[0].n).toBe(acknowledged.length);
    // Nothing was stored twice or without its audit row: writes are one transaction each.
    const audited = await t.db.query<{ n: number }>(
      `SELECT count(DISTINCT entity_id)::int AS n FROM audit_log WHERE action = 'contacts.created' AND entity_id = ANY($1)`,
      [acknowledged],
    );
    expect(audited[0].n).toBe(acknowledged.length);
    expect(sent).toBeGreaterThan(acknowledged.length);
    expect((await fetch(`${t.baseUrl}/api/health/ready`)).status).toBe(200);
  }, 60_000);
});

describe('fault drills: Redis restarts with nothing kept, and a worker dies mid-job', () => {
  let t: TestApp;
  let proxy: TcpProxy;
  let redis: Redis;
  let operator: TestClient;
  let caseWorker: TestClient;
  let worker: { process: ChildProcess; output: () => string };
  const inSeconds = (s: number) => new Date(t.clock.nowMs() + s * 1000).toISOString();

  beforeAll(async () => {
    proxy = await startTcpProxy({ host: '127.0.0.1', port: 6379 });
    t = await startTestApp(
      { PUBLIC_URL, COOKIE_SECURE: 'false', CALLBACK_RECONCILE_INTERVAL_SECONDS: '1', DEADLINE_WATCH_INTERVAL_SECONDS: '5' },
      { routeRedis: (url) => proxy.url(url) },
    );
    redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0');
    operator = await signedIn(t.baseUrl, 'operator.almaty@mayak.test');
    caseWorker = await signedIn(t.baseUrl, 'caseworker.almaty@mayak.test');
    worker = startWorker(t);
  });
  afterAll(async () => {
    await stopWorker(worker.process);
    redis.disconnect();
    await t.close();
    await proxy.close();
  });

  /** A referral sent to a legal aid centre whose answer falls due `seconds` from now. */
  async function referralDueIn(seconds: number): Promise<string> {
    let c = (await caseWorker.api.POST('/api/v1/cases', { body: { type: 'trafficking', summary: 'Паспорт удерживает работодатель' } })).data!;
    for (const status of ['open', 'in_progress'] as const)
      c = (await caseWorker.api.POST('/api/v1/cases/{id}/status', { params: { path: { id: c.id } }, body: { version: c.version, status } })).data!;
    await caseWorker.api.POST('/api/v1/cases/{id}/consents', { params: { path: { id: c.id } }, body: { purpose: 'referral', channel: 'verbal_on_call' } });
    const [org] = await t.db.query<{ id: string }>(`SELECT id FROM organisations WHERE name = 'Правовой центр для мигрантов'`);
    const sent = await caseWorker.api.POST('/api/v1/cases/{id}/referrals', {
      params: { path: { id: c.id } },
      body: { targets: [{ organisationId: org.id, serviceType: 'legal_aid' }], sharedSummary: 'Консультация', send: true } as never,
    });
    expect(sent.response.status).toBe(201);
    const referralId = (sent.data as { id: string }[])[0].id;
    await t.db.query(`UPDATE referrals SET due_at = mayak_now() + make_interval(secs => $2) WHERE id = $1`, [referralId, seconds]);
    return referralId;
  }

  const firings = (ids: string[]) =>
    t.db.query<{ entity_id: string; n: number }>(
      `SELECT entity_id, count(*)::int AS n FROM audit_log WHERE action = 'callbacks.due' AND entity_id = ANY($1) GROUP BY entity_id`,
      [ids],
    );

  it('fires every scheduled callback and referral deadline exactly once after Redis restarts empty', async () => {
    const callbacks: string[] = [];
    for (let i = 0; i < 10; i++) {
      const { data, response } = await operator.api.POST('/api/v1/callbacks', {
        body: { consentToContactBack: true, phone: `+7701444${String(i).padStart(4, '0')}`, dueAt: inSeconds(6 + (i % 4)) },
      });
      expect(response.status).toBe(201);
      callbacks.push(data!.id);
    }
    const referralId = await referralDueIn(4);
    await waitFor('the callbacks to be queued in Redis', async () =>
      (await redis.keys(`${t.redisKeyPrefix}:bull:callbacks:*`)).length > 0 ? true : undefined,
    );

    // The restart: every connection dropped, connections refused for 2 s, and it comes back empty.
    await proxy.cut();
    expect(await deleteKeysWithPrefix(redis, t.redisKeyPrefix)).toBeGreaterThan(0);
    await sleep(2000);
    await proxy.restore();

    await waitFor(
      `every callback to fire after the restart (worker: ${worker.output()})`,
      async () => {
        const [row] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM callbacks WHERE id = ANY($1) AND status = 'due'`, [callbacks]);
        return row.n === callbacks.length ? true : undefined;
      },
      45_000,
    );
    await waitFor(
      `the referral deadline to be noticed (worker: ${worker.output()})`,
      async () => {
        const [row] = await t.db.query<{ overdue_alerted_at: Date | null }>(`SELECT overdue_alerted_at FROM referrals WHERE id = $1`, [referralId]);
        return row.overdue_alerted_at ? true : undefined;
      },
      45_000,
    );
    await sleep(2500); // a duplicate delivery would show itself now
    const fired = await firings(callbacks);
    expect(fired).toHaveLength(callbacks.length);
    expect(fired.every((f) => f.n === 1)).toBe(true);
    const alerts = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM alerts WHERE dedupe_key = $1`, [`referral_overdue:${referralId}`]);
    expect(alerts[0].n).toBe(1);
  }, 90_000);

  it('completes the job of a worker killed in the middle of it once, with one set of alerts', async () => {
    await presenceAvailable(operator);
    const { data } = await operator.api.POST('/api/v1/callbacks', { body: { consentToContactBack: true, phone: '+77014449999', dueAt: inSeconds(2) } });
    const callbackId = data!.id;
    // Hold the callback's row so the worker's job stops inside its transaction, then kill it there.
    const holder = new Client({ connectionString: t.db.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(`SELECT 1 FROM callbacks WHERE id = $1 FOR UPDATE`, [callbackId]);
      await waitFor(
        `the worker to be inside the job (worker: ${worker.output()})`,
        async () => {
          const rows = await t.db.query(
            `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE '%UPDATE%callbacks%'`,
          );
          return rows.length ? true : undefined;
        },
        20_000,
      );
      await stopWorker(worker.process, 'SIGKILL');
      expect(worker.process.signalCode).toBe('SIGKILL');
      await holder.query('ROLLBACK');
    } finally {
      await holder.end();
    }
    expect(await t.db.query(`SELECT status FROM callbacks WHERE id = $1`, [callbackId])).toEqual([{ status: 'scheduled' }]);

    worker = startWorker(t);
    await waitFor(
      `the new worker to take the job over (worker: ${worker.output()})`,
      async () => {
        const [row] = await t.db.query<{ status: string }>(`SELECT status FROM callbacks WHERE id = $1`, [callbackId]);
        return row.status === 'due' ? true : undefined;
      },
      45_000,
    );
    await sleep(2500);
    expect(await firings([callbackId])).toEqual([{ entity_id: callbackId, n: 1 }]);
    const alerts = await t.db.query<{ recipient_id: string; n: number }>(
      `SELECT recipient_id, count(*)::int AS n FROM alerts WHERE entity_id = $1 AND kind = 'callback_due' GROUP BY recipient_id`,
      [callbackId],
    );
    expect(alerts.length).toBeGreaterThan(0);
    expect(alerts.every((a) => a.n === 1)).toBe(true);
  }, 90_000);

  async function presenceAvailable(client: TestClient) {
    expect((await client.api.PUT('/api/v1/telephony/presence', { body: { status: 'available' } })).response.status).toBe(200);
  }
});

describe('fault drills: the same request twice, two people at once', () => {
  let t: TestApp;
  let supervisor: TestClient;
  let secondSupervisor: TestClient;
  let caseWorker: TestClient;
  const hook = (path: string, params: Record<string, string>) => postWebhook(t.baseUrl, PUBLIC_URL, path, params);

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_URL, COOKIE_SECURE: 'false' });
    supervisor = await signedIn(t.baseUrl, 'supervisor.almaty@mayak.test');
    caseWorker = await signedIn(t.baseUrl, 'caseworker.almaty@mayak.test');
    const admin = await signedIn(t.baseUrl, 'admin.almaty@mayak.test');
    const [almaty] = await t.db.query<{ id: string }>(`SELECT id FROM offices WHERE name = 'Almaty'`);
    const created = await admin.api.POST('/api/v1/users', {
      body: {
        email: 'night.supervisor@mayak.test',
        displayName: 'Ночной супервизор',
        password: 'steppe-night-shift-42',
        roles: ['supervisor'],
        officeIds: [almaty.id],
        locale: 'ru',
      },
    });
    expect(created.response.status).toBe(201);
    secondSupervisor = createTestClient(t.baseUrl);
    expect((await secondSupervisor.login('night.supervisor@mayak.test', 'steppe-night-shift-42')).data?.state).toBe('active');
  });
  afterAll(async () => t.close());

  it('delivers every webhook of a call five times at once: one call, one contact, one callback owed', async () => {
    const sid = newCallSid();
    const base = { CallSid: sid, AccountSid: ACCOUNT_SID, From: '+77015550001', To: HOTLINE, Direction: 'inbound', ApiVersion: '2010-04-01' };
    const fiveTimes = async (path: string, params: Record<string, string>) =>
      (await Promise.all(Array.from({ length: 5 }, () => hook(path, params)))).map((r) => r.status);
    expect(await fiveTimes('/voice', { ...base, CallStatus: 'ringing' })).toEqual([200, 200, 200, 200, 200]);
    expect(await fiveTimes('/voice/language', { ...base, CallStatus: 'in-progress', Digits: '1' })).toEqual([200, 200, 200, 200, 200]);
    expect(await fiveTimes('/voice/queue-result', { CallSid: sid, AccountSid: ACCOUNT_SID, QueueResult: 'hangup', QueueTime: '30' })).toEqual([
      200, 200, 200, 200, 200,
    ]);
    expect(await fiveTimes('/voice/status', { CallSid: sid, AccountSid: ACCOUNT_SID, CallStatus: 'completed', CallDuration: '40' })).toEqual([
      204, 204, 204, 204, 204,
    ]);

    const calls = await t.db.query<{ id: string; contact_id: string; state: string }>(`SELECT id, contact_id, state FROM telephony_calls WHERE call_sid = $1`, [
      sid,
    ]);
    expect(calls).toHaveLength(1);
    expect(calls[0].state).toBe('abandoned');
    expect(await t.db.query(`SELECT count(*)::int AS n FROM contacts WHERE id = $1`, [calls[0].contact_id])).toEqual([{ n: 1 }]);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM callbacks WHERE source_call_id = $1`, [calls[0].id])).toEqual([{ n: 1 }]);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'telephony.call_received' AND entity_id = $1`, [calls[0].id])).toEqual([
      { n: 1 },
    ]);
  });

  it('lets only one of two supervisors changing the same case at once win; the other gets 409 and nothing is lost', async () => {
    const c = (await caseWorker.api.POST('/api/v1/cases', { body: { type: 'labour_exploitation', summary: 'Не платят зарплату на стройке' } })).data!;
    for (let round = 0; round < 5; round++) {
      const [current] = await t.db.query<{ version: number }>(`SELECT version FROM cases WHERE id = $1`, [c.id]);
      const [a, b] = await Promise.all([
        supervisor.api.PATCH('/api/v1/cases/{id}', {
          params: { path: { id: c.id } },
          body: { version: current.version, summary: `Дневной супервизор, раунд ${round}` },
        }),
        secondSupervisor.api.PATCH('/api/v1/cases/{id}', {
          params: { path: { id: c.id } },
          body: { version: current.version, summary: `Ночной супервизор, раунд ${round}` },
        }),
      ]);
      const statuses = [a.response.status, b.response.status].sort();
      expect(statuses).toEqual([200, 409]);
      const loser = a.response.status === 409 ? a : b;
      expect(loser.error).toMatchObject({ code: 'conflict' });
      const winner = a.response.status === 200 ? a : b;
      const [stored] = await t.db.query<{ summary: string; version: number }>(`SELECT summary, version FROM cases WHERE id = $1`, [c.id]);
      expect(stored).toEqual({ summary: winner.data!.summary, version: current.version + 1 });
    }
    const events = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM case_events WHERE case_id = $1 AND kind = 'details_updated'`, [c.id]);
    expect(events[0].n).toBe(5);
  });
});
