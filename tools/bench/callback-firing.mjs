#!/usr/bin/env node
// How punctually the worker fires callbacks when many fall due in the same minute:
//   npm run bench:callbacks -- [--callbacks 10000] [--lead 20] [--spread 60] [--only jobs|reconciler] [--timeout 120] [--no-wait]
//   [--out FILE] [--compare EARLIER.json] [--tolerance 0.1]: figures saved and compared as results.mjs says
//
// On a fresh database (mayak_bench_callbacks, prepared as `npm start` does: migrations, the
// demo offices Almaty and Astana with one user per role; their operators are marked
// available, as during a shift, so each due callback alerts them), with the built worker
// (dist/apps/api/worker.js) on a Redis prefix of its own, for each mode:
//  - jobs: `--callbacks` rows written straight into `callbacks`, due evenly over `--spread`
//    seconds starting `--lead` seconds from now, and their delayed jobs added through the
//    API's own JobQueue exactly as CallbacksService does (job id = callback id, delay to
//    due_at, removeOnComplete, 3 attempts); the reconciler runs at its default (30 s);
//  - reconciler: the same rows and no jobs, as after Redis lost everything; the worker's
//    reconciler (CALLBACK_RECONCILE_INTERVAL_SECONDS=5) has to add them.
// Then waits (bounded by --timeout past the last due time) until every one has fired_at and
// reports lateness (fired_at - due_at), callbacks fired more than once (audit rows
// 'callbacks.due' per callback; must be 0) and never fired. Target: within 1 s of due.
// The database and the Redis keys are removed at the end, also on Ctrl-C. Before each mode
// it waits (up to 3 minutes; --no-wait not at all) for the machine to be quiet; the CPU line
// says what other processes used while the callbacks fired.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { createRequire } from 'node:module';
import { parseArgs } from './common.mjs';
import { figure, finishRecording, startRecording } from './results.mjs';
import {
  REDIS_URL,
  cleanupOnSignals,
  cpuMeter,
  dbName,
  deleteRedisKeys,
  dropDatabase,
  formatCpu,
  freshDatabase,
  percentiles,
  stopChild,
  waitForQuiet,
} from './telephony-common.mjs';

const require = createRequire(import.meta.url);
const pg = require('pg');
const { BullMqJobQueue } = require('../../dist/apps/api/core/queue/bullmq-job-queue.js');
const { JobName, QueueName } = require('../../dist/apps/api/core/queue/queue-names.js');

