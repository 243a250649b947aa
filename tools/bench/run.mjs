#!/usr/bin/env node
// Measures the API on the benchmark data (npm run bench:seed first), over loopback only:
//   npm run bench -- [--url http://127.0.0.1:3000] [--seconds 5] [--concurrency 4] [--only cases] [--api-processes 1]
//                    [--out FILE] [--compare EARLIER.json] [--tolerance 0.1] [--fail-on-regression]
// Without --url it starts the built API itself on the bench database (BENCH_DATABASE_URL or
// postgres://postgres@127.0.0.1:5432/mayak_bench) and stops it afterwards. Prints, for each
// scenario, requests per second and latency percentiles; `GET /api/health` is the baseline
// of the HTTP stack itself on this machine. Every run saves its figures (bench-results/run-<time>.json
// or --out FILE); --compare prints them beside an earlier run's (results.mjs, compare-core.cjs).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { BENCH_PASSWORD, benchEmail, mulberry32, parseArgs, pick } from './common.mjs';
import { apiIntake, bareIntake, pgbenchIntake, removeBenchContacts } from './intake-throughput.mjs';
import { baselinesFrom, finishRecording, scenarioFigures, startRecording } from './results.mjs';

const domainTransliterate = createRequire(import.meta.url)('@mayak/domain').transliterate;

const args = parseArgs(process.argv.slice(2), {
  seconds: 5,
  concurrency: 4,
  connections: 24,
  'throughput-seconds': 10,
  database: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/mayak_bench',
  'max-requests': 20_000,
  'api-processes': 1,
});
const SECONDS = Math.min(60, Number(args.seconds));
const CONCURRENCY = Math.min(64, Number(args.concurrency));
const MAX_REQUESTS = Number(args['max-requests']);
const CONNECTIONS = Math.min(256, Number(args.connections));
const THROUGHPUT_SECONDS = Math.min(60, Number(args['throughput-seconds']));
const random = mulberry32(7);

/** The contacts in the bench database (what `bench:seed --contacts` made, plus what runs left). */
async function countContacts() {
  const pg = createRequire(import.meta.url)('pg');
  const db = new pg.Client({ connectionString: args.database });
  try {
    await db.connect();
    return Number((await db.query('SELECT count(*) AS n FROM contacts')).rows[0].n);
  } catch {
    return null;
  } finally {
    await db.end().catch(() => undefined);
  }
}
const recording = startRecording('run', args, {
  seconds: SECONDS,
  concurrency: CONCURRENCY,
  maxRequests: MAX_REQUESTS,
  // The saturation phase's options only when it runs (see `only` below).
  ...(!args.only || 'throughput: log a contact'.includes(String(args.only)) ? { connections: CONNECTIONS, throughputSeconds: THROUGHPUT_SECONDS } : {}),
  only: args.only ? String(args.only) : null,
  url: args.url ?? null,
  apiProcesses: args.url ? null : Number(args['api-processes']),
  contacts: await countContacts(),
});

async function freePort() {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  return port;
}

