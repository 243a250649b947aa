import { SetMetadata } from '@nestjs/common';
import type { JobName, JobPayloads } from './queue-names';

export const JOB_HANDLER = 'mayak:job-handler';

/** Marks a provider method as the handler of one job; the worker refuses to start without exactly one per job. */
export const OnJob = (name: JobName) => SetMetadata(JOB_HANDLER, name);

export type JobHandlerFn<N extends JobName> = (payload: JobPayloads[N]) => Promise<unknown>;
