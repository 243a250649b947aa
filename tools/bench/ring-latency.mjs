#!/usr/bin/env node
// From a caller choosing their language (the webhook that puts the call in the queue and
// rings the office) to the ring reaching an operator's console in Chromium, with a busy line:
//   npm run bench:ring -- [--operators 50] [--waiting 200] [--calls 60] [--interval-ms 250]
//   [--out FILE] [--compare EARLIER.json] [--tolerance 0.1]: figures saved and compared as results.mjs says
//
// Starts the built API (which serves the built console) on a fresh database prepared like
// `npm start`, creates `--operators` available operators in one office (one of them in
// headless Chromium, the others holding the event stream as their consoles would), puts
// `--waiting` callers in the queue, then rings `--calls` more, one every `--interval-ms`, and
// measures for each the time from sending the language webhook to the console's event stream
// delivering `call.ringing` for that call in the page (the moment the console rings and lists
// it). Loopback only; everything it starts and writes is removed at the end, also on Ctrl-C.
import { spawn } from 'node:child_process';
import http from 'node:http';
import { createRequire } from 'node:module';
import { parseArgs } from './common.mjs';
import { finishRecording, scenarioFigures, startRecording } from './results.mjs';
import {
  cleanupOnSignals,
  cpuMeter,
  deleteRedisKeys,
  dropDatabase,
  formatCpu,
  freePort,
  freshDatabase,
  percentiles,
  REDIS_URL,
  stopChild,
} from './telephony-common.mjs';
import { DEV_TOKEN, sid, signedPost } from '../simulate/twilio-simulator.mjs';
import { ensureChromium } from '../test/prerequisites.mjs';

const require = createRequire(import.meta.url);
const pg = require('pg');
const { chromium } = require('playwright-core');

