#!/usr/bin/env node
// Compares two saved benchmark runs without measuring anything:
//   node tools/bench/compare.mjs BEFORE.json NOW.json [--tolerance 0.1] [--fail-on-regression]
// Prints each figure before and now, now/before and whether it is a regression beyond the
// tolerance (rates: lower is worse; latencies and errors: higher is worse), the figures only one
// run has, and the options or machine facts that differ. The runners print the same table after
// a run with `--compare FILE` (see results.mjs).
import { createRequire } from 'node:module';
import { parseArgs } from './common.mjs';

const { compareRuns, formatComparison, loadRun } = createRequire(import.meta.url)('./compare-core.cjs');

const argv = process.argv.slice(2);
const files = argv.filter((a, i) => !a.startsWith('--') && !(i > 0 && argv[i - 1] === '--tolerance'));
const args = parseArgs(
  argv.filter((a) => !files.includes(a)),
  { tolerance: 0.1 },
);
if (files.length !== 2) {
  console.error('usage: node tools/bench/compare.mjs BEFORE.json NOW.json [--tolerance 0.1] [--fail-on-regression]');
  process.exit(2);
}
const tolerance = Number(args.tolerance);
try {
  const comparison = compareRuns(loadRun(files[0]), loadRun(files[1]), { tolerance });
  console.log(formatComparison(comparison, { beforeLabel: files[0], nowLabel: files[1] }));
  if (comparison.summary.regressions && args['fail-on-regression']) process.exitCode = 1;
} catch (error) {
  console.error(error.message);
  process.exit(2);
}
