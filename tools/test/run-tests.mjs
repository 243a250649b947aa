#!/usr/bin/env node
// `npm test`: build, static checks, then every Jest project (domain, api unit, e2e over
// HTTP and in Chromium) against the local Postgres and Redis, in databases created for
// this run and dropped after it. Extra arguments go to Jest (e.g. `npm test -- test/api`).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { ensureChromium, ensureDockerCompose } from './prerequisites.mjs';

const env = {
  ...process.env,
  NX_DAEMON: 'false',
  NX_NO_CLOUD: 'true',
  NX_SKIP_NX_CACHE: process.env.CI ? 'true' : process.env.NX_SKIP_NX_CACHE,
  MAYAK_TEST_RUN_ID: `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`,
  NODE_ENV: 'test',
};
const jestArgs = process.argv.slice(2).filter((a) => a !== '--e2e-only');
const e2eOnly = process.argv.includes('--e2e-only');

function run(title, command, args) {
  const started = Date.now();
  console.log(`\n▶ ${title}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env });
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
  run('lint', 'npx', ['nx', 'run-many', '-t', 'lint', '--output-style=stream', '--parallel=1']);
}
// The browser suites drive Chromium and the production-stack suite renders the compose file
// with docker-compose: find them (or install Debian's) before Jest starts, so a missing program
// is one clear message, not a dozen failed suites.
const e2eSuitesRun = jestArgs.length === 0 || jestArgs.some((a) => /browser|e2e|test\/api/.test(a)) || !jestArgs.some((a) => !a.startsWith('-'));
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
run('tests', 'npx', ['jest', '--ci', '--maxWorkers=2', ...(e2eOnly ? ['--selectProjects', 'e2e'] : []), ...jestArgs]);
