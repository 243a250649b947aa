import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditVerifier } from '#api/core/audit/audit-verifier';
import { startTestApp, type TestApp } from '../support/app';
import { signedIn } from '../support/client';
import { waitFor } from '../support/waiting';
import { freePort } from '../support/ports';

const WORKER = join(__dirname, '../../dist/apps/api/worker.js');

describe('worker process', () => {
  let t: TestApp;
  let worker: ChildProcess;
  let output = '';
  let metricsPort: number;
  const checkpointDir = mkdtempSync(join(tmpdir(), 'mayak-worker-checkpoints-'));

  beforeAll(async () => {
    t = await startTestApp({ AUDIT_SEAL_INTERVAL_SECONDS: '1', AUDIT_CHECKPOINT_DIR: checkpointDir, AUDIT_CHECKPOINT_INTERVAL_SECONDS: '10' });
    metricsPort = await freePort();
    worker = spawn('node', [WORKER], {
      env: { ...process.env, ...t.env, LOG_LEVEL: 'info', WORKER_METRICS_PORT: String(metricsPort) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    worker.stdout!.on('data', (d) => (output += d));
    worker.stderr!.on('data', (d) => (output += d));
  });
  afterAll(async () => {
    if (worker.exitCode === null) worker.kill('SIGKILL');
    await t.close();
    rmSync(checkpointDir, { recursive: true, force: true });
  });

  it('runs as its own process, shows up in the admin queue view and seals the audit log on schedule', async () => {
    const admin = await signedIn(t.baseUrl, 'admin.almaty@mayak.test');
    const health = await waitFor(`a connected worker (output so far: ${output.slice(-2000)})`, async () => {
      const { data } = await admin.api.GET('/api/v1/admin/queues');
      const maintenance = data?.queues.find((q) => q.name === 'maintenance');
      return maintenance && maintenance.workers > 0 ? data : undefined;
    });
    if (!health) throw new Error(output);
    expect(health.queues.map((q) => q.name)).toEqual(['maintenance', 'callbacks', 'mail']);
    await waitFor('every audit row sealed', async () => {
      const { data } = await admin.api.GET('/api/v1/audit', { params: { query: { limit: 100 } } });
      return data && data.items.length > 0 && data.items.every((e) => e.sealed) ? true : undefined;
    });
  });

  it("writes checkpoints of the audit chain's head outside the database on schedule, which the chain verifies against", async () => {
    const verifier = t.app.get(AuditVerifier);
    const checkpoint = await waitFor(
      'an audit checkpoint from the worker',
      async () => {
        const c = await verifier.checkpoint();
        return c.status === 'none' ? undefined : c;
      },
      40_000,
    );
    expect(checkpoint).toMatchObject({ status: 'valid', source: join(checkpointDir, `${t.db.name}.jsonl`) });
    if (checkpoint.status !== 'valid') throw new Error(`the checkpoint is ${checkpoint.status}`);
    const report = await verifier.verify();
    expect(report).toMatchObject({ ok: true, firstBreak: null, checkpoint: { status: 'valid' } });
    expect(report.checked).toBeGreaterThanOrEqual(Number(checkpoint.checkpoint.position));
  });

  it('serves its own metrics on WORKER_METRICS_PORT: the jobs it ran, by queue, job and outcome', async () => {
    const sealRuns = /^mayak_job_duration_seconds_count\{queue="maintenance",job="audit\.seal",outcome="completed"\} (\d+)$/m;
    const text = await waitFor("an audit.seal run in the worker's job histogram", async () => {
      const body = await fetch(`http://127.0.0.1:${metricsPort}/metrics`).then(
        (r) => r.text(),
        () => '',
      );
      return Number(sealRuns.exec(body)?.[1] ?? 0) > 0 ? body : undefined;
    });
    expect(text).toContain('mayak_db_pool_connections{state="total"}');
    expect(text).toContain('process_resident_memory_bytes');
    // Queue depth and the line's gauges come from the API only, so sums across processes stay true.
    expect(text).not.toContain('mayak_queue_jobs');
  });

  it('shuts down gracefully on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => worker.once('close', (code) => resolve(code)));
    worker.kill('SIGTERM');
    const code = await Promise.race([exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 15_000))]);
    expect(code).toBe(0);
    expect(output).not.toMatch(/"level":50/);
  });
});
