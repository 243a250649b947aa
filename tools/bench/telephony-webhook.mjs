#!/usr/bin/env node
// How fast the API answers Twilio's voice webhooks with 200 calls at once, over loopback:
//   npm run bench:telephony -- [--calls 200] [--seconds 10] [--paced-seconds 30] [--ramp 10] [--only closed|paced] [--database URL] [--no-wait]
//                             [--out FILE] [--compare EARLIER.json] [--tolerance 0.1]  (figures saved as results.mjs says)
//
// Starts the built API itself (PUBLIC_URL = its own address, a throwaway webhook token) and,
// as the baseline, a bare node:http server answering the same paths with fixed TwiML. Two
// loads, each against both:
//  - closed: `--calls` simulated callers each ring (POST /voice, a new CallSid and number
//    every time) and press 1 (POST /voice/language) and immediately ring again: saturation
//    throughput, and the latency with that many webhooks in flight at every moment;
//  - paced: `--calls` live calls at the pace of the telephone network (tools/simulate): the
//    first ones arrive over `--ramp` seconds; menu 2-5 s, the hold document fetched again
//    every 10 s, the caller hangs up after 5-20 s in the queue (queue result + final status,
//    a callback owed), and a new call takes its place at once.
// Database: --database, else postgres://postgres@127.0.0.1:5432/mayak_bench when it exists
// (the calls, contacts and callbacks the run adds are deleted afterwards; their audit rows
// stay, the audit log is append-only), else a fresh mayak_bench_telephony prepared like
// `npm start` does (migrations and demo offices/users), dropped afterwards. Redis keys go
// under a prefix of their own and are deleted at the end, also on Ctrl-C. Before each phase
// it waits (up to 3 minutes; --no-wait not at all) for the machine to be quiet, and each
// phase's CPU line says what other processes used meanwhile.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once, setMaxListeners } from 'node:events';
import { createRequire } from 'node:module';
import { parseArgs } from './common.mjs';
import {
  REDIS_URL,
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
  stopChild,
  waitForQuiet,
} from './telephony-common.mjs';
import { WEBHOOK_BASE_PATH, sid, signedPost, simulateCall } from '../simulate/twilio-simulator.mjs';
import { baselinesFrom, figure, finishRecording, scenarioFigures, startRecording } from './results.mjs';

const require = createRequire(import.meta.url);
const pg = require('pg');

const args = parseArgs(process.argv.slice(2), { calls: 200, seconds: 10, 'paced-seconds': 30, ramp: 10, 'max-requests': 500_000 });
const CALLS = Math.max(1, Math.min(1000, Math.floor(Number(args.calls))));
const SECONDS = Math.max(1, Math.min(120, Number(args.seconds)));
const PACED_SECONDS = Math.max(5, Math.min(600, Number(args['paced-seconds'])));
const RAMP_SECONDS = Math.max(0, Math.min(PACED_SECONDS, Number(args.ramp)));
const MAX_REQUESTS = Math.max(1000, Number(args['max-requests']));
const ONLY = args.only ? String(args.only) : null;
if (ONLY && !['closed', 'paced'].includes(ONLY)) throw new Error('--only is closed or paced');
const BENCH_DB = 'postgres://postgres@127.0.0.1:5432/mayak_bench';
const FRESH_DB = 'postgres://postgres@127.0.0.1:5432/mayak_bench_telephony';
/** The line the simulated calls come in on: how the rows this run adds to an existing database are found again. */
const BENCH_LINE = '+77000099999';
const TOKEN = randomBytes(24).toString('base64url');
const REDIS_PREFIX = `mayak_bench_tel_${process.pid}`;
const recording = startRecording('telephony', args, { calls: CALLS, seconds: SECONDS, pacedSeconds: PACED_SECONDS, ramp: RAMP_SECONDS, only: ONLY });

