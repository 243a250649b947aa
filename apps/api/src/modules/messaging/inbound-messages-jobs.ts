import { Injectable } from '@nestjs/common';
import { OnJob } from '#api/core/queue/job-handler';
import { JobName } from '#api/core/queue/queue-names';
import { InboundMessages } from './inbound-messages.service';

/** The worker's side of inbound messages: finish what a request stored but could not process. */
@Injectable()
export class InboundMessagesJobs {
  constructor(private readonly inbound: InboundMessages) {}

  @OnJob(JobName.InboundMessagesSweep)
  async sweep(): Promise<{ processed: number; failed: number; forgotten: number }> {
    return this.inbound.reprocessPending();
  }
}
