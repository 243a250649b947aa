// Contact logging at saturation, for `npm run bench` (run.mjs): autocannon keeps N
// connections busy with POST /api/v1/contacts as one operator, and beside it, in the same run,
// the two limits of this machine: Postgres writing the same contact and audit row with
// pgbench (N clients), and a bare node:http server taking the same POST (N connections).
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const autocannon = require('autocannon');
const pg = require('pg');

const BODY = (n) =>
  JSON.stringify({
    channel: 'voice',
    category: 'migration_law_information',
    callerType: 'migrant_seeking_information',
    phone: `+7701${1_000_000 + (n % 8_999_999)}`,
    notes: 'Спрашивает, как продлить регистрацию',
  });

function fromAutocannon(result) {
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p97_5: result.latency.p97_5,
    p99: result.latency.p99,
    max: result.latency.max,
    errors: result.errors + result.non2xx,
    requests: result.requests.total,
  };
}

/** POST /api/v1/contacts on `connections` connections for `seconds`, with a new number every time. */
export async function apiIntake(baseUrl, session, { connections, seconds }) {
  let n = Math.floor(Math.random() * 1e6);
  const result = await autocannon({
    url: baseUrl,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: '/api/v1/contacts',
        headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'content-type': 'application/json' },
        setupRequest: (request) => ({ ...request, body: BODY(n++) }),
      },
    ],
  });
  return fromAutocannon(result);
}

const BARE_SERVER = `
import http from 'node:http';
import { randomUUID } from 'node:crypto';
const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (d) => (body += d));
  req.on('end', () => {
    const input = JSON.parse(body);
    const out = JSON.stringify({ id: randomUUID(), status: 'in_progress', ...input, version: 1 });
    res.writeHead(201, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(out) });
    res.end(out);
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

/** The same POST against a bare node:http server that parses the body and answers 201: the HTTP floor. */
export async function bareIntake({ connections, seconds }) {
  const child = spawn(process.execPath, ['--input-type=module', '-e', BARE_SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const [chunk] = await once(child.stdout, 'data');
    const baseUrl = `http://127.0.0.1:${String(chunk).trim()}`;
    let n = 0;
    const result = await autocannon({
      url: baseUrl,
      connections,
      duration: seconds,
      requests: [
        {
          method: 'POST',
          path: '/api/v1/contacts',
          headers: { 'content-type': 'application/json' },
          setupRequest: (request) => ({ ...request, body: BODY(n++) }),
        },
      ],
    });
    return fromAutocannon(result);
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit').catch(() => undefined);
  }
}

/**
 * pgbench with the statement the API's single-contact path runs (the contact, its audit row and
 * the operator's name in one statement), one per transaction, `clients` at once.
 */
export async function pgbenchIntake(databaseUrl, { clients, seconds }) {
  if (spawnSync('pgbench', ['--version']).status !== 0) return null;
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const {
    rows: [who],
  } = await db.query(
    `SELECT u.id AS operator, uo.office_id AS office, u.email FROM users u JOIN user_offices uo ON uo.user_id = u.id WHERE 'operator' = ANY(u.roles) ORDER BY u.email LIMIT 1`,
  );
  await db.end();
  const dir = mkdtempSync(join(tmpdir(), 'mayak-pgbench-'));
  try {
    // pgbench reads :name as a variable, so casts are written CAST(... AS ...).
    writeFileSync(
      join(dir, 'intake.sql'),
      `\\set n random(1000000, 9999999)
WITH k AS (INSERT INTO contacts (office_id, operator_id, status, channel, direction, caller_type, category, risk_level, critical, started_at, phone_encrypted, phone_hash, notes)
  VALUES ('${who.office}', '${who.operator}', 'in_progress', 'voice', 'inbound', 'migrant_seeking_information', 'migration_law_information', 'none', false, now(),
          'k1.aaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbb.' || CAST(:n AS text), md5(CAST(:n AS text)), 'Спрашивает, как продлить регистрацию') RETURNING *),
a AS (INSERT INTO audit_log (occurred_at, actor_user_id, actor_email, action, entity_type, entity_id, office_id, ip, user_agent, request_id, summary)
  SELECT now(), '${who.operator}', '${who.email}', 'contacts.created', 'contact', CAST(k.id AS text), '${who.office}', '127.0.0.1', 'pgbench', CAST(gen_random_uuid() AS text), jsonb_build_object('channel', 'voice', 'phone', true) FROM k)
SELECT k.*, (SELECT display_name FROM users WHERE id = k.operator_id) FROM k;
`,
    );
    const url = new URL(databaseUrl);
    const run = spawnSync(
      'pgbench',
      [
        '-h',
        url.hostname,
        '-p',
        url.port || '5432',
        '-U',
        decodeURIComponent(url.username || 'postgres'),
        '-n',
        '-M',
        'prepared',
        '-c',
        String(clients),
        '-j',
        '2',
        '-T',
        String(seconds),
        '-l',
        '--log-prefix',
        join(dir, 'tx'),
        '-f',
        join(dir, 'intake.sql'),
        decodeURIComponent(url.pathname.slice(1)),
      ],
      { encoding: 'utf8', cwd: dir },
    );
    const tps = /tps = ([\d.]+)/.exec(run.stdout);
    if (!tps) throw new Error(`pgbench failed: ${run.stdout}${run.stderr}`);
    // Per-transaction log lines: client, transaction, latency in microseconds, ...
    const latencies = [];
    for (const file of readdirSync(dir).filter((f) => f.startsWith('tx'))) {
      for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
        const micros = Number(line.split(' ')[2]);
        if (Number.isFinite(micros)) latencies.push(micros / 1000);
      }
    }
    latencies.sort((a, b) => a - b);
    const at = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
    const failed = /number of failed transactions: (\d+)/.exec(run.stdout);
    return {
      rps: Number(tps[1]),
      p50: at(0.5),
      p97_5: at(0.975),
      p99: at(0.99),
      max: latencies.at(-1),
      errors: failed ? Number(failed[1]) : 0,
      requests: latencies.length,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Removes the contacts (and nothing else) a run added, so repeated runs measure the same data. */
export async function removeBenchContacts(databaseUrl, since) {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rowCount } = await db.query(`DELETE FROM contacts WHERE created_at >= $1 AND case_id IS NULL AND notes = 'Спрашивает, как продлить регистрацию'`, [
      since,
    ]);
    return rowCount;
  } finally {
    await db.end();
  }
}
