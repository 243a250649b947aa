import cluster, { type Worker } from 'node:cluster';
import { performance } from 'node:perf_hooks';
import type { Logger as PinoLogger } from 'pino';
import { CLUSTERED_API_PROCESS } from '../core/cluster/api-process';
import { answerMetricRequests } from '../core/cluster/cluster-metrics';

/** A process that ends this often within a minute is not going to start: the primary gives up (exit 1). */
const CRASH_WINDOW_MS = 60_000;
const RESTART_DELAY_MS = 1_000;
/** As the orchestrator's grace period (docs/operations.md): what has not stopped by then is killed. */
const STOP_GRACE_MS = 30_000;

/**
 * API_PROCESSES > 1: this process starts that many API processes sharing PORT (Node's
 * cluster; the primary hands out connections in turn) and serves nothing itself. It starts a
 * new process when one dies, gives up when they keep dying, adds up their metrics for a
 * scrape, and on SIGTERM or SIGINT stops them all gracefully (each finishes its requests).
 * Nothing is kept in memory that another process needs, as with several machines
 * (docs/operations.md, "Beyond one machine").
 */
export function runApiCluster(processes: number, logger: PinoLogger): void {
  let stopping = false;
  let exitCode = 0;
  const crashes: number[] = [];
  const start = (): Worker => cluster.fork({ [CLUSTERED_API_PROCESS]: '1' });

  answerMetricRequests();
  cluster.on('exit', (worker, code, signal) => {
    const running = Object.keys(cluster.workers ?? {}).length;
    if (stopping) {
      if (running === 0) process.exit(exitCode);
      return;
    }
    const now = performance.now();
    crashes.push(now);
    while (crashes.length && now - crashes[0] > CRASH_WINDOW_MS) crashes.shift();
    if (crashes.length > processes * 3) {
      logger.fatal({ pid: worker.process.pid, code, signal }, `API processes ended ${crashes.length} times within a minute; stopping`);
      stop(1);
      return;
    }
    logger.error({ pid: worker.process.pid, code, signal }, 'an API process ended; starting another');
    setTimeout(() => stopping || start(), RESTART_DELAY_MS);
  });

  function stop(code: number): void {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w);
    if (workers.length === 0) process.exit(code);
    for (const worker of workers) worker.process.kill('SIGTERM');
    setTimeout(() => {
      logger.error(`API processes still running after ${STOP_GRACE_MS / 1000} s; killing them`);
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
      process.exit(1);
    }, STOP_GRACE_MS).unref();
  }
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => stop(0));

  for (let i = 0; i < processes; i++) start();
  logger.info({ processes }, `Mayak API: ${processes} processes share the port`);
}
