// The comparison of saved benchmark runs (tools/bench/compare-core.cjs): pure functions, no
// database, no API. `npm run bench -- --compare FILE` and `node tools/bench/compare.mjs A B` print
// what formatComparison makes of compareRuns.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Better = 'higher' | 'lower';
interface Figure {
  name: string;
  unit: string;
  value: number | null;
  better: Better;
  judge?: boolean;
  baselines?: { name: string; value: number; ratio: number }[];
}
interface Run {
  format: string;
  bench?: string;
  startedAt?: string;
  machine?: { cores?: number; node?: string; postgres?: string | null; loadAverage?: { before: number[]; after: number[] } };
  options?: Record<string, unknown>;
  figures: Figure[];
}
interface Row {
  name: string;
  before: number | null;
  now: number | null;
  ratio: number | null;
  verdict: 'regression' | 'improvement' | 'within' | 'unjudged' | 'only-before' | 'only-now';
  baseline?: { name: string; before: number; now: number };
}
interface Comparison {
  tolerance: number;
  warnings: string[];
  rows: Row[];
  summary: { regressions: number; improvements: number; within: number; unjudged: number; onlyBefore: number; onlyNow: number };
}
interface CompareCore {
  FORMAT: string;
  scenarioFigures(scenario: string, result: Record<string, number>, baselines?: Record<string, { name: string; value: number }[]>): Figure[];
  validateRun(run: unknown, source?: string): Run;
  loadRun(path: string): Run;
  ratio(before: number | null, now: number | null): number | null;
  verdict(fig: Pick<Figure, 'better' | 'unit' | 'judge'>, before: number | null, now: number | null, tolerance: number): string;
  compareRuns(before: Run, now: Run, options?: { tolerance?: number }): Comparison;
  formatComparison(comparison: Comparison, labels?: { beforeLabel?: string; nowLabel?: string }): string;
}
const core = require('../../tools/bench/compare-core.cjs') as CompareCore;

const machine = { cores: 2, node: 'v20.20.2', postgres: '15.20', loadAverage: { before: [0.2, 0.3, 0.4], after: [0.9, 0.5, 0.4] } };
const options = { seconds: 5, concurrency: 4, connections: 24, contacts: 1_000_000, only: null };

function run(figures: Figure[], overrides: Partial<Run> = {}): Run {
  return { format: core.FORMAT, bench: 'run', startedAt: '2026-12-07T10:00:00.000Z', machine, options, figures, ...overrides };
}

