import { Module } from '@nestjs/common';
import { AdminMailsController } from './admin-mails.controller';
import { NotificationJobs } from './notification-jobs';
import { NotificationPreferencesController } from './notification-preferences.controller';
import { NotificationPreferencesService } from './notification-preferences.service';
import { NotificationWatch } from './notification-watch';
import { NotificationsRepository } from './notifications.repository';
import { Notifier } from './notifier';

/** E-mail notifications: what other contexts call when something happened (Notifier), preferences, and the administrators' view of delivery. */
@Module({
  controllers: [NotificationPreferencesController, AdminMailsController],
  providers: [NotificationsRepository, Notifier, NotificationWatch, NotificationPreferencesService],
  exports: [Notifier, NotificationWatch],
})
export class NotificationsModule {}

/** The worker's part: the watch (reminders, mails from alerts, digests), without the HTTP controllers. */
@Module({
  providers: [NotificationsRepository, Notifier, NotificationWatch, NotificationJobs],
})
export class NotificationJobsModule {}
