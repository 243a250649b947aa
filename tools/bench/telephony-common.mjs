// Shared by the telephony benchmarks (telephony-webhook.mjs, callback-firing.mjs): throwaway
// databases and Redis prefixes, child processes, CPU accounting and percentiles.
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { availableParallelism } from 'node:os';

const require = createRequire(import.meta.url);
const pg = require('pg');
const Redis = require('ioredis');

export const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379/0';

export function adminUrl(url) {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  return admin.toString();
}

export function dbName(url) {
  const name = new URL(url).pathname.slice(1);
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`Refusing odd database name "${name}"`);
  return name;
}

export async function databaseExists(url) {
  const client = new pg.Client({ connectionString: adminUrl(url) });
  await client.connect();
  try {
    return (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [dbName(url)])).rowCount > 0;
  } finally {
    await client.end();
  }
}

export async function dropDatabase(url) {
  const client = new pg.Client({ connectionString: adminUrl(url) });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${dbName(url)}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/**
 * A fresh database prepared as `npm start` prepares one (dist/apps/api/cli/prepare.js):
 * created, migrated, demo offices (Almaty ALA, Astana AST) with one user per role each.
 * Dropped first if it exists: the name is the benchmark's own.
 */
export async function freshDatabase(url, redisKeyPrefix) {
  await dropDatabase(url);
  const prepared = spawnSync(process.execPath, ['dist/apps/api/cli/prepare.js'], {
    env: { ...process.env, NODE_ENV: 'development', DATABASE_URL: url, REDIS_URL, REDIS_KEY_PREFIX: redisKeyPrefix, MFA_REQUIRED_ROLES: '' },
    encoding: 'utf8',
  });
  if (prepared.status !== 0) throw new Error(`preparing ${dbName(url)} failed:\n${prepared.stdout}${prepared.stderr}`);
}

export async function stopChild(child, graceMs = 10_000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await once(child, 'exit').catch(() => undefined);
  clearTimeout(timer);
}

/** Deletes every key under `prefix:`; returns how many. */
export async function deleteRedisKeys(prefix) {
  if (!/^[A-Za-z0-9_-]{3,}$/.test(prefix)) throw new Error(`Refusing odd Redis prefix "${prefix}"`);
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 2, lazyConnect: true });
  let deleted = 0;
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) deleted += await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}

export async function freePort() {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  return port;
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
export function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return NaN;
  }
}

/** CPU seconds used so far by each process with this command name (every Postgres backend, Redis), by pid. */
export function cpuSecondsOf(command) {
  const byPid = new Map();
  let entries = [];
  try {
    entries = readdirSync('/proc');
  } catch {
    return byPid;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) !== command) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      byPid.set(entry, (Number(fields[11]) + Number(fields[12])) / 100);
    } catch {
      // gone meanwhile
    }
  }
  return byPid;
}

/** CPU seconds the processes used between two cpuSecondsOf readings (those that exited meanwhile are not counted). */
function usedBetween(before, after) {
  let total = 0;
  for (const [pid, seconds] of after) total += seconds - (before.get(pid) ?? 0);
  return total;
}

/**
 * Busy CPU seconds of the whole machine so far (all cores), from /proc/stat; with
 * `processesOnly`, without interrupt time (loopback networking is accounted there, to no process).
 */
function machineBusySeconds(processesOnly = false) {
  try {
    const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
    const [user, nice, system, , , irq, softirq, steal] = ticks;
    return (user + nice + system + steal + (processesOnly ? 0 : irq + softirq)) / 100;
  } catch {
    return NaN;
  }
}

/**
 * Where the machine's CPU goes from now until the returned function is called, as a share of
 * one core per party (the benchmark machine has 2 cores: up to 200% in all). Postgres is
 * every backend (a backend that exits during the phase takes its share with it); `other` is
 * what the rest of the machine used meanwhile (another test run disturbs the figures).
 */
export function cpuMeter(pid) {
  const start = {
    server: cpuSeconds(pid),
    postgres: cpuSecondsOf('postgres'),
    redis: cpuSecondsOf('redis-server'),
    client: process.cpuUsage(),
    machine: machineBusySeconds(),
    processes: machineBusySeconds(true),
    at: performance.now(),
  };
  return () => {
    const elapsed = (performance.now() - start.at) / 1000;
    const client = process.cpuUsage(start.client);
    const used = {
      server: (cpuSeconds(pid) - start.server) / elapsed,
      postgres: usedBetween(start.postgres, cpuSecondsOf('postgres')) / elapsed,
      redis: usedBetween(start.redis, cpuSecondsOf('redis-server')) / elapsed,
      client: (client.user + client.system) / 1e6 / elapsed,
      machine: (machineBusySeconds() - start.machine) / elapsed,
    };
    const processes = (machineBusySeconds(true) - start.processes) / elapsed;
    used.other = Math.max(0, processes - used.server - used.postgres - used.redis - used.client);
    return used;
  };
}

/** Share of a core that other processes may use during a phase before the figures are called disturbed. */
export const DISTURBED = 0.15;

export function formatCpu(cpu, serverName = 'server') {
  const pct = (share) => (Number.isNaN(share) ? '-' : `${(share * 100).toFixed(0)}%`);
  const line = `CPU: ${serverName} ${pct(cpu.server)}, Postgres ${pct(cpu.postgres)}, Redis ${pct(cpu.redis)}, client ${pct(cpu.client)}, other processes ${pct(cpu.other)} (machine ${pct(cpu.machine)} of ${availableParallelism() * 100}%)`;
  return cpu.other > DISTURBED ? `${line}; DISTURBED: something else ran on the machine, run again when it is quiet` : line;
}

/** Nearest-rank percentiles of a list of numbers. */
export function percentiles(values) {
  const sorted = Float64Array.from(values).sort();
  const at = (p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] : NaN);
  return {
    n: sorted.length,
    min: sorted.length ? sorted[0] : NaN,
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
  };
}

/** Runs `cleanup` once, on normal exit paths and on Ctrl-C / SIGTERM (then exits 130). */
export function cleanupOnSignals(cleanup) {
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      console.error(`\n${signal}: stopping and cleaning up…`);
      cleanup().finally(() => process.exit(130));
    });
  }
}

/**
 * Waits (at most `maxSeconds`) until the machine is quiet: three 2-second windows in a row in
 * which it was busy less than `threshold` of a core (the benchmark's own idle servers
 * included). Returns whether it got quiet; the caller goes on either way, and the CPU line of
 * each phase says whether it was disturbed.
 */
export async function waitForQuiet(log, { maxSeconds = 180, threshold = DISTURBED } = {}) {
  const deadline = Date.now() + maxSeconds * 1000;
  let quiet = 0;
  let lastSaid = 0;
  while (Date.now() < deadline) {
    const before = machineBusySeconds();
    await new Promise((r) => setTimeout(r, 2000));
    const busy = (machineBusySeconds() - before) / 2;
    quiet = busy < threshold ? quiet + 1 : 0;
    if (quiet >= 3) return true;
    if (!quiet && Date.now() - lastSaid > 15_000) {
      lastSaid = Date.now();
      log(`waiting for the machine to be quiet: it is ${(busy * 100).toFixed(0)}% busy (up to ${maxSeconds} s)`);
    }
  }
  log(`the machine did not get quiet within ${maxSeconds} s: going on, the figures will say they were disturbed`);
  return false;
}
