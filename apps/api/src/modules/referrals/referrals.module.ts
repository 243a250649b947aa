import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { CasesModule } from '../cases/cases.module';
import { PeopleModule } from '../people/people.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { DeadlineWatcher } from './deadline-watcher';
import { DeadlinesRepository, SqlDeadlinesRepository } from './deadlines.repository';
import { PartnerReferralsController, ReferralsController } from './referrals.controller';
import { ReferralsRepository, SqlReferralsRepository } from './referrals.repository';
import { ReferralsService } from './referrals.service';

@Module({
  imports: [AlertsModule, CasesModule, PeopleModule, NotificationsModule],
  controllers: [ReferralsController, PartnerReferralsController],
  providers: [
    ReferralsService,
    { provide: ReferralsRepository, useClass: SqlReferralsRepository },
    DeadlineWatcher,
    { provide: DeadlinesRepository, useClass: SqlDeadlinesRepository },
  ],
  exports: [ReferralsService, DeadlineWatcher],
})
export class ReferralsModule {}

/** The worker needs only the watcher and what it stands on, not the HTTP controllers. */
@Module({
  imports: [AlertsModule],
  providers: [DeadlineWatcher, { provide: DeadlinesRepository, useClass: SqlDeadlinesRepository }],
})
export class DeadlineWatchModule {}
