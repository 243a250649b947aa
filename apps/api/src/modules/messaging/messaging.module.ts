import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { TelephonyCoreModule } from '../telephony/telephony-core.module';
import { ChannelAdapters } from './channels/channel-adapters';
import { TwilioMessagingAdapter } from './channels/twilio-messaging-adapter';
import { ConversationsController } from './conversations.controller';
import { ConversationsRepository } from './conversations.repository';
import { ConversationsService } from './conversations.service';
import { InboundMessagesJobs } from './inbound-messages-jobs';
import { InboundMessages } from './inbound-messages.service';
import { InboundWebhooksRepository } from './inbound-webhooks.repository';

const PROVIDERS = [ConversationsRepository, ConversationsService, InboundWebhooksRepository, InboundMessages, ChannelAdapters, TwilioMessagingAdapter];

/** Written channels: conversations, their messages, and the inbound store every messaging webhook goes through first. */
@Module({
  imports: [TelephonyCoreModule, AlertsModule],
  controllers: [ConversationsController],
  providers: PROVIDERS,
  exports: [ConversationsService, InboundMessages],
})
export class MessagingModule {}

/** The worker's part: finishing stored webhooks a request could not process. */
@Module({
  imports: [TelephonyCoreModule, AlertsModule],
  providers: [...PROVIDERS, InboundMessagesJobs],
})
export class MessagingJobsModule {}
