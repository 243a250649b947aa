import { JobName, type JobOptions, type JobPayloads, type QueueName, type RepeatOptions } from './queue-names';

export interface QueueCounts {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  completed: number;
}

export interface QueueHealth {
  name: QueueName;
  isPaused: boolean;
  workers: number;
  counts: QueueCounts;
}

/** The port services use to hand work to the worker process. */
export abstract class JobQueue {
  abstract add<N extends JobName>(name: N, payload: JobPayloads[N], options?: JobOptions): Promise<void>;
  /** Idempotent: registering the same schedule twice keeps one. */
  abstract schedule<N extends JobName>(name: N, payload: JobPayloads[N], repeat: RepeatOptions): Promise<void>;
  /** Removes a waiting or delayed job; false if there is none (or it is running). */
  abstract remove(name: JobName, jobId: string): Promise<boolean>;
  abstract health(): Promise<QueueHealth[]>;
}