const args = parseArgs(process.argv.slice(2), { callbacks: 10_000, lead: 20, spread: 60, timeout: 120 });
const COUNT = Math.max(1, Math.min(100_000, Math.floor(Number(args.callbacks))));
const LEAD = Math.max(5, Math.min(600, Number(args.lead)));
const SPREAD = Math.max(0, Math.min(600, Number(args.spread)));
const TIMEOUT = Math.max(10, Math.min(1800, Number(args.timeout)));
const ONLY = args.only ? String(args.only) : null;
if (ONLY && !['jobs', 'reconciler'].includes(ONLY)) throw new Error('--only is jobs or reconciler');
const DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/mayak_bench_callbacks';
const PREFIX = `mayak_bench_cb_${process.pid}`;
const recording = startRecording('callbacks', args, { callbacks: COUNT, lead: LEAD, spread: SPREAD, only: ONLY });
const started = Date.now();
const log = (message) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${message}`);

const children = [];
const prefixes = [PREFIX];
let created = false;
let cleaning = null;
function cleanup() {
  cleaning ??= (async () => {
    for (const child of children) await stopChild(child, 20_000).catch(() => undefined);
    if (created)
      await dropDatabase(DATABASE_URL).then(
        () => log(`dropped ${dbName(DATABASE_URL)}`),
        (e) => console.error(`could not drop ${dbName(DATABASE_URL)}: ${e.message}`),
      );
    for (const prefix of prefixes)
      await deleteRedisKeys(prefix).then(
        (n) => log(`deleted ${n} Redis keys under ${prefix}:`),
        (e) => console.error(`could not delete Redis keys ${prefix}:*: ${e.message}`),
      );
  })();
  return cleaning;
}
cleanupOnSignals(cleanup);

/** The worker, as `npm start` runs it; resolves once its BullMQ workers run. Its warnings and errors are passed on. */
async function startWorker(redisKeyPrefix, reconcileSeconds) {
  const env = { ...process.env, NODE_ENV: 'development', DATABASE_URL, REDIS_URL, REDIS_KEY_PREFIX: redisKeyPrefix, LOG_LEVEL: 'info', MFA_REQUIRED_ROLES: '' };
  for (const name of ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_API_BASE_URL', 'CALLBACK_RECONCILE_INTERVAL_SECONDS']) delete env[name];
  if (reconcileSeconds) env.CALLBACK_RECONCILE_INTERVAL_SECONDS = String(reconcileSeconds);
  const child = spawn(process.execPath, ['dist/apps/api/worker.js'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const problems = [];
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the worker did not start within 30 s')), 30_000);
    child.once('exit', (code) => reject(new Error(`the worker exited with ${code} before it was ready`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      let entry;
      try {
        entry = JSON.parse(line);
      } catch {
        entry = { level: 40, msg: line };
      }
      if (String(entry.msg).startsWith('worker running')) {
        clearTimeout(timer);
        resolve();
      }
      if (entry.level >= 40) {
        problems.push(entry);
        if (problems.length <= 5) console.error(`worker: ${entry.msg}${entry.err ? ` (${entry.err.message ?? entry.err})` : ''}`);
      }
    });
  });
  await ready;
  return { child, problems };
}

/** `COUNT` scheduled callbacks due evenly over [firstDue, firstDue + SPREAD), alternating between the offices. Returns their ids and due times. */
async function insertCallbacks(db, offices, firstDue, tag) {
  const rows = Array.from({ length: COUNT }, (_, i) => ({
    id: randomUUID(),
    officeId: offices[i % offices.length].id,
    dueAt: new Date(firstDue + (COUNT > 1 ? Math.round((i * SPREAD * 1000) / COUNT) : 0)),
    phone: `bench-${tag}-${i}`,
  }));
  const t0 = performance.now();
  for (let i = 0; i < rows.length; i += 5000) {
    const chunk = rows.slice(i, i + 5000);
    await db.query(
      `INSERT INTO callbacks (id, office_id, phone_encrypted, phone_hash, reason, method, status, due_at, time_zone, max_attempts, notes)
       SELECT u.id, u.office_id, u.phone, u.phone, 'scheduled', 'voice', 'scheduled', u.due_at, 'Asia/Almaty', 3, $5
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::timestamptz[]) AS u(id, office_id, phone, due_at)`,
      [chunk.map((r) => r.id), chunk.map((r) => r.officeId), chunk.map((r) => r.phone), chunk.map((r) => r.dueAt.toISOString()), tag],
    );
  }
  return { rows, insertMs: performance.now() - t0 };
}

/** Adds the delayed jobs through the API's own JobQueue, with CallbacksService.enqueue's options, 50 at a time. */
async function addJobs(redisKeyPrefix, rows) {
  const queue = new BullMqJobQueue({ redisUrl: REDIS_URL, redisKeyPrefix });
  const t0 = performance.now();
  try {
    let next = 0;
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        while (next < rows.length) {
          const row = rows[next++];
          await queue.add(
            JobName.CallbackDue,
            { callbackId: row.id },
            { jobId: row.id, delayMs: Math.max(0, row.dueAt.getTime() - Date.now()), removeOnComplete: true, attempts: 3 },
          );
        }
      }),
    );
    return performance.now() - t0;
  } finally {
    await queue.onApplicationShutdown();
  }
}

/** The callbacks queue afterwards: its counts, and what is still delayed or failed there (besides the reconciler's schedule). */
async function queueState(redisKeyPrefix) {
  const queue = new BullMqJobQueue({ redisUrl: REDIS_URL, redisKeyPrefix });
  try {
    const counts = (await queue.health()).find((q) => q.name === QueueName.Callbacks)?.counts;
    const bull = queue.queue(QueueName.Callbacks);
    const left = [...(await bull.getDelayed(0, 20)), ...(await bull.getFailed(0, 20))]
      .filter((job) => job.name !== JobName.CallbackReconcile)
      .map((job) => ({
        id: job.id,
        text: `${job.name} ${job.id} attempts ${job.attemptsMade}${job.failedReason ? ` (${job.failedReason})` : ''}, added ${new Date(job.timestamp).toISOString()} with delay ${((job.delay ?? 0) / 1000).toFixed(1)} s (runs ${new Date(job.timestamp + (job.delay ?? 0)).toISOString()})`,
      }));
    return { counts, left };
  } finally {
    await queue.onApplicationShutdown();
  }
}

async function runMode(db, offices, mode) {
  const prefix = `${PREFIX}_${mode}`;
  prefixes.push(prefix);
  const reconcileSeconds = mode === 'reconciler' ? 5 : null;
  if (!args['no-wait']) await waitForQuiet(log);
  const worker = await startWorker(prefix, reconcileSeconds);
  log(`${mode}: worker pid ${worker.child.pid} running (reconciler every ${reconcileSeconds ?? 30} s)`);
  const firstDue = Date.now() + LEAD * 1000;
  const { rows, insertMs } = await insertCallbacks(db, offices, firstDue, `bench:${mode}`);
  const lastDue = rows[rows.length - 1].dueAt.getTime();
  log(`${mode}: inserted ${rows.length} callbacks in ${insertMs.toFixed(0)} ms, due ${new Date(firstDue).toISOString()} … ${new Date(lastDue).toISOString()}`);
  let addMs = null;
  if (mode === 'jobs') {
    addMs = await addJobs(prefix, rows);
    log(`jobs: added ${rows.length} delayed jobs in ${addMs.toFixed(0)} ms (${(rows.length / (addMs / 1000)).toFixed(0)} per second)`);
  }

  // Wait for the due minute, measuring the machine while it fires.
  while (Date.now() < firstDue - 1000) await new Promise((r) => setTimeout(r, 250));
  const cpu = cpuMeter(worker.child.pid);
  const deadline = lastDue + TIMEOUT * 1000;
  let fired = 0;
  let lastReport = 0;
  for (;;) {
    ({
      rows: [{ fired }],
    } = await db.query(`SELECT count(*)::int AS fired FROM callbacks WHERE notes = $1 AND fired_at IS NOT NULL`, [`bench:${mode}`]));
    if (fired >= rows.length || Date.now() > deadline) break;
    if (Date.now() - lastReport > 10_000) {
      lastReport = Date.now();
      const due = rows.filter((r) => r.dueAt.getTime() <= Date.now()).length;
      log(`${mode}: ${fired} fired, ${due} due so far`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  const used = cpu();
  const settle = Date.now() + 3000; // let any duplicate a late job would make show up
  while (Date.now() < settle) await new Promise((r) => setTimeout(r, 250));

  const lateness = (
    await db.query(`SELECT EXTRACT(EPOCH FROM fired_at - due_at) * 1000 AS ms FROM callbacks WHERE notes = $1 AND fired_at IS NOT NULL`, [`bench:${mode}`])
  ).rows.map((r) => Number(r.ms));
  const [{ never, not_due: notDue }] = (
    await db.query(
      `SELECT count(*) FILTER (WHERE fired_at IS NULL)::int AS never, count(*) FILTER (WHERE status <> 'due')::int AS not_due FROM callbacks WHERE notes = $1`,
      [`bench:${mode}`],
    )
  ).rows;
  const [{ twice, audits }] = (
    await db.query(
      `SELECT count(*) FILTER (WHERE n > 1)::int AS twice, COALESCE(sum(n), 0)::int AS audits
       FROM (SELECT a.entity_id, count(*) AS n FROM audit_log a JOIN callbacks c ON c.id::text = a.entity_id
              WHERE a.action = 'callbacks.due' AND c.notes = $1 GROUP BY a.entity_id) per_callback`,
      [`bench:${mode}`],
    )
  ).rows;
  const [{ alerts, alerted }] = (
    await db.query(
      `SELECT count(*)::int AS alerts, count(DISTINCT a.entity_id)::int AS alerted FROM alerts a JOIN callbacks c ON c.id = a.entity_id WHERE a.kind = 'callback_due' AND c.notes = $1`,
      [`bench:${mode}`],
    )
  ).rows;
  const { counts, left: leftJobs } = await queueState(prefix);
  const left = [];
  for (const job of leftJobs) {
    const [row] = (await db.query(`SELECT due_at, fired_at, status, notes FROM callbacks WHERE id::text = $1`, [job.id])).rows;
    const whose = row?.notes === `bench:${mode}` ? "one of this run's" : "not the benchmark's (the demo data's own)";
    left.push(
      row ? `${job.text}; its callback, ${whose}: due ${row.due_at.toISOString()}, fired ${row.fired_at?.toISOString() ?? 'never'}, ${row.status}` : job.text,
    );
  }
  await stopChild(worker.child, 20_000);
  const within1s = lateness.filter((ms) => ms <= 1000).length;
  return {
    mode,
    total: rows.length,
    insertMs,
    addMs,
    lateness: percentiles(lateness),
    within1s,
    never,
    notDue,
    twice,
    audits,
    alerts,
    alerted,
    counts,
    left,
    cpu: used,
    problems: worker.problems.length,
  };
}

let exitCode = 0;
const results = [];
try {
  await freshDatabase(DATABASE_URL, PREFIX);
  created = true;
  const db = new pg.Client({ connectionString: DATABASE_URL });
  await db.connect();
  try {
    const offices = (await db.query(`SELECT id, code FROM offices WHERE active ORDER BY code`)).rows;
    if (!offices.length) throw new Error('the prepared database has no office');
    // A shift: the offices' operators are available, so each due callback alerts them.
    const available = await db.query(
      `INSERT INTO operator_presence (user_id, status) SELECT u.id, 'available' FROM users u WHERE 'operator' = ANY(u.roles) AND u.active
       ON CONFLICT (user_id) DO UPDATE SET status = 'available' RETURNING user_id`,
    );
    log(`created, migrated and seeded ${dbName(DATABASE_URL)}: offices ${offices.map((o) => o.code).join(', ')}, ${available.rowCount} operators available`);
    for (const mode of ['jobs', 'reconciler']) {
      if (ONLY && ONLY !== mode) continue;
      results.push(await runMode(db, offices, mode));
    }
  } finally {
    await db.end();
  }

  const pad = (value, width) => String(value).padStart(width);
  const s = (ms) => (Number.isNaN(ms) ? '-' : (ms / 1000).toFixed(3));
  console.log(
    `\n${COUNT} callbacks due evenly over ${SPREAD} s (${(COUNT / Math.max(1, SPREAD)).toFixed(0)} per second), ${LEAD} s after they were written; lateness = fired_at - due_at`,
  );
  console.log(
    `worker: dist/apps/api/worker.js, callbacks queue concurrency 32, Postgres pool 10; client, worker, Postgres and Redis share the machine's cores\n`,
  );
  console.log(
    `${'mode'.padEnd(12)}${pad('fired', 8)}${pad('never', 7)}${pad('twice', 7)}${pad('min s', 8)}${pad('p50 s', 8)}${pad('p90 s', 8)}${pad('p99 s', 8)}${pad('max s', 8)}${pad('<= 1 s', 9)}`,
  );
  for (const r of results) {
    console.log(
      `${r.mode.padEnd(12)}${pad(r.lateness.n, 8)}${pad(r.never, 7)}${pad(r.twice, 7)}${pad(s(r.lateness.min), 8)}${pad(s(r.lateness.p50), 8)}${pad(s(r.lateness.p90), 8)}${pad(s(r.lateness.p99), 8)}${pad(s(r.lateness.max), 8)}${pad(`${((r.within1s / r.total) * 100).toFixed(1)}%`, 9)}`,
    );
  }
  console.log();
  for (const r of results) {
    console.log(
      `${r.mode}: rows written in ${r.insertMs.toFixed(0)} ms${r.addMs !== null ? `, jobs added in ${r.addMs.toFixed(0)} ms` : ''}; ${r.audits} 'callbacks.due' audit rows, ${r.alerts} alerts on ${r.alerted} callbacks; ${r.notDue} not in status due; queue afterwards: ${JSON.stringify(r.counts)}; worker warnings/errors: ${r.problems}; ${formatCpu(r.cpu, 'worker')}`,
    );
    for (const job of r.left) console.log(`${r.mode}: left in the queue: ${job}`);
    const met = r.never === 0 && r.twice === 0 && r.lateness.max <= 1000;
    console.log(`${r.mode}: target (every callback once, within 1 s of due): ${met ? 'met' : 'NOT met'}`);
    if (r.never || r.twice) exitCode = 1;
  }
  for (const r of results) {
    const late = (p) => figure(`${r.mode}: lateness · ${p}`, 's', r.lateness[p] / 1000, 'lower', p === 'max' ? { judge: false } : {});
    recording.add(
      late('p50'),
      late('p90'),
      late('p99'),
      late('max'),
      figure(`${r.mode}: fired within 1 s`, 'share', r.within1s / r.total, 'higher'),
      figure(`${r.mode}: never fired`, 'count', r.never, 'lower'),
      figure(`${r.mode}: fired twice`, 'count', r.twice, 'lower'),
    );
  }
  await finishRecording(recording, args, { databaseUrl: DATABASE_URL });
  if (process.exitCode) exitCode = process.exitCode;
} catch (error) {
  console.error(error);
  exitCode = 1;
} finally {
  await cleanup();
}
process.exit(exitCode);
