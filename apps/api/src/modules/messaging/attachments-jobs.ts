import { Injectable } from '@nestjs/common';
import { OnJob } from '#api/core/queue/job-handler';
import { JobName, type JobPayloads } from '#api/core/queue/queue-names';
import { AttachmentsService } from './attachments.service';

/** The worker's side of message files: fetch, judge and keep each; sweep what was lost or erased. */
@Injectable()
export class AttachmentsJobs {
  constructor(private readonly attachments: AttachmentsService) {}

  @OnJob(JobName.AttachmentFetch)
  async fetch(payload: JobPayloads[JobName.AttachmentFetch]): Promise<string> {
    return this.attachments.fetchAndStore(payload.attachmentId);
  }

  @OnJob(JobName.AttachmentsReconcile)
  async reconcile(): Promise<{ requeued: number; givenUp: number; deleted: number }> {
    return this.attachments.reconcile();
  }
}