let api = null;
let baseUrl = args.url;
if (!baseUrl) {
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  api = spawn(process.execPath, ['dist/apps/api/main.js'], {
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(port),
      DATABASE_URL: args.database,
      MFA_REQUIRED_ROLES: '',
      LOG_LEVEL: 'warn',
      REDIS_KEY_PREFIX: 'mayak_bench',
      PUBLIC_URL: baseUrl,
      API_PROCESSES: String(args['api-processes']),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (Date.now() > deadline) throw new Error('The API did not start within 30 s');
    try {
      if ((await fetch(`${baseUrl}/api/health/ready`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

// Whatever happens below, the API this run started does not outlive it.
process.on('exit', () => api?.exitCode === null && api.kill('SIGKILL'));

/** A signed-in session: cookie and CSRF token, as the console holds them. */
async function signIn(email) {
  const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: BENCH_PASSWORD }),
  });
  if (!response.ok) throw new Error(`sign-in as ${email}: ${response.status} ${await response.text()}`);
  const body = await response.json();
  if (body.state !== 'active') throw new Error(`${email} needs a second factor; run the API with MFA_REQUIRED_ROLES=`);
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return { cookie, csrf: body.csrfToken };
}

function request(session, method, path, body) {
  return fetch(`${baseUrl}${path}`, {
    method,
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
}

async function json(session, method, path, body) {
  const response = await request(session, method, path, body);
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

const supervisor = await signIn(benchEmail('supervisor', 1, 'almaty'));
const operator = await signIn(benchEmail('operator', 1, 'almaty'));
const caseWorker = await signIn(benchEmail('case_worker', 1, 'almaty'));
const admin = await signIn(benchEmail('admin', 1, 'almaty'));

// Inputs taken from the data itself, so every search finds something.
const firstPage = await json(supervisor, 'GET', '/api/v1/cases?limit=50');
const references = firstPage.items.map((c) => c.reference);
const secondCursor = firstPage.nextCursor;
const someCase = await json(supervisor, 'GET', `/api/v1/cases/${firstPage.items[0].id}`);
// Earlier runs leave new contacts without numbers and cases without people on top: page on (bounded) until there are enough.
async function collect(path, pick, wanted) {
  const found = [];
  let cursor = null;
  for (let page = 0; page < 40 && found.length < wanted; page += 1) {
    const body = await json(supervisor, 'GET', `${path}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    for (const item of body.items) if (found.length < wanted && pick(item)) found.push(item);
    if (!body.nextCursor) break;
    cursor = body.nextCursor;
  }
  return found;
}
const phones = (await collect('/api/v1/contacts?limit=100', (c) => c.phone, 50)).map((c) => c.phone);
// Full names as operators type them, half in Latin spelling, taken from people the supervisor may see.
const names = [];
for (const c of await collect('/api/v1/cases?limit=100', (c) => c.personId, 10)) {
  const person = await json(supervisor, 'GET', `/api/v1/people/${c.personId}`);
  if (person.name) names.push(names.length % 2 ? person.name : domainTransliterate(person.name));
}
const words = ['паспорт', 'зарплату', 'passport', 'visa', 'консульства'];
if (!references.length || !phones.length || !secondCursor || !someCase || !names.length)
  throw new Error('The bench database looks empty; run npm run bench:seed first');

const scenarios = [
  ['baseline: GET /api/health', () => fetch(`${baseUrl}/api/health`)],
  ['baseline: GET /auth/me (session)', () => request(supervisor, 'GET', '/api/v1/auth/me')],
  ['cases: office list, 50', () => request(supervisor, 'GET', '/api/v1/cases?limit=50')],
  ['cases: 2nd page (keyset)', () => request(supervisor, 'GET', `/api/v1/cases?limit=50&cursor=${encodeURIComponent(secondCursor)}`)],
  ['cases: status+priority filter', () => request(supervisor, 'GET', '/api/v1/cases?limit=50&status=in_progress,follow_up&priority=high')],
  ['cases: my cases (case worker)', () => request(caseWorker, 'GET', '/api/v1/cases?limit=50&assignee=me')],
  ['cases: operator office list', () => request(operator, 'GET', '/api/v1/cases?limit=50')],
  ['cases: search by reference', () => request(supervisor, 'GET', `/api/v1/cases?q=${encodeURIComponent(pick(random, references))}`)],
  ['cases: search by phone', () => request(supervisor, 'GET', `/api/v1/cases?q=${encodeURIComponent(pick(random, phones))}`)],
  ['cases: search by name', () => request(supervisor, 'GET', `/api/v1/cases?limit=50&q=${encodeURIComponent(pick(random, names))}`)],
  ['cases: search notes text', () => request(supervisor, 'GET', `/api/v1/cases?limit=50&q=${encodeURIComponent(pick(random, words))}`)],
  ['cases: read one (audited)', () => request(supervisor, 'GET', `/api/v1/cases/${pick(random, firstPage.items).id}`)],
  ['cases: timeline', () => request(supervisor, 'GET', `/api/v1/cases/${pick(random, firstPage.items).id}/timeline?limit=50`)],
  ['contacts: office list, 50', () => request(supervisor, 'GET', '/api/v1/contacts?limit=50')],
  [
    'contacts: category + dates',
    () => request(supervisor, 'GET', `/api/v1/contacts?limit=50&category=labour_exploitation&from=${new Date(Date.now() - 180 * 86400_000).toISOString()}`),
  ],
  ['callers: repeat-caller lookup', () => request(operator, 'POST', '/api/v1/callers/lookup', { phone: pick(random, phones) })],
  ['dashboards: the line now', () => request(supervisor, 'GET', '/api/v1/dashboards/line')],
  ['dashboards: activity, 30 days', () => request(supervisor, 'GET', '/api/v1/dashboards/activity')],
  [
    'dashboards: activity, 1 year',
    () => request(supervisor, 'GET', `/api/v1/dashboards/activity?from=${new Date(Date.now() - 365 * 86400_000).toISOString().slice(0, 10)}`),
  ],
  ['dashboards: case load, 30 days', () => request(supervisor, 'GET', '/api/v1/dashboards/caseload')],
  [
    'dashboards: trafficking, 1 year',
    () => request(supervisor, 'GET', `/api/v1/dashboards/trafficking?from=${new Date(Date.now() - 365 * 86400_000).toISOString().slice(0, 10)}`),
  ],
  [
    'dashboards: case load, 1 year',
    () => request(supervisor, 'GET', `/api/v1/dashboards/caseload?from=${new Date(Date.now() - 365 * 86400_000).toISOString().slice(0, 10)}`),
  ],
  [
    'dashboards: activity, 1 yr, 5 offices',
    () => request(admin, 'GET', `/api/v1/dashboards/activity?from=${new Date(Date.now() - 365 * 86400_000).toISOString().slice(0, 10)}`),
  ],
  [
    'dashboards: trafficking, 2 yr, 5 offices',
    () => request(admin, 'GET', `/api/v1/dashboards/trafficking?from=${new Date(Date.now() - 729 * 86400_000).toISOString().slice(0, 10)}`),
  ],
  ['drill-down: trafficking cases, filter', () => request(supervisor, 'GET', '/api/v1/cases?limit=50&trafficking=true&exploitationType=ForcedLabour')],
  [
    'drill-down: contacts by language+hour',
    () => request(supervisor, 'GET', `/api/v1/contacts?limit=50&language=kk&hour=14&from=${new Date(Date.now() - 365 * 86400_000).toISOString()}`),
  ],
  [
    'cases: open one from a contact',
    async () => {
      const contact = await json(operator, 'POST', '/api/v1/contacts', {
        channel: 'voice',
        category: 'labour_exploitation',
        notes: 'Работодатель удерживает паспорт',
      });
      const t0 = performance.now();
      return {
        t0,
        response: await request(operator, 'POST', `/api/v1/contacts/${contact.id}/open-case`, { version: contact.version, type: 'labour_exploitation' }),
      };
    },
  ],
  [
    'contacts: log a contact',
    () =>
      request(operator, 'POST', '/api/v1/contacts', {
        channel: 'voice',
        category: 'migration_law_information',
        callerType: 'migrant_seeking_information',
        phone: `+7701${String(Math.floor(random() * 9_000_000) + 1_000_000)}`,
        notes: 'Спрашивает, как продлить регистрацию',
      }),
  ],
];

async function measure(name, call) {
  const latencies = [];
  let errors = 0;
  const end = Date.now() + SECONDS * 1000;
  const worker = async () => {
    while (Date.now() < end && latencies.length + errors < MAX_REQUESTS) {
      const t0 = performance.now();
      try {
        // A scenario may prepare untimed (a new contact to open a case from) and say when its own request started.
        const out = await call();
        const response = out instanceof Response ? out : out.response;
        await response.arrayBuffer();
        if (response.ok) latencies.push(performance.now() - (out instanceof Response ? t0 : out.t0));
        else errors += 1;
      } catch {
        errors += 1;
      }
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const elapsed = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (p) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] : NaN);
  return {
    name,
    requests: latencies.length,
    errors,
    rps: latencies.length / elapsed,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    max: latencies[latencies.length - 1] ?? NaN,
  };
}

const only = args.only ? String(args.only) : null;
const results = [];
const throughput = [];
const startedAt = new Date();
try {
  for (const [name, call] of scenarios) {
    if (only && !name.includes(only) && !name.startsWith('baseline')) continue;
    for (let i = 0; i < 20; i += 1)
      await call().then(
        (r) => (r instanceof Response ? r : r.response).arrayBuffer(),
        () => undefined,
      ); // warm caches and JIT
    results.push(await measure(name, call));
  }
  if (!only || 'throughput: log a contact'.includes(only)) {
    const options = { connections: CONNECTIONS, seconds: THROUGHPUT_SECONDS };
    await apiIntake(baseUrl, operator, { connections: CONNECTIONS, seconds: 3 }); // warm up
    throughput.push(['Mayak API: POST /contacts', await apiIntake(baseUrl, operator, options)]);
    throughput.push(['baseline: pgbench, same insert', await pgbenchIntake(args.database, { clients: CONNECTIONS, seconds: THROUGHPUT_SECONDS })]);
    throughput.push(['baseline: bare node:http POST', await bareIntake(options)]);
  }
} finally {
  if (throughput.length && !args.url) await removeBenchContacts(args.database, startedAt).catch(() => undefined);
  if (api) {
    api.kill('SIGTERM');
    await once(api, 'exit');
  }
}

const pad = (value, width) => String(value).padStart(width);
const ms = (value) => (Number.isNaN(value) ? '-' : value.toFixed(1));
console.log(`\n${SECONDS} s per scenario, ${CONCURRENCY} concurrent requests, loopback (${baseUrl})\n`);
console.log(`${'scenario'.padEnd(34)}${pad('req/s', 9)}${pad('p50 ms', 9)}${pad('p95 ms', 9)}${pad('p99 ms', 9)}${pad('max ms', 9)}${pad('errors', 8)}`);
for (const r of results)
  console.log(
    `${r.name.padEnd(34)}${pad(r.rps.toFixed(0), 9)}${pad(ms(r.p50), 9)}${pad(ms(r.p95), 9)}${pad(ms(r.p99), 9)}${pad(ms(r.max), 9)}${pad(r.errors, 8)}`,
  );

if (throughput.length) {
  console.log(
    `\nContact logging at saturation: ${CONNECTIONS} connections (pgbench: clients) for ${THROUGHPUT_SECONDS} s; API, Postgres and client share the machine's cores\n`,
  );
  console.log(`${'scenario'.padEnd(34)}${pad('req/s', 9)}${pad('p50 ms', 9)}${pad('p97.5', 9)}${pad('p99 ms', 9)}${pad('max ms', 9)}${pad('errors', 8)}`);
  const api = throughput[0][1];
  for (const [name, r] of throughput) {
    if (!r) {
      console.log(`${name.padEnd(34)}  (pgbench not installed)`);
      continue;
    }
    const ratio = r === api ? '' : `   API at ${((api.rps / r.rps) * 100).toFixed(0)}% of this`;
    console.log(
      `${name.padEnd(34)}${pad(r.rps.toFixed(0), 9)}${pad(ms(r.p50), 9)}${pad(ms(r.p97_5), 9)}${pad(ms(r.p99), 9)}${pad(ms(r.max), 9)}${pad(r.errors, 8)}${ratio}`,
    );
  }
  console.log(`\ntarget: at least 1,000 contacts a second with p99 under 50 ms: ${api.rps >= 1000 && api.p99 < 50 ? 'met' : 'NOT met'}`);
}

// The figures, each beside the baselines of the same run: the HTTP floor (GET /api/health) and the
// signed-in floor (GET /auth/me) for the scenarios; pgbench and bare node:http for contact logging.
const floors = results.filter((r) => r.name.startsWith('baseline: '));
// A floor's own baseline is the floor below it (GET /auth/me beside GET /api/health), none for the first.
for (const r of results) recording.add(scenarioFigures(r.name, r, baselinesFrom(floors.includes(r) ? floors.slice(0, floors.indexOf(r)) : floors)));
const measured = throughput.filter(([, r]) => r).map(([name, r]) => ({ ...r, name }));
for (const r of measured) recording.add(scenarioFigures(`saturation: ${r.name}`, r, r === measured[0] ? baselinesFrom(measured.slice(1), 'saturation: ') : {}));
await finishRecording(recording, args, { databaseUrl: args.database });
