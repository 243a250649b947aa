import { Injectable } from '@nestjs/common';
import { OnJob } from '#api/core/queue/job-handler';
import { JobName, type JobPayloads } from '#api/core/queue/queue-names';
import { VoicemailsService } from './voicemails.service';

/** The worker's side of voicemail: fetch the recording from the provider and keep it encrypted. */
@Injectable()
export class VoicemailJobs {
  constructor(private readonly voicemails: VoicemailsService) {}

  @OnJob(JobName.VoicemailFetch)
  async fetchVoicemail(payload: JobPayloads[JobName.VoicemailFetch]): Promise<string> {
    return this.voicemails.fetchAndStore(payload.voicemailId);
  }

  @OnJob(JobName.VoicemailReconcile)
  async reconcileVoicemails(): Promise<{ requeued: number; givenUp: number }> {
    return this.voicemails.reconcile();
  }
}
