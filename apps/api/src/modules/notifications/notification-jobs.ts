import { Injectable } from '@nestjs/common';
import { OnJob } from '#api/core/queue/job-handler';
import { JobName } from '#api/core/queue/queue-names';
import { NotificationWatch, type WatchReport } from './notification-watch';

/** The worker's side of notifications: reminders, mails from alerts and the daily digests. */
@Injectable()
export class NotificationJobs {
  constructor(private readonly watch: NotificationWatch) {}

  @OnJob(JobName.NotificationsWatch)
  async watchRound(): Promise<WatchReport> {
    return this.watch.run();
  }
}