/** Saves each webhook's figures, the API's beside the bare server's for the same webhook in the same run. */
function record(mode, results) {
  const bare = results.find((r) => r.target.name === 'bare node:http')?.result;
  for (const { target, result } of results) {
    for (const row of result.rows) {
      const base =
        target.name === 'Mayak API' ? bare?.rows.filter((b) => b.name === row.name).map((b) => ({ ...b, name: `${mode}: bare node:http: ${b.name}` })) : [];
      recording.add(scenarioFigures(`${mode}: ${target.name}: ${row.name}`, row, baselinesFrom(base ?? [])));
    }
    recording.add(figure(`${mode}: ${target.name} · errors`, 'count', result.errors, 'lower'));
  }
}
const started = Date.now();
const log = (message) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${message}`);

// ---- the pieces to clean up ------------------------------------------------------------------

const children = [];
let database = null; // { url, created }
let cleaning = null;

/** The rows this run added to a database it did not create: the bench line's calls, their contacts and callbacks. */
async function deleteBenchRows(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    const calls = await client.query(`SELECT id, contact_id FROM telephony_calls WHERE line_number = $1`, [BENCH_LINE]);
    const callIds = calls.rows.map((r) => r.id);
    const contactIds = calls.rows.map((r) => r.contact_id).filter(Boolean);
    const callbacks = await client.query(`DELETE FROM callbacks WHERE source_call_id = ANY($1::uuid[])`, [callIds]);
    await client.query(`DELETE FROM telephony_calls WHERE id = ANY($1::uuid[])`, [callIds]);
    const contacts = await client.query(`DELETE FROM contacts WHERE id = ANY($1::uuid[])`, [contactIds]);
    await client.query('COMMIT');
    return { calls: callIds.length, contacts: contacts.rowCount, callbacks: callbacks.rowCount };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

function cleanup() {
  cleaning ??= (async () => {
    for (const child of children) await stopChild(child).catch(() => undefined);
    if (database?.created) {
      await dropDatabase(database.url).then(
        () => log(`dropped ${dbName(database.url)}`),
        (e) => console.error(`could not drop ${dbName(database.url)}: ${e.message}`),
      );
    } else if (database) {
      await deleteBenchRows(database.url).then(
        (n) =>
          log(
            `removed this run's ${n.calls} calls, ${n.contacts} contacts and ${n.callbacks} callbacks from ${dbName(database.url)} (line ${BENCH_LINE}; audit rows stay)`,
          ),
        (e) => console.error(`could not remove this run's rows from ${dbName(database.url)} (line ${BENCH_LINE}): ${e.message}`),
      );
    }
    await deleteRedisKeys(REDIS_PREFIX).then(
      (n) => log(`deleted ${n} Redis keys under ${REDIS_PREFIX}:`),
      (e) => console.error(`could not delete Redis keys ${REDIS_PREFIX}:*: ${e.message}`),
    );
  })();
  return cleaning;
}
cleanupOnSignals(cleanup);

// ---- helpers -----------------------------------------------------------------------------------

