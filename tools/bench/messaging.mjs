#!/usr/bin/env node
// Written channels under load, loopback only, bounded in count and time:
//   npm run bench:messaging -- [--whatsapp 1000] [--concurrency 50] [--webchats 200] [--spread 10]
//   [--out FILE] [--compare EARLIER.json] [--tolerance 0.1]: figures saved and compared as results.mjs says
// 1. A burst of inbound WhatsApp messages, each from its own number, sent as Twilio sends them
//    (signed form posts to the messaging webhook), `concurrency` at a time.
// 2. Web chats open at once, each sending a message at a moment of its own within `spread`
//    seconds while all of them poll for answers every 3 s as the widget does (each visitor from
//    its own address behind the trusted proxy).
// For every message: from the first byte sent to the `message.received` event in an
// operator's console (Server-Sent Events), matched to the message through the database.
import { spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
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

const require = createRequire(import.meta.url);
const { getExpectedTwilioSignature } = require('twilio');
const { Client } = require('pg');
const { loadConfig } = require('../../dist/apps/api/core/config/app-config.js');
const { BlindIndex } = require('../../dist/apps/api/core/crypto/blind-index.js');

const args = parseArgs(process.argv.slice(2), { whatsapp: 1000, concurrency: 50, webchats: 200, spread: 10 });
const SPREAD_MS = Math.min(120, Number(args.spread)) * 1000;
const WHATSAPP = Math.min(5000, Number(args.whatsapp));
const CONCURRENCY = Math.min(200, Number(args.concurrency));
const WEBCHATS = Math.min(1000, Number(args.webchats));
const DB = 'postgres://postgres@127.0.0.1:5432/mayak_bench_messaging';
const REDIS_PREFIX = `mayak_bench_messaging_${process.pid}`;
const recording = startRecording('messaging', args, { whatsapp: WHATSAPP, concurrency: CONCURRENCY, webchats: WEBCHATS, spread: SPREAD_MS / 1000 });
const TOKEN = 'mayak-local-telephony-token';
const HOTLINE = '+77000011616';
const log = (message) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${message}`);

const children = [];
const streams = [];
let cleaned = false;
async function cleanup() {
  if (cleaned) return;
  cleaned = true;
  for (const stream of streams) stream.destroy();
  for (const child of children) await stopChild(child);
  await deleteRedisKeys(REDIS_PREFIX).catch(() => undefined);
  await dropDatabase(DB).catch(() => undefined);
}
cleanupOnSignals(cleanup);

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
function post(url, body, headers) {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', agent, headers: { 'content-length': Buffer.byteLength(body), ...headers } }, (response) => {
      const chunks = [];
      response.on('data', (c) => chunks.push(c));
      response.on('end', () => resolve({ status: response.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
    });
    request.setTimeout(30_000, () => request.destroy(new Error('timed out')));
    request.on('error', reject);
    request.end(body);
  });
}

async function startApi() {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    NODE_ENV: 'development',
    PORT: String(port),
    PUBLIC_URL: baseUrl,
    DATABASE_URL: DB,
    REDIS_URL,
    REDIS_KEY_PREFIX: REDIS_PREFIX,
    LOG_LEVEL: 'warn',
    MFA_REQUIRED_ROLES: '',
    TRUST_PROXY: 'true',
    WEB_DIST_PATH: '',
  };
  // BENCH_API_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' profiles the API (Node refuses --cpu-prof in NODE_OPTIONS).
  const nodeArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, 'dist/apps/api/main.js'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(child);
  const deadline = Date.now() + 60_000;
  while (
    !(await fetch(`${baseUrl}/api/health/ready`).then(
      (r) => r.ok,
      () => false,
    ))
  ) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error('the API did not start');
    await new Promise((r) => setTimeout(r, 200));
  }
  return { baseUrl, pid: child.pid, env };
}

/** An operator's console: signed in, available, holding the event stream. */
async function operatorConsole(baseUrl, onEvent) {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'operator.almaty@mayak.test', password: 'mayak-demo-2026' }),
  });
  if (!login.ok) throw new Error(`sign-in: ${login.status}`);
  const { csrfToken } = await login.json();
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const presence = await fetch(`${baseUrl}/api/v1/telephony/presence`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify({ status: 'available' }),
  });
  if (!presence.ok) throw new Error(`presence: ${presence.status}`);
  await new Promise((resolve, reject) => {
    const request = http.get(`${baseUrl}/api/v1/events`, { headers: { accept: 'text/event-stream', cookie } }, (response) => {
      if (response.statusCode !== 200) return reject(new Error(`events: ${response.statusCode}`));
      response.setEncoding('utf8');
      let buffer = '';
      response.on('data', (chunk) => {
        const at = performance.now();
        buffer += chunk;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const type = frame
            .split('\n')
            .find((l) => l.startsWith('event: '))
            ?.slice(7);
          const data = frame.split('\n').find((l) => l.startsWith('data: '));
          if (type && data) onEvent(type, JSON.parse(data.slice(6)), at);
        }
      });
      response.once('data', resolve);
    });
    request.on('error', (error) => (cleaned ? undefined : reject(error)));
    streams.push(request);
  });
}

/** Runs `tasks` with at most `limit` at a time. */
async function pool(tasks, limit) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, tasks.length) }, async () => {
      while (next < tasks.length) await tasks[next++]();
    }),
  );
}

/** The percentiles a saved figure keeps. */
const pick = ({ p50, p90, p99, max }) => ({ p50, p90, p99, max });

function summary(name, latencies, requests, missing, cpu) {
  const l = percentiles(latencies);
  const r = percentiles(requests);
  console.log(`${name}`);
  console.log(
    `  message to inbox (the operator's event): n=${l.n} p50 ${l.p50.toFixed(1)} ms, p90 ${l.p90.toFixed(1)} ms, p99 ${l.p99.toFixed(1)} ms, max ${l.max.toFixed(1)} ms; missing ${missing}`,
  );
  console.log(`  request answered:                        p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms`);
  console.log(`  ${formatCpu(cpu, 'API')}`);
}

