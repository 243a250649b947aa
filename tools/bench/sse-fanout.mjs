#!/usr/bin/env node
// Realtime fan-out: N consoles hold the API's Server-Sent Events stream (GET /api/v1/events)
// while events are published to every one of them, and the bench measures how long each event
// takes from publication to each console. Loopback only, bounded in time:
//   npm run bench:sse -- [--consoles 200] [--rate 2] [--seconds 10] [--out FILE] [--compare EARLIER.json] [--tolerance 0.1]
// Saves its figures as run.mjs does (bench-results/sse-<time>.json; see results.mjs).
// Events are appended exactly as the API and the worker append them (RealtimeEvents.notify:
// one XADD per user's stream, pipelined); `--rate` is events per second to every console.
// The baseline is a bare node:http server holding the same connections and writing each
// event to all of them when told (one POST), in the same run on the same machine.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import { createRequire } from 'node:module';
import { BENCH_PASSWORD, benchEmail, BENCH_OFFICES, parseArgs } from './common.mjs';
import {
  cleanupOnSignals,
  cpuMeter,
  databaseExists,
  dbName,
  deleteRedisKeys,
  dropDatabase,
  formatCpu,
  freePort,
  freshDatabase,
  percentiles,
  REDIS_URL,
  stopChild,
  waitForQuiet,
} from './telephony-common.mjs';
import { baselinesFrom, figure, finishRecording, scenarioFigures, startRecording, withBaselines } from './results.mjs';

const require = createRequire(import.meta.url);
const Redis = require('ioredis');

const args = parseArgs(process.argv.slice(2), { consoles: 200, rate: 2, seconds: 10 });
const CONSOLES = Math.min(1000, Number(args.consoles));
const RATE = Math.min(50, Number(args.rate));
const SECONDS = Math.min(120, Number(args.seconds));
const BENCH_DB = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/mayak_bench';
const FRESH_DB = 'postgres://postgres@127.0.0.1:5432/mayak_bench_sse';
const REDIS_PREFIX = `mayak_bench_sse_${process.pid}`;
const recording = startRecording('sse', args, { consoles: CONSOLES, rate: RATE, seconds: SECONDS });
const log = (message) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${message}`);

const children = [];
let database = null;
let cleaned = false;
async function cleanup() {
  if (cleaned) return;
  cleaned = true;
  for (const child of children) await stopChild(child);
  await deleteRedisKeys(REDIS_PREFIX).catch(() => undefined);
  if (database?.created) await dropDatabase(database.url).catch(() => undefined);
}
cleanupOnSignals(cleanup);

async function waitFor(url, what, child) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error(`${what} did not start within 60 s`);
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function startApi(databaseUrl) {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    NODE_ENV: 'development',
    PORT: String(port),
    PUBLIC_URL: baseUrl,
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    REDIS_KEY_PREFIX: REDIS_PREFIX,
    LOG_LEVEL: 'warn',
    MFA_REQUIRED_ROLES: '',
  };
  const child = spawn(process.execPath, ['dist/apps/api/main.js'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(child);
  await waitFor(`${baseUrl}/api/health/ready`, 'the API', child);
  return { name: 'Mayak API', baseUrl, pid: child.pid };
}

// The baseline: holds /events connections and writes whatever is POSTed to /publish to all.
const BARE_SERVER = `
import http from 'node:http';
const streams = new Set();
const server = http.createServer((req, res) => {
  if (req.url === '/events') {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store' });
    res.write('retry: 3000\\n\\n');
    streams.add(res);
    req.on('close', () => streams.delete(res));
    return;
  }
  let body = '';
  req.on('data', (d) => (body += d));
  req.on('end', () => {
    let n = 0;
    for (const res of streams) res.write('id: ' + (++n) + '\\nevent: alert\\ndata: ' + body + '\\n\\n');
    res.writeHead(204).end();
  });
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('listening\\n'));
process.on('SIGTERM', () => { for (const s of streams) s.end(); server.close(() => process.exit(0)); });
`;

async function startBare() {
  const port = await freePort();
  const child = spawn(process.execPath, ['--input-type=module', '-e', BARE_SERVER], { env: { PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const [chunk] = await once(child.stdout, 'data');
  if (!String(chunk).includes('listening')) throw new Error('the baseline server did not start');
  return { name: 'bare node:http', baseUrl: `http://127.0.0.1:${port}`, pid: child.pid };
}

