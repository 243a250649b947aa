import { Injectable } from '@nestjs/common';
import { OnJob } from '#api/core/queue/job-handler';
import { JobName, type JobPayloads } from '#api/core/queue/queue-names';
import { CallbacksService } from './callbacks.service';

/** The worker's side of callbacks: fire what is due, and put back jobs Redis has lost. */
@Injectable()
export class CallbackJobs {
  constructor(private readonly callbacks: CallbacksService) {}

  @OnJob(JobName.CallbackDue)
  async fireCallback(payload: JobPayloads[JobName.CallbackDue]): Promise<boolean> {
    return this.callbacks.fire(payload.callbackId);
  }

  @OnJob(JobName.CallbackReconcile)
  async reconcileCallbacks(): Promise<{ checked: number }> {
    return this.callbacks.reconcile();
  }
}
