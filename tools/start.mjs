#!/usr/bin/env node
// `npm start` (after the build): checks Postgres and Redis, migrates, loads demo data
// outside production, starts the development mail server (outside production, without an
// SMTP server of your own), then runs the API (which serves the console) and the worker as two
// processes. Ctrl-C stops both; if either dies, the other is stopped and we exit non-zero.
import { spawn, spawnSync } from 'node:child_process';

const prepare = spawnSync(process.execPath, ['dist/apps/api/cli/prepare.js'], { stdio: 'inherit' });
if (prepare.status !== 0) process.exit(prepare.status ?? 1);

// Outside production, mail goes to a loopback SMTP server of our own (tools/dev-mail.mjs) that
// keeps every mail under var/mail/ and lists them on a page, unless an SMTP server is configured.
if (process.env.NODE_ENV !== 'production' && process.env.MAIL_ENABLED !== 'false' && !process.env.SMTP_URL && !process.env.SMTP_HOST) {
  try {
    const { startDevMail } = await import('./dev-mail.mjs');
    const mail = await startDevMail({ smtpPort: Number(process.env.MAIL_DEV_SMTP_PORT || 2525), webPort: Number(process.env.MAIL_DEV_WEB_PORT || 1080) });
    process.env.SMTP_URL = mail.smtpUrl;
    console.log(`mayak mail: every mail Mayak sends is kept, read them at ${mail.webUrl} (files in ${mail.dir})`);
  } catch (error) {
    console.warn(`mayak mail: the development mail server did not start (${error.message}); mails wait in the outbox and are retried`);
  }
}

const children = new Map();
let stopping = false;

function stopAll(signal = 'SIGTERM') {
  stopping = true;
  for (const child of children.values()) if (child.exitCode === null) child.kill(signal);
  setTimeout(() => process.exit(1), 20_000).unref();
}

for (const [name, entry] of [
  ['api', 'dist/apps/api/main.js'],
  ['worker', 'dist/apps/api/worker.js'],
]) {
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