/** Signs in `count` consoles, spread over the staff (several sessions per person when there are fewer people). */
async function signInConsoles(baseUrl, people, count) {
  const sessions = [];
  for (let i = 0; i < count; i += 1) {
    const email = people[i % people.length];
    const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: people.password }),
    });
    if (!response.ok) throw new Error(`sign-in as ${email}: ${response.status} ${await response.text()}`);
    const body = await response.json();
    sessions.push({
      cookie: response.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; '),
      userId: body.user.id,
    });
  }
  return sessions;
}

/** Opens one SSE stream; calls onEvent(data) for every event; resolves once the stream is open. */
function openStream(url, cookie, onEvent) {
  return new Promise((resolve, reject) => {
    const agent = new http.Agent({ keepAlive: false });
    const req = http.get(url, { agent, headers: { accept: 'text/event-stream', ...(cookie ? { cookie } : {}) } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`GET ${url}: ${res.statusCode}`));
      res.setEncoding('utf8');
      let buffer = '';
      res.on('data', (chunk) => {
        buffer += chunk;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = frame.split('\n').find((line) => line.startsWith('data: '));
          if (data) onEvent(JSON.parse(data.slice(6)));
        }
      });
      res.once('data', () => resolve({ close: () => req.destroy() }));
    });
    req.on('error', (error) => (error.code === 'ECONNRESET' ? undefined : reject(error)));
  });
}

