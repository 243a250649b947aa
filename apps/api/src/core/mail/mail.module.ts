import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { MailDispatchSubscriber } from './mail-dispatch.subscriber';
import { MailJobs } from './mail-jobs';
import { MailOutbox } from './mail-outbox';
import { MailTransport } from './mail-transport';
import { MailsRepository } from './mails.repository';
import { createMailTransport } from './smtp-mail-transport';

/** E-mail for both processes: the outbox everyone writes to, and the SMTP transport the worker sends through. */
@Global()
@Module({
  providers: [
    MailsRepository,
    MailOutbox,
    MailDispatchSubscriber,
    { provide: MailTransport, inject: [APP_CONFIG], useFactory: (config: AppConfig) => createMailTransport(config.mail) },
  ],
  exports: [MailOutbox, MailTransport],
})
export class MailModule implements OnApplicationShutdown {
  constructor(@Inject(MailTransport) private readonly transport: MailTransport) {}

  async onApplicationShutdown(): Promise<void> {
    await this.transport.close();
  }
}

/** The worker's part: the handlers of the mail jobs. */
@Module({ providers: [MailJobs] })
export class MailJobsModule {}
