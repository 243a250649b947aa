import { Injectable } from '@nestjs/common';
import { OnJob } from '../queue/job-handler';
import { JobName, type JobPayloads } from '../queue/queue-names';
import { MailOutbox, type DeliveryResult } from './mail-outbox';

/** The worker's side of the outbox: send one mail, and put back the jobs Redis lost. */
@Injectable()
export class MailJobs {
  constructor(private readonly outbox: MailOutbox) {}

  @OnJob(JobName.MailSend)
  async send(payload: JobPayloads[JobName.MailSend]): Promise<DeliveryResult> {
    return this.outbox.deliver(payload.mailId);
  }

  @OnJob(JobName.MailsReconcile)
  async reconcile(): Promise<{ requeued: number }> {
    return this.outbox.reconcile();
  }
}