const args = parseArgs(process.argv.slice(2), { operators: 50, waiting: 200, calls: 60, 'interval-ms': 250 });
const OPERATORS = Math.max(1, Math.min(200, Number(args.operators)));
const WAITING = Math.max(0, Math.min(1000, Number(args.waiting)));
const CALLS = Math.max(1, Math.min(500, Number(args.calls)));
const INTERVAL_MS = Math.max(50, Math.min(5000, Number(args['interval-ms'])));
const DATABASE = 'postgres://postgres@127.0.0.1:5432/mayak_bench_ring';
const REDIS_PREFIX = `mayak_bench_ring_${process.pid}`;
const recording = startRecording('ring', args, { operators: OPERATORS, waiting: WAITING, calls: CALLS, intervalMs: INTERVAL_MS });
const PASSWORD = 'mayak-demo-2026';
const HOTLINE = '+77000011616';
const log = (message) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${message}`);

const children = [];
let browser = null;
let cleaned = false;
async function cleanup() {
  if (cleaned) return;
  cleaned = true;
  await browser?.close().catch(() => undefined);
  for (const child of children) await stopChild(child);
  await deleteRedisKeys(REDIS_PREFIX).catch(() => undefined);
  await dropDatabase(DATABASE).catch(() => undefined);
}
cleanupOnSignals(cleanup);

async function waitUntilReady(url, child) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error('the API did not start within 60 s');
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

async function signIn(baseUrl, email) {
  const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (!response.ok) throw new Error(`sign-in as ${email}: ${response.status} ${await response.text()}`);
  const body = await response.json();
  return {
    cookie: response.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; '),
    csrf: body.csrfToken,
    userId: body.user.id,
  };
}

async function call(baseUrl, session, method, path, body) {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrf },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.status === 204 ? null : response.json();
}

/** Holds one console's event stream, as an operator's browser would. */
function holdStream(url, cookie) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: new http.Agent({ keepAlive: false }), headers: { accept: 'text/event-stream', cookie } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`GET ${url}: ${res.statusCode}`));
      res.resume();
      resolve(() => req.destroy());
    });
    req.on('error', (error) => (error.code === 'ECONNRESET' ? undefined : reject(error)));
  });
}

let exitCode = 0;
try {
  await freshDatabase(DATABASE, REDIS_PREFIX);
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    NODE_ENV: 'development',
    PORT: String(port),
    PUBLIC_URL: baseUrl,
    DATABASE_URL: DATABASE,
    REDIS_URL,
    REDIS_KEY_PREFIX: REDIS_PREFIX,
    LOG_LEVEL: 'warn',
    MFA_REQUIRED_ROLES: '',
    LOGIN_MAX_FAILURES_PER_ADDRESS: '100000',
  };
  const api = spawn(process.execPath, ['dist/apps/api/main.js'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(api);
  await waitUntilReady(`${baseUrl}/api/health/ready`, api);
  log(`API and console at ${baseUrl}`);

  // Operators of Almaty: the demo's, and as many more as asked, all available.
  const admin = await signIn(baseUrl, 'admin.almaty@mayak.test');
  const [almaty] = (await call(baseUrl, admin, 'GET', '/api/v1/offices?q=ALA')).items;
  const emails = ['operator.almaty@mayak.test'];
  for (let n = 2; n <= OPERATORS; n += 1) {
    const email = `bench.operator${n}@mayak.test`;
    await call(baseUrl, admin, 'POST', '/api/v1/users', {
      email,
      displayName: `Bench Operator ${n}`,
      password: PASSWORD,
      roles: ['operator'],
      officeIds: [almaty.id],
    });
    emails.push(email);
  }
  const sessions = [];
  for (const email of emails) {
    const session = await signIn(baseUrl, email);
    await call(baseUrl, session, 'PUT', '/api/v1/telephony/presence', { status: 'available' });
    sessions.push(session);
  }
  const closers = [];
  for (const session of sessions.slice(1)) closers.push(await holdStream(`${baseUrl}/api/v1/events`, session.cookie));
  log(`${OPERATORS} operators available, ${closers.length} holding their event stream`);

  // The measured console: the first operator in Chromium. Every event its stream delivers is stamped on arrival.
  browser = await chromium.launch({
    executablePath: ensureChromium(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
  const context = await browser.newContext({ baseURL: baseUrl, locale: 'ru-RU', timezoneId: 'Asia/Almaty' });
  const page = await context.newPage();
  const arrivals = new Map();
  await page.exposeFunction('mayakBenchRing', (callId, epochMs) => arrivals.set(callId, epochMs));
  await page.addInitScript(() => {
    const Native = window.EventSource;
    window.EventSource = class extends Native {
      constructor(url, init) {
        super(url, init);
        this.addEventListener('call.ringing', (event) => window.mayakBenchRing(JSON.parse(event.data).callId, Date.now()));
      }
    };
  });
  const streamOpen = page.waitForResponse((r) => r.url().endsWith('/api/v1/events') && r.status() === 200, { timeout: 30_000 });
  await page.goto('/login');
  await page.getByLabel(/Электронная почта/).fill(emails[0]);
  await page.getByLabel(/^Пароль/).fill(PASSWORD);
  await page.getByRole('button', { name: 'Войти', exact: true }).click();
  await streamOpen;
  log('the measured operator’s console is signed in and listening');

  const db = new pg.Client({ connectionString: DATABASE });
  await db.connect();
  const ringIn = async (from) => {
    const callSid = sid('CA');
    const base = { CallSid: callSid, AccountSid: `AC${'0'.repeat(32)}`, From: from, To: HOTLINE, Direction: 'inbound', ApiVersion: '2010-04-01' };
    const arrived = await signedPost(baseUrl, baseUrl, DEV_TOKEN, '/api/v1/telephony/twilio/voice', { ...base, CallStatus: 'ringing' });
    if (arrived.status !== 200) throw new Error(`voice webhook: ${arrived.status}`);
    return async () => {
      const sentAt = Date.now();
      const chose = await signedPost(baseUrl, baseUrl, DEV_TOKEN, '/api/v1/telephony/twilio/voice/language', {
        ...base,
        CallStatus: 'in-progress',
        Digits: '1',
      });
      if (chose.status !== 200) throw new Error(`language webhook: ${chose.status}`);
      const [row] = (await db.query('SELECT id FROM telephony_calls WHERE call_sid = $1', [callSid])).rows;
      return { callId: row.id, sentAt };
    };
  };

  for (let i = 0; i < WAITING; i += 1) await (await ringIn(`+7701${String(2000000 + i).padStart(7, '0')}`))();
  log(`${WAITING} callers waiting in the queue`);
  await new Promise((r) => setTimeout(r, 2000));

  const latencies = [];
  let missing = 0;
  const meter = cpuMeter(api.pid);
  for (let i = 0; i < CALLS; i += 1) {
    const choose = await ringIn(`+7702${String(3000000 + i).padStart(7, '0')}`);
    const { callId, sentAt } = await choose();
    const deadline = Date.now() + 5_000;
    while (!arrivals.has(callId) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    if (arrivals.has(callId)) latencies.push(arrivals.get(callId) - sentAt);
    else missing += 1;
    await new Promise((r) => setTimeout(r, INTERVAL_MS));
  }
  const cpu = meter();
  await db.end();
  for (const close of closers) close();

  const r = percentiles(latencies);
  const sorted = [...latencies].sort((a, b) => a - b);
  const p95 = sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)] : NaN;
  const ms = (v) => (Number.isNaN(v) ? '-' : v.toFixed(0));
  console.log(
    `\nRing latency: language webhook sent → call.ringing in the operator's Chromium; ${OPERATORS} operators available, ${WAITING} callers already waiting, ${CALLS} calls one every ${INTERVAL_MS} ms\n`,
  );
  console.log(`calls ${r.n}  p50 ${ms(r.p50)} ms  p90 ${ms(r.p90)} ms  p95 ${ms(p95)} ms  p99 ${ms(r.p99)} ms  max ${ms(r.max)} ms  missing ${missing}`);
  console.log(formatCpu(cpu));
  if (missing) exitCode = 1;
  recording.add(scenarioFigures('ring: webhook to call.ringing', { p50: r.p50, p90: r.p90, p95, p99: r.p99, max: r.max, missing }));
  await finishRecording(recording, args, { databaseUrl: DATABASE });
  if (process.exitCode) exitCode = process.exitCode;
} catch (error) {
  console.error(error);
  exitCode = 1;
} finally {
  await cleanup();
}
process.exit(exitCode);
