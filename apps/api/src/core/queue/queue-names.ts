/** Every queue and job Mayak runs. A job name belongs to exactly one queue. */
export enum QueueName {
  Maintenance = 'maintenance',
}

export enum JobName {
  AuditSeal = 'audit.seal',
  DeadlineWatch = 'deadlines.watch',
}

export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.AuditSeal]: QueueName.Maintenance,
  [JobName.DeadlineWatch]: QueueName.Maintenance,
};

export interface JobPayloads {
  [JobName.AuditSeal]: Record<string, never>;
  [JobName.DeadlineWatch]: Record<string, never>;
}

export interface JobOptions {
  /** De-duplication: a job with the id of one already waiting or delayed is not added again. */
  jobId?: string;
  delayMs?: number;
  attempts?: number;
}

export interface RepeatOptions {
  everyMs: number;
}