async function waitFor(url, what, child) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode} before it was ready`);
    if (Date.now() > deadline) throw new Error(`${what} did not start within 30 s`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

const MOBILE_CODES = ['700', '701', '702', '705', '707', '708', '747', '771', '775', '776', '777', '778'];
let numberCounter = 0;
/** A distinct Kazakh mobile number per call (+7 701 …, +7 777 …). */
function nextCaller() {
  numberCounter += 1;
  return `+7${MOBILE_CODES[numberCounter % MOBILE_CODES.length]}${1_000_000 + (Math.floor(numberCounter / MOBILE_CODES.length) % 9_000_000)}`;
}

// ---- the loads -------------------------------------------------------------------------------

/** Closed loop: every simulated caller rings, presses 1, and rings again at once. */
async function closedLoop(target, seconds) {
  const voice = [];
  const language = [];
  let errors = 0;
  let firstError = null;
  const end = Date.now() + seconds * 1000;
  const accountSid = sid('AC');
  const cpu = cpuMeter(target.pid);
  const t0 = performance.now();
  const caller = async () => {
    while (Date.now() < end && voice.length + errors < MAX_REQUESTS) {
      const from = nextCaller();
      const params = {
        AccountSid: accountSid,
        ApiVersion: '2010-04-01',
        CallSid: sid('CA'),
        Called: BENCH_LINE,
        Caller: from,
        Direction: 'inbound',
        From: from,
        To: BENCH_LINE,
      };
      try {
        const rang = await signedPost(target.baseUrl, target.baseUrl, target.token, `${WEBHOOK_BASE_PATH}/voice`, { ...params, CallStatus: 'ringing' });
        if (!rang.ok) throw new Error(`POST /voice ${rang.status}: ${rang.body.slice(0, 200)}`);
        voice.push(rang.ms);
        const chose = await signedPost(target.baseUrl, target.baseUrl, target.token, `${WEBHOOK_BASE_PATH}/voice/language`, {
          ...params,
          CallStatus: 'in-progress',
          Digits: '1',
          FinishedOnKey: '',
        });
        if (!chose.ok) throw new Error(`POST /voice/language ${chose.status}: ${chose.body.slice(0, 200)}`);
        language.push(chose.ms);
      } catch (error) {
        errors += 1;
        firstError ??= error.message;
      }
    }
  };
  await Promise.all(Array.from({ length: CALLS }, caller));
  const elapsed = (performance.now() - t0) / 1000;
  return {
    elapsed,
    errors,
    firstError,
    cpu: cpu(),
    rows: [
      ['POST /voice', voice],
      ['POST /voice/language', language],
    ].map(([name, values]) => ({ name, rps: values.length / elapsed, ...percentiles(values) })),
  };
}

/** Paced: `CALLS` live calls at the telephone network's pace, each replaced by a new one when it ends. */
async function pacedLoad(target, seconds) {
  const byEndpoint = new Map();
  let errors = 0;
  let firstError = null;
  let calls = 0;
  const stop = new AbortController();
  const end = Date.now() + seconds * 1000;
  const timer = setTimeout(() => stop.abort(), seconds * 1000);
  const accountSid = sid('AC');
  // Only what completes inside the run: at its end every caller still waiting hangs up at once, a burst no real line sees.
  const record = (step) => {
    if (!step.ok || Date.now() > end) return;
    const name = `POST /${step.path.slice(WEBHOOK_BASE_PATH.length + 1).split('?')[0]}`;
    if (!byEndpoint.has(name)) byEndpoint.set(name, []);
    byEndpoint.get(name).push(step.ms);
  };
  const between = (a, b) => a + Math.random() * (b - a);
  setMaxListeners(CALLS * 2 + 10, stop.signal); // every waiting caller listens for the end of the run
  const cpu = cpuMeter(target.pid);
  const t0 = performance.now();
  const line = async () => {
    await new Promise((r) => setTimeout(r, between(0, RAMP_SECONDS * 1000))); // the first calls arrive over the ramp, not in one instant
    while (Date.now() < end) {
      calls += 1;
      try {
        // At the end of the run every caller still waiting hangs up at once (the signal cuts the wait short).
        await simulateCall({
          baseUrl: target.baseUrl,
          publicUrl: target.baseUrl,
          token: target.token,
          from: nextCaller(),
          to: BENCH_LINE,
          accountSid,
          digits: String(1 + Math.floor(Math.random() * 3)),
          menuDelayMs: between(2000, 5000),
          wait: between(5, 20),
          hangup: true,
          signal: stop.signal,
          log: record,
        });
      } catch (error) {
        errors += 1;
        firstError ??= error.message;
      }
    }
  };
  await Promise.all(Array.from({ length: CALLS }, line));
  clearTimeout(timer);
  const elapsed = (performance.now() - t0) / 1000;
  const used = cpu();
  const order = ['POST /voice', 'POST /voice/language', 'POST /voice/hold', 'POST /voice/queue-result', 'POST /voice/status'];
  const rows = [...byEndpoint.entries()]
    .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
    .map(([name, values]) => ({ name, rps: values.length / elapsed, ...percentiles(values) }));
  const all = [...byEndpoint.values()].flat();
  rows.push({ name: 'all webhooks', rps: all.length / elapsed, ...percentiles(all) });
  return { elapsed, errors, firstError, calls, cpu: used, rows };
}

// ---- the baseline: a bare node:http server with fixed TwiML -----------------------------------

const BARE_SERVER = `
import http from 'node:http';
const base = process.env.BASE + ${JSON.stringify(WEBHOOK_BASE_PATH)};
const xml = (inner) => '<?xml version="1.0" encoding="UTF-8"?><Response>' + inner + '</Response>';
const say = (lang, text) => '<Say language="' + lang + '">' + text + '</Say>';
const answers = {
  '/voice': xml('<Gather numDigits="1" timeout="5" action="' + base + '/voice/language" method="POST" actionOnEmptyResult="true">' + say('ru-RU', 'Горячая линия 11616. Для русского языка нажмите 1.') + say('ru-RU', '11616 сенім телефоны. Қазақ тілі үшін 2-ні басыңыз.') + say('en-GB', 'Hotline 11616. For English, press 3.') + '</Gather><Redirect method="POST">' + base + '/voice/language</Redirect>'),
  '/voice/language': xml('<Enqueue waitUrl="' + base + '/voice/hold?lang=ru" waitUrlMethod="POST" action="' + base + '/voice/queue-result" method="POST">hotline-ala</Enqueue>'),
  '/voice/hold': xml(say('ru-RU', 'Пожалуйста, оставайтесь на линии. Оператор скоро ответит.') + '<Pause length="10"/>'),
  '/voice/queue-result': xml('<Hangup/>'),
};
const server = http.createServer((request, response) => {
  const chunks = [];
  request.on('data', (c) => chunks.push(c));
  request.on('end', () => {
    const path = request.url.slice(${WEBHOOK_BASE_PATH.length}).split('?')[0];
    const body = answers[path];
    if (body === undefined) { response.writeHead(204); response.end(); return; }
    response.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' });
    response.end(body);
  });
});
server.keepAliveTimeout = 5000;
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('listening\\n'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

async function startBare() {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', BARE_SERVER], {
    env: { PORT: String(port), BASE: baseUrl },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const [chunk] = await once(child.stdout, 'data');
  if (!String(chunk).includes('listening')) throw new Error('the baseline server did not start');
  return { name: 'bare node:http', baseUrl, token: TOKEN, pid: child.pid };
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
    TELEPHONY_DEV_TOKEN: TOKEN,
  };
  // The local adapter, whatever the shell has: the bench never talks to Twilio.
  for (const name of ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_API_BASE_URL', 'TELEPHONY_LINES', 'TELEPHONY_DEFAULT_OFFICE']) delete env[name];
  const child = spawn(process.execPath, ['dist/apps/api/main.js'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(child);
  await waitFor(`${baseUrl}/api/health/ready`, 'the API', child);
  return { name: 'Mayak API', baseUrl, token: TOKEN, pid: child.pid };
}

// ---- the run ---------------------------------------------------------------------------------

const pad = (value, width) => String(value).padStart(width);
const ms = (value) => (Number.isNaN(value) ? '-' : value.toFixed(1));

function printTable(title, results) {
  console.log(`\n${title}\n`);
  console.log(
    `${'server'.padEnd(16)}${'webhook'.padEnd(26)}${pad('count', 8)}${pad('req/s', 8)}${pad('p50 ms', 9)}${pad('p90 ms', 9)}${pad('p99 ms', 9)}${pad('max ms', 9)}`,
  );
  for (const { target, result } of results) {
    for (const r of result.rows)
      console.log(
        `${target.name.padEnd(16)}${r.name.padEnd(26)}${pad(r.n, 8)}${pad(r.rps.toFixed(0), 8)}${pad(ms(r.p50), 9)}${pad(ms(r.p90), 9)}${pad(ms(r.p99), 9)}${pad(ms(r.max), 9)}`,
      );
    console.log(
      `${target.name.padEnd(16)}errors ${result.errors}${result.calls ? `, ${result.calls} calls` : ''}; ${formatCpu(result.cpu)}${result.firstError ? `; first error: ${result.firstError}` : ''}`,
    );
  }
}

function verdict(results, endpoint) {
  const bare = results.find((r) => r.target.name === 'bare node:http')?.result.rows.find((r) => r.name === endpoint);
  const api = results.find((r) => r.target.name === 'Mayak API')?.result.rows.find((r) => r.name === endpoint);
  if (!bare || !api) return;
  console.log(
    `${endpoint}: API p50 ${ms(api.p50)} ms / p99 ${ms(api.p99)} ms, bare p50 ${ms(bare.p50)} ms / p99 ${ms(bare.p99)} ms (p99 ×${(api.p99 / bare.p99).toFixed(1)}, throughput ${((api.rps / bare.rps) * 100).toFixed(0)}% of bare); target p99 < 50 ms: ${api.p99 < 50 ? 'met' : 'NOT met'}`,
  );
}

let exitCode = 0;
try {
  if (args.database) database = { url: String(args.database), created: false };
  else if (await databaseExists(BENCH_DB)) database = { url: BENCH_DB, created: false };
  else {
    database = { url: FRESH_DB, created: true };
    await freshDatabase(FRESH_DB, REDIS_PREFIX); // dropped first: ours by name, a run stopped hard may have left it
  }
  log(`${database.created ? 'created, migrated and seeded' : 'using'} ${dbName(database.url)}`);
  const api = await startApi(database.url);
  const bare = await startBare();
  log(`API at ${api.baseUrl} (pid ${api.pid}), bare server at ${bare.baseUrl}; ${CALLS} calls at once`);

  // Warm caches, connection pools and the JIT on both, unrecorded.
  for (const target of [bare, api]) await closedLoop(target, 2);
  log('warmed up');

  if (ONLY !== 'paced') {
    const results = [];
    for (const target of [bare, api]) {
      if (!args['no-wait']) await waitForQuiet(log);
      log(`closed loop against ${target.name}, ${SECONDS} s`);
      results.push({ target, result: await closedLoop(target, SECONDS) });
    }
    printTable(
      `Closed loop: ${CALLS} callers ring (POST /voice), press 1 (POST /voice/language) and ring again, ${SECONDS} s; client and servers share the machine's cores`,
      results,
    );
    console.log();
    verdict(results, 'POST /voice');
    record('closed', results);
    if (results.some((r) => r.result.errors)) exitCode = 1;
  }
  if (ONLY !== 'closed') {
    const results = [];
    for (const target of [bare, api]) {
      if (!args['no-wait']) await waitForQuiet(log);
      log(`paced: ${CALLS} live calls against ${target.name}, ${PACED_SECONDS} s`);
      results.push({ target, result: await pacedLoad(target, PACED_SECONDS) });
    }
    printTable(
      `Paced: ${CALLS} live calls at the network's pace (arriving over ${RAMP_SECONDS} s, menu 2-5 s, hold fetched every 10 s, hang up after 5-20 s in the queue, replaced at once), ${PACED_SECONDS} s`,
      results,
    );
    console.log();
    verdict(results, 'POST /voice');
    verdict(results, 'all webhooks');
    record('paced', results);
    if (results.some((r) => r.result.errors)) exitCode = 1;
  }
  await finishRecording(recording, args, { databaseUrl: database.url });
  if (process.exitCode) exitCode = process.exitCode;
} catch (error) {
  console.error(error);
  exitCode = 1;
} finally {
  await cleanup();
}
process.exit(exitCode);
