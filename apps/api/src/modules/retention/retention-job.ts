import { Injectable } from '@nestjs/common';
import { OnJob } from '#api/core/queue/job-handler';
import { JobName } from '#api/core/queue/queue-names';
import { RetentionService } from './retention.service';

@Injectable()
export class RetentionJob {
  constructor(private readonly retention: RetentionService) {}

  @OnJob(JobName.RetentionRun)
  async runRetention(): Promise<unknown> {
    return this.retention.run();
  }
}