let exitCode = 0;
try {
  await freshDatabase(DB, REDIS_PREFIX);
  const api = await startApi();
  const config = loadConfig({ ...api.env });
  const blind = new BlindIndex(config.identifierHashKey);
  const db = new Client({ connectionString: DB });
  await db.connect();
  const events = new Map();
  await operatorConsole(api.baseUrl, (type, data, at) => {
    if (type === 'message.received' && !events.has(data.conversationId)) events.set(data.conversationId, at);
  });
  log(`API at ${api.baseUrl}; an operator's console holds the event stream`);

  // 1. WhatsApp burst.
  const sent = new Map();
  const requestTimes = [];
  const numbers = Array.from({ length: WHATSAPP }, (_, i) => `+996555${String(1_000_000 + i).slice(1)}`);
  let meter = cpuMeter(api.pid);
  const burstStarted = performance.now();
  await pool(
    numbers.map((number, i) => async () => {
      const sid = `SM${createHash('md5').update(`${process.pid}-${i}`).digest('hex')}`;
      const form = {
        AccountSid: `AC${'0'.repeat(32)}`,
        ApiVersion: '2010-04-01',
        Body: `Сообщение ${i}: мне нужна помощь`,
        From: `whatsapp:${number}`,
        To: `whatsapp:${HOTLINE}`,
        MessageSid: sid,
        SmsMessageSid: sid,
        SmsSid: sid,
        SmsStatus: 'received',
        NumMedia: '0',
        NumSegments: '1',
        ProfileName: `Bench ${i}`,
        WaId: number.slice(1),
      };
      const url = `${api.baseUrl}/api/v1/telephony/twilio/sms`;
      const signature = getExpectedTwilioSignature(TOKEN, url, form);
      const started = performance.now();
      sent.set(blind.of('phone', number), started);
      const response = await post(url, new URLSearchParams(form).toString(), {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': signature,
      });
      requestTimes.push(performance.now() - started);
      if (response.status !== 200) throw new Error(`webhook ${response.status}: ${response.body.slice(0, 200)}`);
    }),
    CONCURRENCY,
  );
  // CPU over the burst itself (not the wait after it), and the rate it was taken at.
  let cpu = meter();
  const burstRate = WHATSAPP / ((performance.now() - burstStarted) / 1000);
  await new Promise((r) => setTimeout(r, 2000));
  const whatsappRows = (await db.query(`SELECT id, phone_hash FROM conversations WHERE channel = 'whatsapp'`)).rows;
  const whatsappLatencies = [];
  for (const row of whatsappRows) {
    const t0 = sent.get(row.phone_hash);
    const t1 = events.get(row.id);
    if (t0 !== undefined && t1 !== undefined) whatsappLatencies.push(t1 - t0);
  }
  const whatsappMissing = WHATSAPP - whatsappLatencies.length;
  // Deliveries not filed yet (a worker would file them within its next sweep): why.
  const pending = (await db.query(`SELECT coalesce(last_error, '') AS error, count(*)::int AS n FROM inbound_webhooks WHERE processed_at IS NULL GROUP BY 1`))
    .rows;
  for (const row of pending) log(`${row.n} delivery(ies) stored but not filed yet: ${row.error.slice(0, 200)}`);

  // 2. Web chats.
  const sessions = [];
  for (let i = 0; i < WEBCHATS; i++) {
    const forwardedFor = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    const response = await post(`${api.baseUrl}/api/v1/webchat/sessions`, JSON.stringify({ language: 'ru' }), {
      'content-type': 'application/json',
      'x-forwarded-for': forwardedFor,
    });
    if (response.status !== 201) throw new Error(`web chat session ${response.status}: ${response.body.slice(0, 200)}`);
    sessions.push({ token: JSON.parse(response.body).token, forwardedFor });
  }
  log(`${WEBCHATS} web chats open; each polls every 3 s while each sends a message`);
  const polling = { stop: false, reads: [] };
  const pollers = sessions.map(async (s, i) => {
    await new Promise((r) => setTimeout(r, (i * 3000) / WEBCHATS));
    for (let round = 0; round < 20 && !polling.stop; round++) {
      const started = performance.now();
      const response = await fetch(`${api.baseUrl}/api/v1/webchat/messages`, {
        headers: { authorization: `Bearer ${s.token}`, 'x-forwarded-for': s.forwardedFor },
      });
      await response.text();
      polling.reads.push(performance.now() - started);
      await new Promise((r) => setTimeout(r, 3000));
    }
  });
  const chatSent = new Map();
  const chatRequests = [];
  meter = cpuMeter(api.pid);
  await pool(
    sessions.map((s, i) => async () => {
      await new Promise((r) => setTimeout(r, (i * SPREAD_MS) / WEBCHATS));
      const started = performance.now();
      chatSent.set(createHash('sha256').update(s.token).digest('base64url'), started);
      const response = await post(
        `${api.baseUrl}/api/v1/webchat/messages`,
        JSON.stringify({ clientMessageId: randomUUID(), text: `Чат ${i}: нужна консультация` }),
        { 'content-type': 'application/json', authorization: `Bearer ${s.token}`, 'x-forwarded-for': s.forwardedFor },
      );
      chatRequests.push(performance.now() - started);
      if (response.status !== 202) throw new Error(`web chat message ${response.status}: ${response.body.slice(0, 200)}`);
    }),
    WEBCHATS,
  );
  await new Promise((r) => setTimeout(r, 4000));
  polling.stop = true;
  await Promise.all(pollers);
  cpu = { web: meter(), whatsapp: cpu };
  const chatRows = (await db.query(`SELECT token_hash, conversation_id FROM webchat_sessions WHERE conversation_id IS NOT NULL`)).rows;
  const chatLatencies = [];
  for (const row of chatRows) {
    const t0 = chatSent.get(row.token_hash);
    const t1 = events.get(row.conversation_id);
    if (t0 !== undefined && t1 !== undefined) chatLatencies.push(t1 - t0);
  }
  const chatMissing = WEBCHATS - chatLatencies.length;
  await db.end();

  console.log(`\nWritten channels on one API process (loopback; Postgres and Redis local)\n`);
  summary(
    `Burst of ${WHATSAPP} inbound WhatsApp messages, ${CONCURRENCY} at a time, each from its own number (taken at ${burstRate.toFixed(0)} messages/s)`,
    whatsappLatencies,
    requestTimes,
    whatsappMissing,
    cpu.whatsapp,
  );
  summary(
    `${WEBCHATS} web chats open at once, their messages spread over ${SPREAD_MS / 1000} s, all polling every 3 s`,
    chatLatencies,
    chatRequests,
    chatMissing,
    cpu.web,
  );
  const reads = percentiles(polling.reads);
  console.log(`  the widget's reads while it happens:     n=${reads.n} p50 ${reads.p50.toFixed(1)} ms, p99 ${reads.p99.toFixed(1)} ms`);
  if (whatsappMissing || chatMissing) exitCode = 1;
  const { p50, p90, p99, max } = percentiles(whatsappLatencies);
  recording.add(scenarioFigures('whatsapp burst: message to inbox', { p50, p90, p99, max, missing: whatsappMissing }));
  recording.add(scenarioFigures('whatsapp burst: request answered', { ...pick(percentiles(requestTimes)), rps: burstRate }));
  recording.add(scenarioFigures('web chats: message to inbox', { ...pick(percentiles(chatLatencies)), missing: chatMissing }));
  recording.add(scenarioFigures('web chats: request answered', pick(percentiles(chatRequests))));
  recording.add(scenarioFigures("web chats: the widget's reads", pick(reads)));
  await finishRecording(recording, args, { databaseUrl: DB });
  if (process.exitCode) exitCode = process.exitCode;
} catch (error) {
  console.error(error);
  exitCode = 1;
} finally {
  await cleanup();
}
process.exit(exitCode);
