import { Global, Module } from '@nestjs/common';
import { BullMqJobQueue } from './bullmq-job-queue';
import { JobQueue } from './job-queue.port';

@Global()
@Module({
  providers: [BullMqJobQueue, { provide: JobQueue, useExisting: BullMqJobQueue }],
  exports: [JobQueue, BullMqJobQueue],
})
export class QueueModule {}