describe('bench results: shape', () => {
  it('makes rate and latency figures of a scenario, each beside the same metric of its baselines', () => {
    const figures = core.scenarioFigures(
      'saturation: Mayak API',
      { rps: 650, p50: 20, p99: 40, max: 90, errors: 0 },
      { rps: [{ name: 'saturation: pgbench', value: 2500 }], p99: [{ name: 'saturation: pgbench', value: 10 }] },
    );
    expect(figures.map((f) => [f.name, f.unit, f.value, f.better])).toEqual([
      ['saturation: Mayak API · rps', 'req/s', 650, 'higher'],
      ['saturation: Mayak API · p50', 'ms', 20, 'lower'],
      ['saturation: Mayak API · p99', 'ms', 40, 'lower'],
      ['saturation: Mayak API · max', 'ms', 90, 'lower'],
      ['saturation: Mayak API · errors', 'count', 0, 'lower'],
    ]);
    expect(figures[0].baselines).toEqual([{ name: 'saturation: pgbench · rps', value: 2500, ratio: 0.26 }]);
    expect(figures[2].baselines).toEqual([{ name: 'saturation: pgbench · p99', value: 10, ratio: 4 }]);
    expect(figures[1].baselines).toBeUndefined();
    expect(figures[3].judge).toBe(false); // the single worst request is not judged
    expect(() => core.validateRun(run(figures))).not.toThrow();
  });

  it('refuses files of another shape, a figure without a direction, or a name twice', () => {
    expect(() => core.validateRun({ figures: [] }, 'a.json')).toThrow(/a.json: format/);
    const fig: Figure = { name: 'x · rps', unit: 'req/s', value: 1, better: 'higher' };
    expect(() => core.validateRun(run([{ ...fig, better: 'up' as Better }]))).toThrow(/no direction/);
    expect(() => core.validateRun(run([fig, fig]))).toThrow(/twice/);
    expect(() => core.validateRun(run([{ ...fig, value: '1' as unknown as number }]))).toThrow(/numeric value/);
  });

  it('loads a saved run and says why it cannot', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mayak-bench-compare-'));
    try {
      const good = join(dir, 'good.json');
      writeFileSync(good, JSON.stringify(run([{ name: 'x · rps', unit: 'req/s', value: 1, better: 'higher' }])));
      expect(core.loadRun(good).figures).toHaveLength(1);
      writeFileSync(join(dir, 'bad.json'), '{ not json');
      expect(() => core.loadRun(join(dir, 'bad.json'))).toThrow(/not JSON/);
      expect(() => core.loadRun(join(dir, 'missing.json'))).toThrow(/no such file/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('bench results: ratio and verdict', () => {
  const rate = { better: 'higher' as const, unit: 'req/s' };
  const latency = { better: 'lower' as const, unit: 'ms' };
  const errors = { better: 'lower' as const, unit: 'count' };

  it('is now/before', () => {
    expect(core.ratio(100, 90)).toBeCloseTo(0.9);
    expect(core.ratio(0, 0)).toBe(1);
    expect(core.ratio(0, 5)).toBeNull();
    expect(core.ratio(null, 5)).toBeNull();
  });

  it('calls a rate lower by more than the tolerance a regression, and a latency higher by more', () => {
    expect(core.verdict(rate, 100, 89, 0.1)).toBe('regression');
    expect(core.verdict(rate, 100, 91, 0.1)).toBe('within');
    expect(core.verdict(rate, 100, 111, 0.1)).toBe('improvement');
    expect(core.verdict(latency, 10, 11.5, 0.1)).toBe('regression');
    expect(core.verdict(latency, 10, 10.9, 0.1)).toBe('within');
    expect(core.verdict(latency, 10, 8, 0.1)).toBe('improvement');
    expect(core.verdict(latency, 10, 11.5, 0.2)).toBe('within'); // --tolerance 0.2
  });

  it('calls errors where there were none a regression, and does not judge what has no ratio', () => {
    expect(core.verdict(errors, 0, 3, 0.1)).toBe('regression');
    expect(core.verdict(errors, 0, 0, 0.1)).toBe('within');
    expect(core.verdict(latency, 0, 1, 0.1)).toBe('unjudged');
    expect(core.verdict({ ...latency, judge: false }, 10, 50, 0.1)).toBe('unjudged');
    expect(core.verdict(latency, null, 5, 0.1)).toBe('unjudged');
  });
});

describe('bench results: comparing two runs', () => {
  const fig = (name: string, unit: string, value: number, better: Better, extra: Partial<Figure> = {}): Figure => ({ name, unit, value, better, ...extra });
  const before = run([
    fig('contacts: log a contact · rps', 'req/s', 100, 'higher', { baselines: [{ name: 'baseline: GET /api/health · rps', value: 800, ratio: 0.125 }] }),
    fig('contacts: log a contact · p95', 'ms', 20, 'lower'),
    fig('cases: office list, 50 · p95', 'ms', 14, 'lower'),
    fig('dashboards: the line now · p95', 'ms', 11, 'lower'),
  ]);
  const now = run(
    [
      fig('contacts: log a contact · rps', 'req/s', 80, 'higher', { baselines: [{ name: 'baseline: GET /api/health · rps', value: 800, ratio: 0.1 }] }),
      fig('contacts: log a contact · p95', 'ms', 15, 'lower'),
      fig('cases: office list, 50 · p95', 'ms', 14.5, 'lower'),
      fig('cases: search by name · p95', 'ms', 9, 'lower'),
    ],
    { startedAt: '2026-12-07T11:00:00.000Z' },
  );

  it('matches figures by name, with ratio and verdict, and lists those only one run has', () => {
    const c = core.compareRuns(before, now);
    expect(c.rows.map((r) => [r.name, r.before, r.now, r.ratio === null ? null : Number(r.ratio.toFixed(3)), r.verdict])).toEqual([
      ['contacts: log a contact · rps', 100, 80, 0.8, 'regression'],
      ['contacts: log a contact · p95', 20, 15, 0.75, 'improvement'],
      ['cases: office list, 50 · p95', 14, 14.5, 1.036, 'within'],
      ['cases: search by name · p95', null, 9, null, 'only-now'],
      ['dashboards: the line now · p95', 11, null, null, 'only-before'],
    ]);
    expect(c.rows[0].baseline).toEqual({ name: 'baseline: GET /api/health · rps', before: 0.125, now: 0.1 });
    expect(c.summary).toEqual({ regressions: 1, improvements: 1, within: 1, unjudged: 0, onlyBefore: 1, onlyNow: 1 });
    expect(c.warnings).toEqual([]);
    expect(core.compareRuns(before, now, { tolerance: 0.25 }).summary.regressions).toBe(0);
  });

  it('warns about options and machines that differ, and a busy machine', () => {
    const other = run(now.figures, {
      options: { ...options, contacts: 200_000, connections: 16, only: 'cases' },
      machine: { ...machine, cores: 4, loadAverage: { before: [3.5, 2, 1], after: [3, 2, 1] } },
    });
    const c = core.compareRuns(before, other);
    // A few contacts more (what earlier runs added) is the same data; an option only one run has is not compared.
    const grown = run(now.figures, { options: { seconds: 5, concurrency: 4, contacts: 1_003_000 } });
    expect(core.compareRuns(before, grown).warnings).toEqual([]);
    expect(c.warnings).toEqual([
      'option contacts differs: 1000000 before, 200000 now',
      'option connections differs: 24 before, 16 now',
      'option only differs: (not set) before, "cases" now',
      'cores differ: 2 before, 4 now',
      'the machine was busy when the newer run started: load average 3.50 on 4 cores (figures vary more)',
    ]);
  });

  it('prints a table with the direction, the change and regressions marked', () => {
    const text = core.formatComparison(core.compareRuns(before, now), { beforeLabel: 'before.json' });
    const line = (name: string) => text.split('\n').find((l) => l.startsWith(name)) ?? '';
    expect(text).toMatch(/^Compared with before.json \(2026-12-07T10:00:00.000Z\): tolerance 10%/);
    expect(text).toContain('better: higher for rates (req/s, …/s), lower for latencies (ms) and counts (errors, missing)');
    expect(line('contacts: log a contact · rps')).toMatch(
      /req\/s\s+higher\s+100\s+80\.0\s+0\.80\s+-20%\s+<<< REGRESSION\s+\(vs baseline: GET \/api\/health: 0\.13x → 0\.10x\)/,
    );
    expect(line('contacts: log a contact · p95')).toMatch(/ms\s+lower\s+20\.0\s+15\.0\s+0\.75\s+-25%\s+better$/);
    expect(line('cases: office list, 50 · p95')).toMatch(/1\.04\s+\+4%$/);
    expect(text).toContain('only in before.json (not measured now):\n  dashboards: the line now: p95 11.0 ms');
    expect(text).toContain('only in this run (not in before.json):\n  cases: search by name: p95 9.0 ms');
    expect(text.trim().split('\n').at(-1)).toBe('1 REGRESSION beyond 10%; 1 better, 1 within tolerance, 0 not judged, 1 only before, 1 only now');
  });
});
