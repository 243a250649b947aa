// Shared by the worker that writes its heartbeat and the health check that reads it
// (kept free of Nest, so the check starts fast).

/** How often a healthy worker says so, and how long its word lasts: three missed beats and it is unhealthy. */
export const HEARTBEAT_INTERVAL_MS = 5_000;
export const HEARTBEAT_TTL_SECONDS = 15;

/** One key per worker process; the host part lets a container's health check find its own worker. */
export function heartbeatKey(redisKeyPrefix: string, workerHost: string, pid: number | '*'): string {
  return `${redisKeyPrefix}:worker-heartbeat:${workerHost}:${pid}`;
}

export interface Heartbeat {
  host: string;
  pid: number;
  at: string;
  queues: number;
}
