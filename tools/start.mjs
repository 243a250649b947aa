#!/usr/bin/env node
// `npm start` (after the build): checks Postgres and Redis, migrates, loads demo data
// outside production, then runs the API (which serves the console) and the worker as two
// processes. Ctrl-C stops both; if either dies, the other is stopped and we exit non-zero.
import { spawn, spawnSync } from 'node:child_process';

const prepare = spawnSync(process.execPath, ['dist/apps/api/cli/prepare.js'], { stdio: 'inherit' });
if (prepare.status !== 0) process.exit(prepare.status ?? 1);

const children = new Map();
let stopping = false;

function stopAll(signal = 'SIGTERM') {
  stopping = true;
  for (const child of children.values()) if (child.exitCode === null) child.kill(signal);
  setTimeout(() => process.exit(1), 20_000).unref();
}

for (const [name, entry] of [['api', 'dist/apps/api/main.js'], ['worker', 'dist/apps/api/worker.js']]) {
  const child = spawn(process.execPath, [entry], { stdio: 'inherit', env: process.env });
  children.set(name, child);
  child.on('exit', (code, signal) => {
    children.delete(name);
    if (!stopping) {
      console.error(`mayak ${name} stopped (${signal ?? `exit ${code}`}); stopping the rest`);
      process.exitCode = code || 1;
      stopAll();
    }
    if (children.size === 0) process.exit(process.exitCode ?? 0);
  });
}

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stopAll(signal));