/** Publishes RATE events a second for SECONDS and collects, per delivery, publication-to-console latency. */
async function fanOut(target, publish, streams) {
  const latencies = [];
  const expected = new Map();
  let unexpected = 0;
  const deliver = (data) => {
    if (typeof data?.seq !== 'number') return;
    latencies.push(performance.now() - data.sentAt);
    const left = expected.get(data.seq);
    if (left === undefined) unexpected += 1;
    else if (left <= 1) expected.delete(data.seq);
    else expected.set(data.seq, left - 1);
  };
  for (const s of streams) s.onEvent = deliver;
  const meter = cpuMeter(target.pid);
  const started = performance.now();
  const total = Math.round(RATE * SECONDS);
  for (let seq = 0; seq < total; seq += 1) {
    const due = started + (seq * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    expected.set(seq, streams.length);
    await publish({ seq, sentAt: performance.now() });
  }
  // Wait (bounded) for the last deliveries.
  const deadline = performance.now() + 10_000;
  while (expected.size && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const cpu = meter();
  let missing = 0;
  for (const left of expected.values()) missing += left;
  const elapsed = (performance.now() - started) / 1000;
  return { ...percentiles(latencies), deliveriesPerSecond: latencies.length / elapsed, events: total, missing, unexpected, cpu };
}

async function connectAll(target, sessions) {
  const streams = [];
  for (const session of sessions) {
    const holder = { onEvent: () => undefined };
    const stream = await openStream(`${target.baseUrl}${target.name === 'Mayak API' ? '/api/v1/events' : '/events'}`, session?.cookie, (data) =>
      holder.onEvent(data),
    );
    streams.push(Object.assign(holder, stream));
  }
  return streams;
}

const pad = (value, width) => String(value).padStart(width);
const ms = (value) => (Number.isNaN(value) ? '-' : value.toFixed(1));

let exitCode = 0;
try {
  if (await databaseExists(BENCH_DB)) database = { url: BENCH_DB, created: false };
  else {
    database = { url: FRESH_DB, created: true };
    await freshDatabase(FRESH_DB, REDIS_PREFIX);
  }
  log(`${database.created ? 'created, migrated and seeded' : 'using'} ${dbName(database.url)}`);
  const people = database.created
    ? Object.assign(
        ['operator', 'caseworker', 'supervisor'].flatMap((role) => ['almaty', 'astana'].map((office) => `${role}.${office}@mayak.test`)),
        { password: 'mayak-demo-2026' },
      )
    : Object.assign(
        BENCH_OFFICES.flatMap((o) => [
          ...[1, 2, 3, 4, 5, 6, 7, 8].map((n) => benchEmail('operator', n, o.slug)),
          ...[1, 2, 3, 4].map((n) => benchEmail('case_worker', n, o.slug)),
          ...[1, 2].map((n) => benchEmail('supervisor', n, o.slug)),
        ]),
        { password: BENCH_PASSWORD },
      );

  const api = await startApi(database.url);
  const bare = await startBare();
  log(`API at ${api.baseUrl} (pid ${api.pid}), bare server at ${bare.baseUrl}; signing in ${CONSOLES} consoles as ${people.length} people`);
  const sessions = await signInConsoles(api.baseUrl, people, CONSOLES);
  const userIds = [...new Set(sessions.map((s) => s.userId))];

  const redis = new Redis(REDIS_URL);
  const publishToApi = async (data) => {
    // RealtimeEvents.notify, verbatim in effect: one XADD (and EXPIRE) per user, one round trip.
    const pipeline = redis.pipeline();
    for (const userId of userIds) {
      const key = `${REDIS_PREFIX}:events:user:${userId}`;
      pipeline.xadd(key, 'MAXLEN', '~', '500', '*', 'type', 'alert', 'data', JSON.stringify(data));
      pipeline.expire(key, 7 * 86400);
    }
    await pipeline.exec();
  };
  const bareAgent = new http.Agent({ keepAlive: true });
  const publishToBare = (data) =>
    new Promise((resolve, reject) => {
      const req = http.request(`${bare.baseUrl}/publish`, { method: 'POST', agent: bareAgent }, (res) => res.resume().on('end', resolve));
      req.on('error', reject);
      req.end(JSON.stringify(data));
    });

  const results = [];
  for (const [target, publish, who] of [
    [bare, publishToBare, Array.from({ length: CONSOLES }, () => null)],
    [api, publishToApi, sessions],
  ]) {
    const streams = await connectAll(target, who);
    log(`${streams.length} consoles connected to ${target.name}`);
    // Warm up, unrecorded.
    for (const s of streams) s.onEvent = () => undefined;
    for (let i = 0; i < 5; i += 1) await publish({ warmup: i, sentAt: performance.now() });
    await new Promise((r) => setTimeout(r, 1000));
    if (!args['no-wait']) await waitForQuiet(log, { threshold: 0.3 });
    log(`${RATE} events a second to every console for ${SECONDS} s: ${target.name}`);
    results.push({ target, result: await fanOut(target, publish, streams) });
    for (const s of streams) s.close();
  }
  redis.disconnect();

  console.log(
    `\nFan-out: ${CONSOLES} consoles on Server-Sent Events, ${RATE} events a second to every console, ${SECONDS} s; latency from publication to arrival at each console\n`,
  );
  console.log(
    `${'server'.padEnd(16)}${pad('events', 8)}${pad('deliveries', 12)}${pad('per s', 8)}${pad('p50 ms', 9)}${pad('p90 ms', 9)}${pad('p99 ms', 9)}${pad('max ms', 9)}${pad('missing', 9)}`,
  );
  for (const { target, result: r } of results) {
    console.log(
      `${target.name.padEnd(16)}${pad(r.events, 8)}${pad(r.n, 12)}${pad(r.deliveriesPerSecond.toFixed(0), 8)}${pad(ms(r.p50), 9)}${pad(ms(r.p90), 9)}${pad(ms(r.p99), 9)}${pad(ms(r.max), 9)}${pad(r.missing, 9)}`,
    );
    console.log(`${''.padEnd(16)}${formatCpu(r.cpu)}${r.unexpected ? `; ${r.unexpected} deliveries more than once` : ''}`);
    if (r.missing || r.unexpected) exitCode = 1;
  }
  // Each server's figures; the API's beside the bare server's from the same run.
  const rows = results.map(({ target, result: r }) => ({ ...r, name: `fan-out: ${target.name}`, perSecond: r.deliveriesPerSecond }));
  const bareRows = rows.filter((r) => r.name === 'fan-out: bare node:http');
  for (const r of rows) {
    const baselines = r.name === 'fan-out: Mayak API' ? bareRows : [];
    recording.add(
      withBaselines(
        figure(`${r.name} · deliveries/s`, 'deliveries/s', r.perSecond, 'higher'),
        baselines.map((b) => ({ name: `${b.name} · deliveries/s`, value: b.perSecond })),
      ),
      scenarioFigures(r.name, r, baselinesFrom(baselines)),
    );
  }
  await finishRecording(recording, args, { databaseUrl: database?.url });
  if (process.exitCode) exitCode = process.exitCode;
} catch (error) {
  console.error(error);
  exitCode = 1;
} finally {
  await cleanup();
}
process.exit(exitCode);
