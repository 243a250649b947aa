import cluster from 'node:cluster';

/** Set by the primary in the environment of the API processes it starts (API_PROCESSES > 1). */
export const CLUSTERED_API_PROCESS = 'MAYAK_API_CLUSTER_PROCESS';

/** Whether this is one of several API processes sharing the port. */
export function isClusteredApiProcess(): boolean {
  return cluster.isWorker && process.env[CLUSTERED_API_PROCESS] === '1';
}
