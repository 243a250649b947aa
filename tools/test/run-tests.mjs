#!/usr/bin/env node
// `npm test`: build, static checks, then every Jest project (domain, api unit, e2e over
// HTTP and in Chromium) against the local Postgres and Redis, in databases created for
// this run and dropped after it, then the date-sensitive suites again with the clock pinned
// at each edge of a day, a month and a year. Extra arguments go to Jest (e.g.
// `npm test -- test/api`). `--edges` runs every suite at every edge instead (long: run it on
// purpose); MAYAK_TEST_CLOCK=<ISO instant> pins the clock of a whole run.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { ensureChromium, ensureDockerCompose } from './prerequisites.mjs';
import { CLOCK_EDGES, DATE_SENSITIVE_SUITES } from './clock-edges.mjs';

const env = {
  ...process.env,
  NX_DAEMON: 'false',
  NX_NO_CLOUD: 'true',
  NX_SKIP_NX_CACHE: process.env.CI ? 'true' : process.env.NX_SKIP_NX_CACHE,
  MAYAK_TEST_RUN_ID: `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`, // each Jest run below gets its own
  NODE_ENV: 'test',
};
const OWN_FLAGS = ['--e2e-only', '--edges'];
const jestArgs = process.argv.slice(2).filter((a) => !OWN_FLAGS.includes(a));
const e2eOnly = process.argv.includes('--e2e-only');
const everySuiteAtEveryEdge = process.argv.includes('--edges');
const newRunId = () => `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;

function run(title, command, args, extraEnv = {}) {
  const started = Date.now();
  console.log(`\n▶ ${title}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...env, ...extraEnv } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`✖ ${title} failed after ${seconds}s`);
    process.exit(result.status ?? 1);
  }
  console.log(`✔ ${title} (${seconds}s)`);
}

run('build', 'npx', ['nx', 'run-many', '-t', 'build', '--projects=domain,api,web', '--output-style=stream']);
if (!e2eOnly && jestArgs.length === 0) {
  run('typecheck', 'npx', ['nx', 'run-many', '-t', 'typecheck', '--output-style=stream', '--parallel=1']);
  run('format', 'npx', ['prettier', '--check', '--log-level=warn', '.']);
  run('lint', 'npx', ['nx', 'run-many', '-t', 'lint', '--output-style=stream', '--parallel=1']);
  // What the browser downloads before the login form, against its budget (sizes, not timings).
  run('console first-load budget', 'node', ['tools/bench/first-load.mjs', '--check']);
}
// The browser suites drive Chromium and the production-stack suite renders the compose file
// with docker-compose: find them (or install Debian's) before Jest starts, so a missing program
// is one clear message, not a dozen failed suites.
const paths = jestArgs.filter((a) => !a.startsWith('-'));
const e2eSuitesRun = paths.length === 0 || paths.some((p) => /browser|e2e|test\/api|^(\.\/)?test\/?$/.test(p));
if (e2eSuitesRun) {
  try {
    env.CHROMIUM_PATH = ensureChromium();
    console.log(`✔ browser: ${env.CHROMIUM_PATH}`);
    env.DOCKER_COMPOSE_PATH = ensureDockerCompose();
    console.log(`✔ docker-compose: ${env.DOCKER_COMPOSE_PATH}`);
  } catch (error) {
    console.error(`✖ ${error.message}`);
    process.exit(1);
  }
}
const jest = ['jest', '--ci', '--maxWorkers=2'];
if (everySuiteAtEveryEdge) {
  for (const edge of CLOCK_EDGES)
    run(`every suite at ${edge.at} (${edge.name})`, 'npx', [...jest, ...jestArgs], { MAYAK_TEST_CLOCK: edge.at, MAYAK_TEST_RUN_ID: newRunId() });
  process.exit(0);
}
run('tests', 'npx', [...jest, ...(e2eOnly ? ['--selectProjects', 'e2e'] : []), ...jestArgs]);
if (jestArgs.length === 0 && !process.env.MAYAK_TEST_CLOCK) {
  for (const edge of CLOCK_EDGES)
    run(`date-sensitive suites at ${edge.at} (${edge.name})`, 'npx', [...jest, ...DATE_SENSITIVE_SUITES], {
      MAYAK_TEST_CLOCK: edge.at,
      MAYAK_TEST_RUN_ID: newRunId(),
    });
}
