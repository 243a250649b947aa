// Saving a benchmark run's figures and comparing them with an earlier run's, for every runner:
//   --out FILE          where to save this run's figures (default bench-results/<bench>-<time>.json)
//   --compare FILE      after the run, print each figure beside FILE's, now/before, regressions marked
//   --tolerance 0.1     a change beyond this fraction in the worse direction is a regression
//   --fail-on-regression  exit with status 1 when the comparison finds a regression
// The shape of the file and the comparison live in compare-core.cjs (pure); this module adds the
// machine's facts (cores, load average before and after, node and Postgres versions) and the I/O.
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, platform, arch } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const core = require('./compare-core.cjs');
export const { figure, scenarioFigures, baselinesFrom, withBaselines } = core;

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const RESULTS_DIR = join(ROOT, 'bench-results');

/** The commit being measured, read from .git without running git (null outside a checkout). */
function revision() {
  try {
    const head = readFileSync(join(ROOT, '.git/HEAD'), 'utf8').trim();
    if (!head.startsWith('ref: ')) return head;
    const ref = head.slice(5);
    if (existsSync(join(ROOT, '.git', ref))) return readFileSync(join(ROOT, '.git', ref), 'utf8').trim();
    const packed = readFileSync(join(ROOT, '.git/packed-refs'), 'utf8');
    return (
      packed
        .split('\n')
        .find((line) => line.endsWith(` ${ref}`))
        ?.split(' ')[0] ?? null
    );
  } catch {
    return null;
  }
}

async function postgresVersion(databaseUrl) {
  if (!databaseUrl) return null;
  const pg = require('pg');
  // The server's version: asked of its `postgres` database, which outlives the runners' own.
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  const db = new pg.Client({ connectionString: url.toString() });
  try {
    await db.connect();
    const { rows } = await db.query('SHOW server_version');
    return rows[0].server_version;
  } catch {
    return null;
  } finally {
    await db.end().catch(() => undefined);
  }
}

const load = () => loadavg().map((v) => Math.round(v * 100) / 100);

/**
 * Call before measuring, with the runner's parsed arguments: checks --compare's file now (not
 * after ten minutes of measuring) and notes the time and the machine's load.
 */
export function startRecording(bench, args, options) {
  const tolerance = args.tolerance === undefined ? 0.1 : Number(args.tolerance);
  if (!(tolerance >= 0 && tolerance < 10)) throw new Error(`--tolerance must be a fraction such as 0.1, not ${args.tolerance}`);
  if (args.compare === true) throw new Error('--compare needs a file: --compare bench-results/<earlier run>.json');
  if (args.out === true) throw new Error('--out needs a file name');
  const previous = args.compare ? core.loadRun(String(args.compare)) : null;
  const figures = [];
  return {
    bench,
    options,
    startedAt: new Date(),
    loadBefore: load(),
    previous,
    tolerance,
    figures,
    /** Adds figures (one or an array); a later figure of the same name replaces the earlier. */
    add(...items) {
      for (const f of items.flat()) {
        const at = figures.findIndex((g) => g.name === f.name);
        if (at >= 0) figures[at] = f;
        else figures.push(f);
      }
    },
  };
}

/**
 * Saves the run (see docs/performance.md, "Comparing runs") and, with --compare, prints the
 * comparison. A failure here is reported and sets the exit status; the figures printed stand.
 */
export async function finishRecording(recording, args, options = {}) {
  try {
    return await saveAndCompare(recording, args, options);
  } catch (error) {
    console.error(`\nThe figures could not be saved or compared: ${error.stack ?? error}`);
    process.exitCode = 1;
    return null;
  }
}

async function saveAndCompare(recording, args, { databaseUrl, notes }) {
  const finishedAt = new Date();
  const cpu = cpus();
  const run = core.validateRun({
    format: core.FORMAT,
    bench: recording.bench,
    startedAt: recording.startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    revision: revision(),
    argv: process.argv.slice(2),
    machine: {
      cores: cpu.length,
      cpuModel: cpu[0]?.model ?? null,
      memoryBytes: totalmem(),
      platform: `${platform()} ${arch()}`,
      loadAverage: { before: recording.loadBefore, after: load() },
      node: process.version,
      postgres: await postgresVersion(databaseUrl),
    },
    options: recording.options,
    ...(notes ? { notes } : {}),
    figures: recording.figures,
  });
  const stamp = recording.startedAt
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-');
  const out = args.out ? resolve(String(args.out)) : join(RESULTS_DIR, `${recording.bench}-${stamp}.json`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(run, null, 2)}\n`);
  console.log(
    `\nFigures saved to ${relative(process.cwd(), out).startsWith('..') ? out : relative(process.cwd(), out)} (load average ${run.machine.loadAverage.before[0]} before, ${run.machine.loadAverage.after[0]} after, ${run.machine.cores} cores)`,
  );
  if (recording.previous) {
    const comparison = core.compareRuns(recording.previous, run, { tolerance: recording.tolerance });
    console.log(`\n${core.formatComparison(comparison, { beforeLabel: String(args.compare) })}`);
    if (comparison.summary.regressions && args['fail-on-regression']) process.exitCode = 1;
  }
  return run;
}
