import { NestFactory } from '@nestjs/core';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { CliModule } from '#api/cli/cli.module';
import { seedDemoData } from '#api/seed/demo-seed';
import { freePort } from './ports';

const DIST = join(__dirname, '../../dist/apps/api');

/** One built Mayak process (`node dist/apps/api/...`) run as a child of the test. */
export interface MayakProcess {
  name: string;
  child: ChildProcess;
  /** Everything it printed so far (for failure messages). */
  output(): string;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`; resolves with the exit code (null if killed). */
  stop(graceMs?: number): Promise<number | null>;
}

export interface ApiProcess extends MayakProcess {
  baseUrl: string;
}

function startProcess(name: string, script: string, env: Record<string, string>): MayakProcess {
  const child = spawn('node', [join(DIST, script)], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return {
    name,
    child,
    output: () => output,
    stop: async (graceMs = 10_000) => {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Starts `node dist/apps/api/main.js` on a free loopback port and waits (bounded) until it is ready. */
export async function startApiProcess(name: string, env: Record<string, string>, timeoutMs = 30_000): Promise<ApiProcess> {
  const port = await freePort();
  const started = startProcess(name, 'main.js', { ...env, PORT: String(port), HOST: '127.0.0.1' });
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (started.child.exitCode !== null) throw new Error(`${name} exited with ${started.child.exitCode}: ${started.output()}`);
    const ready = await fetch(`${baseUrl}/api/health/ready`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) return { ...started, baseUrl };
    if (Date.now() > deadline) {
      await started.stop(1_000);
      throw new Error(`${name} not ready within ${timeoutMs} ms: ${started.output()}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Starts `node dist/apps/api/worker.js`; whether it is connected is for the caller to check (e.g. the queue view's worker count). */
export function startWorkerProcess(name: string, env: Record<string, string>): MayakProcess {
  return startProcess(name, 'worker.js', env);
}

/** The demo offices, users and directory in a database, loaded in this process as `npm start` would. */
export async function seedDemoUsers(env: Record<string, string>): Promise<void> {
  const previous = { ...process.env };
  Object.assign(process.env, env);
  try {
    const app = await NestFactory.createApplicationContext(CliModule, { logger: false });
    try {
      await seedDemoData(app);
    } finally {
      await app.close();
    }
  } finally {
    process.env = previous;
  }
}
