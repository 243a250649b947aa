// The saved figures of a benchmark run and their comparison with an earlier run's: pure
// functions, shared by the runners (through results.mjs), by `node tools/bench/compare.mjs`
// and by test/tools/bench-compare.e2e-spec.ts. CommonJS so that both Node's ES modules and
// Jest load it as it is. The file's shape is described in docs/performance.md ("Comparing runs").
'use strict';

const fs = require('node:fs');

/** The `format` of every saved run; a reader refuses any other. */
const FORMAT = 'mayak-bench-results/1';

/** Options that change what a figure means: a comparison across different values is warned about. */
const MEANINGFUL_OPTIONS = [
  'contacts',
  'connections',
  'concurrency',
  'seconds',
  'throughputSeconds',
  'calls',
  'consoles',
  'rate',
  'callbacks',
  'whatsapp',
  'webchats',
  'operators',
  'waiting',
  'only',
  'url',
];

/**
 * One figure. `better` is 'higher' for rates, 'lower' for latencies and error counts; `judge: false`
 * keeps a figure out of the verdicts (a single worst request is noise, not a trend).
 */
function figure(name, unit, value, better, extra = {}) {
  if (better !== 'higher' && better !== 'lower') throw new Error(`figure ${name}: better must be 'higher' or 'lower'`);
  return { name, unit, value: Number.isFinite(value) ? round(value) : null, better, ...extra };
}

function round(value) {
  return Math.round(value * 1000) / 1000;
}

/** `value` beside a baseline from the same run: the ratio value/baseline (0.27: at 27% of it). */
function withBaselines(fig, baselines) {
  const list = baselines
    .filter((b) => b && b.name !== fig.name && Number.isFinite(b.value) && b.value !== 0 && Number.isFinite(fig.value))
    .map((b) => ({ name: b.name, value: round(b.value), ratio: round(fig.value / b.value) }));
  return list.length ? { ...fig, baselines: list } : fig;
}

/**
 * The figures of one measured scenario (requests per second and latency percentiles in ms, as
 * run.mjs and intake-throughput.mjs measure them). `baselines` maps a metric (rps, p50, …) to
 * the same metric of the baseline scenarios of the same run: [{ name, value }].
 */
function scenarioFigures(scenario, result, baselines = {}) {
  const metrics = [
    ['rps', 'req/s', 'higher'],
    ['p50', 'ms', 'lower'],
    ['p90', 'ms', 'lower'],
    ['p95', 'ms', 'lower'],
    ['p97_5', 'ms', 'lower'],
    ['p99', 'ms', 'lower'],
    ['max', 'ms', 'lower', { judge: false }],
    ['errors', 'count', 'lower'],
    ['missing', 'count', 'lower'],
    ['unexpected', 'count', 'lower'],
  ];
  const out = [];
  for (const [key, unit, better, extra] of metrics) {
    if (result[key] === undefined || result[key] === null) continue;
    const fig = figure(`${scenario} · ${key.replace('_', '.')}`, unit, result[key], better, { scenario, metric: key, ...extra });
    out.push(
      withBaselines(
        fig,
        (baselines[key] ?? []).map((b) => ({ ...b, name: `${b.name} · ${key.replace('_', '.')}` })),
      ),
    );
  }
  return out;
}

/**
 * The `baselines` argument of scenarioFigures from measured baseline rows ({ name, rps, p50, … }):
 * each latency and rate metric of each row, under `prefix + row.name`.
 */
function baselinesFrom(rows, prefix = '') {
  const metrics = ['rps', 'p50', 'p90', 'p95', 'p97_5', 'p99'];
  return Object.fromEntries(metrics.map((k) => [k, rows.filter((r) => r && Number.isFinite(r[k])).map((r) => ({ name: `${prefix}${r.name}`, value: r[k] }))]));
}

/** Throws unless `run` has the documented shape; returns it. */
function validateRun(run, source = 'results') {
  if (!run || typeof run !== 'object') throw new Error(`${source}: not a JSON object`);
  if (run.format !== FORMAT) throw new Error(`${source}: format is ${JSON.stringify(run.format)}, expected ${FORMAT}`);
  if (!Array.isArray(run.figures)) throw new Error(`${source}: no figures`);
  const seen = new Set();
  for (const f of run.figures) {
    if (!f || typeof f.name !== 'string' || typeof f.unit !== 'string' || (f.value !== null && typeof f.value !== 'number'))
      throw new Error(`${source}: a figure without name, unit or numeric value: ${JSON.stringify(f)}`);
    if (f.better !== 'higher' && f.better !== 'lower') throw new Error(`${source}: figure ${f.name} has no direction (better: higher|lower)`);
    if (seen.has(f.name)) throw new Error(`${source}: figure ${f.name} appears twice`);
    seen.add(f.name);
  }
  return run;
}

/** Reads and checks a saved run. */
function loadRun(path) {
  let text;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`${path}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
  }
  let run;
  try {
    run = JSON.parse(text);
  } catch (error) {
    throw new Error(`${path}: not JSON (${error.message})`);
  }
  return validateRun(run, path);
}

/** now/before, or null when either is missing or before is 0 (no ratio to speak of). */
function ratio(before, now) {
  if (!Number.isFinite(before) || !Number.isFinite(now)) return null;
  if (before === 0) return now === 0 ? 1 : null;
  return now / before;
}

/**
 * 'regression' | 'improvement' | 'within' (inside the tolerance) | 'unjudged' (a noisy figure, or
 * no value on one side). Error counts going from none to some are a regression whatever the tolerance.
 */
function verdict(fig, before, now, tolerance) {
  if (fig.judge === false) return 'unjudged';
  if (!Number.isFinite(before) || !Number.isFinite(now)) return 'unjudged';
  if (before === 0) {
    if (now === 0) return 'within';
    if (fig.unit !== 'count') return 'unjudged'; // 0 ms before: no ratio to judge
    return fig.better === 'lower' ? 'regression' : 'improvement';
  }
  const r = now / before;
  if (fig.better === 'higher') return r < 1 - tolerance ? 'regression' : r > 1 + tolerance ? 'improvement' : 'within';
  return r > 1 + tolerance ? 'regression' : r < 1 - tolerance ? 'improvement' : 'within';
}

function describeOption(value) {
  return value === undefined || value === null ? '(not set)' : JSON.stringify(value);
}

/** Differences between the two runs that make their figures hard to compare. */
function warnings(before, now) {
  const out = [];
  if (before.bench && now.bench && before.bench !== now.bench) out.push(`different benchmarks: ${before.bench} before, ${now.bench} now`);
  const bo = before.options ?? {};
  const no = now.options ?? {};
  for (const key of MEANINGFUL_OPTIONS) {
    // An option a run does not record did not apply to it (run.mjs without the saturation phase has no connections).
    if (!(key in bo) || !(key in no)) continue;
    // The bench database's contacts grow a little with each run (cases opened from new contacts stay): the same data
    // within 2% or 5,000 contacts.
    if (
      key === 'contacts' &&
      Number.isFinite(bo[key]) &&
      Number.isFinite(no[key]) &&
      Math.abs(no[key] - bo[key]) <= Math.max(5000, 0.02 * Math.max(bo[key], no[key]))
    )
      continue;
    if (JSON.stringify(bo[key]) !== JSON.stringify(no[key]))
      out.push(`option ${key} differs: ${describeOption(bo[key])} before, ${describeOption(no[key])} now`);
  }
  const bm = before.machine ?? {};
  const nm = now.machine ?? {};
  if (bm.cores !== nm.cores) out.push(`cores differ: ${bm.cores} before, ${nm.cores} now`);
  if (bm.node !== nm.node) out.push(`node differs: ${bm.node} before, ${nm.node} now`);
  if (bm.postgres !== nm.postgres) out.push(`Postgres differs: ${bm.postgres ?? '(unknown)'} before, ${nm.postgres ?? '(unknown)'} now`);
  for (const [label, run] of [
    ['before', before],
    ['now', now],
  ]) {
    const load = run.machine?.loadAverage?.before?.[0];
    const cores = run.machine?.cores;
    if (Number.isFinite(load) && Number.isFinite(cores) && load > cores * 0.5)
      out.push(
        `the machine was busy when the ${label === 'now' ? 'newer' : 'earlier'} run started: load average ${load.toFixed(2)} on ${cores} cores (figures vary more)`,
      );
  }
  return out;
}

/**
 * Matches the figures of two runs by name. Rows keep the order of the newer run, then figures
 * only the earlier run had.
 */
function compareRuns(before, now, { tolerance = 0.1 } = {}) {
  if (!(tolerance >= 0)) throw new Error(`tolerance must be a number ≥ 0, not ${tolerance}`);
  const earlier = new Map(before.figures.map((f) => [f.name, f]));
  const later = new Map(now.figures.map((f) => [f.name, f]));
  const rows = [];
  for (const f of now.figures) {
    const b = earlier.get(f.name);
    if (!b) {
      rows.push({ name: f.name, unit: f.unit, better: f.better, before: null, now: f.value, ratio: null, verdict: 'only-now' });
      continue;
    }
    const judged = { ...f, judge: f.judge === false || b.judge === false ? false : undefined };
    const row = {
      name: f.name,
      unit: f.unit,
      better: f.better,
      before: b.value,
      now: f.value,
      ratio: ratio(b.value, f.value),
      verdict: verdict(judged, b.value, f.value, tolerance),
    };
    if (b.unit !== f.unit) row.verdict = 'unjudged';
    const bBase = b.baselines?.[0];
    const nBase = f.baselines?.[0];
    if (bBase && nBase && bBase.name === nBase.name) row.baseline = { name: nBase.name, before: bBase.ratio, now: nBase.ratio };
    rows.push(row);
  }
  for (const b of before.figures) {
    if (!later.has(b.name)) rows.push({ name: b.name, unit: b.unit, better: b.better, before: b.value, now: null, ratio: null, verdict: 'only-before' });
  }
  const count = (v) => rows.filter((r) => r.verdict === v).length;
  return {
    tolerance,
    before: { startedAt: before.startedAt, bench: before.bench },
    now: { startedAt: now.startedAt, bench: now.bench },
    warnings: warnings(before, now),
    rows,
    summary: {
      regressions: count('regression'),
      improvements: count('improvement'),
      within: count('within'),
      unjudged: count('unjudged'),
      onlyBefore: count('only-before'),
      onlyNow: count('only-now'),
    },
  };
}

function formatValue(value, unit) {
  if (value === null || value === undefined) return '-';
  if (unit === 'count') return String(value);
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 1 || value === 0) return value.toFixed(1);
  return value.toPrecision(2); // lateness in seconds, shares
}

const VERDICT_TEXT = {
  regression: '<<< REGRESSION',
  improvement: 'better',
  within: '',
  unjudged: '(not judged)',
};

/** The comparison as a text table, one figure a line, regressions marked and counted at the end. */
function formatComparison(comparison, { beforeLabel = 'before', nowLabel = 'this run' } = {}) {
  const pct = (r) => `${r >= 1 ? '+' : ''}${((r - 1) * 100).toFixed(0)}%`;
  const lines = [];
  lines.push(
    `Compared with ${beforeLabel}${comparison.before.startedAt ? ` (${comparison.before.startedAt})` : ''}: tolerance ${(comparison.tolerance * 100).toFixed(0)}%`,
  );
  lines.push('better: higher for rates (req/s, …/s), lower for latencies (ms) and counts (errors, missing); now/before above 1 means more');
  for (const w of comparison.warnings) lines.push(`WARNING: ${w}`);
  lines.push('');
  // Counts (errors, missing) that were zero in both runs say nothing: counted in the summary, not shown.
  const quiet = (r) => r.unit === 'count' && r.before === 0 && r.now === 0;
  const shown = comparison.rows.filter((r) => r.verdict !== 'only-before' && r.verdict !== 'only-now' && !quiet(r));
  const quietCount = comparison.rows.filter(quiet).length;
  const width = Math.max(40, ...shown.map((r) => r.name.length + 2));
  const pad = (v, w) => String(v).padStart(w);
  const unitWidth = Math.max(6, ...shown.map((r) => r.unit.length + 2));
  lines.push(
    `${'figure'.padEnd(width)}${pad('unit', unitWidth)}${pad('better', 8)}${pad('before', 10)}${pad('now', 10)}${pad('now/before', 12)}${pad('change', 8)}  verdict`,
  );
  for (const r of shown) {
    const change = r.ratio === null ? '-' : pct(r.ratio);
    const base =
      r.baseline && Number.isFinite(r.baseline.before) && Number.isFinite(r.baseline.now)
        ? `  (vs ${r.baseline.name.replace(/ · [^·]+$/, '')}: ${r.baseline.before.toFixed(2)}x → ${r.baseline.now.toFixed(2)}x)`
        : '';
    lines.push(
      `${r.name.padEnd(width)}${pad(r.unit, unitWidth)}${pad(r.better, 8)}${pad(formatValue(r.before, r.unit), 10)}${pad(formatValue(r.now, r.unit), 10)}${pad(r.ratio === null ? '-' : r.ratio.toFixed(2), 12)}${pad(change, 8)}  ${VERDICT_TEXT[r.verdict]}${base}`.trimEnd(),
    );
  }
  const onlyBefore = comparison.rows.filter((r) => r.verdict === 'only-before');
  const onlyNow = comparison.rows.filter((r) => r.verdict === 'only-now');
  // One line per scenario: its metrics side by side.
  const grouped = (rows, side) => {
    const groups = new Map();
    for (const r of rows) {
      const at = r.name.lastIndexOf(' · ');
      const [scenario, metric] = at < 0 ? [r.name, ''] : [r.name.slice(0, at), r.name.slice(at + 3)];
      if (!groups.has(scenario)) groups.set(scenario, []);
      groups.get(scenario).push(`${metric ? `${metric} ` : ''}${formatValue(r[side], r.unit)}${r.unit === 'count' ? '' : ` ${r.unit}`}`);
    }
    return [...groups].map(([scenario, values]) => `  ${scenario}: ${values.join(', ')}`);
  };
  if (onlyBefore.length) lines.push('', `only in ${beforeLabel} (not measured now):`, ...grouped(onlyBefore, 'before'));
  if (onlyNow.length) lines.push('', `only in ${nowLabel} (not in ${beforeLabel}):`, ...grouped(onlyNow, 'now'));
  const s = comparison.summary;
  lines.push(
    '',
    `${s.regressions ? `${s.regressions} REGRESSION${s.regressions === 1 ? '' : 'S'} beyond ${(comparison.tolerance * 100).toFixed(0)}%` : `no regression beyond ${(comparison.tolerance * 100).toFixed(0)}%`}; ${s.improvements} better, ${s.within} within tolerance, ${s.unjudged} not judged, ${s.onlyBefore} only before, ${s.onlyNow} only now${quietCount ? ` (${quietCount} counts zero in both runs, not shown)` : ''}`,
  );
  return lines.join('\n');
}

module.exports = { FORMAT, figure, scenarioFigures, baselinesFrom, withBaselines, validateRun, loadRun, ratio, verdict, compareRuns, formatComparison };
