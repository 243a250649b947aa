import { Module } from '@nestjs/common';
import { Clock } from '#api/core/clock/clock';
import type { AppConfig } from '#api/core/config/app-config';
import { APP_CONFIG } from '#api/core/config/config.module';
import { AlertsModule } from '../alerts/alerts.module';
import { KnowledgeModule } from '../knowledge/knowledge.module';
import { TelephonyCoreModule } from '../telephony/telephony-core.module';
import { ChannelAdapters } from './channels/channel-adapters';
import { LocalTelegramBot, TelegramBot, TelegramBotApi } from './channels/telegram-adapter';
import { TwilioMessagingAdapter } from './channels/twilio-messaging-adapter';
import { ConversationsController } from './conversations.controller';
import { ConversationsRepository } from './conversations.repository';
import { ConversationsService } from './conversations.service';
import { InboundMessagesJobs } from './inbound-messages-jobs';
import { InboundMessages } from './inbound-messages.service';
import { InboundWebhooksRepository } from './inbound-webhooks.repository';
import { TelegramPoller } from './telegram-poller';
import { TelegramSecretGuard } from './telegram-secret.guard';
import { TelegramWebhookController } from './telegram-webhook.controller';
import { WebchatAdapter } from './channels/webchat-adapter';
import { WebchatController } from './webchat.controller';
import { WebchatService } from './webchat.service';
import { WebchatSessionsRepository } from './webchat-sessions.repository';
import { FixedWindowLimiter } from '#api/core/rate-limit/fixed-window-limiter';
import { QuickRepliesController } from './quick-replies.controller';
import { MessageTemplatesController } from './message-templates.controller';
import { MessageTemplatesRepository } from './message-templates.repository';
import { MessageTemplatesService } from './message-templates.service';
import { AttachmentsController } from './attachments.controller';
import { AttachmentsJobs } from './attachments-jobs';
import { AttachmentsRepository } from './attachments.repository';
import { AttachmentsService } from './attachments.service';
import { QuickRepliesRepository } from './quick-replies.repository';
import { QuickRepliesService } from './quick-replies.service';

const PROVIDERS = [
  ConversationsRepository,
  ConversationsService,
  InboundWebhooksRepository,
  InboundMessages,
  ChannelAdapters,
  TwilioMessagingAdapter,
  AttachmentsRepository,
  AttachmentsService,
  WebchatAdapter,
  WebchatSessionsRepository,
  MessageTemplatesRepository,
  MessageTemplatesService,
  {
    provide: TelegramBot,
    inject: [APP_CONFIG, Clock],
    // The Bot API with a token; the local stand-in in development without one; none otherwise.
    useFactory: (config: AppConfig, clock: Clock): TelegramBot | null => {
      const telegram = config.telegram;
      if (!telegram) return null;
      return telegram.provider === 'bot-api' && telegram.botToken ? new TelegramBotApi(telegram.botToken, telegram.apiRoot) : new LocalTelegramBot(clock);
    },
  },
];

/** Written channels: conversations, their messages, and the inbound store every messaging webhook goes through first. */
@Module({
  imports: [TelephonyCoreModule, AlertsModule, KnowledgeModule],
  controllers: [
    ConversationsController,
    TelegramWebhookController,
    QuickRepliesController,
    AttachmentsController,
    WebchatController,
    MessageTemplatesController,
  ],
  providers: [...PROVIDERS, TelegramSecretGuard, QuickRepliesRepository, QuickRepliesService, WebchatService, FixedWindowLimiter],
  exports: [ConversationsService, InboundMessages, TelegramBot, AttachmentsService],
})
export class MessagingModule {}

/** The worker's part: finishing stored webhooks a request could not process, and Telegram's long polling. */
@Module({
  imports: [TelephonyCoreModule, AlertsModule, KnowledgeModule],
  providers: [...PROVIDERS, InboundMessagesJobs, TelegramPoller, AttachmentsJobs],
})
export class MessagingJobsModule {}
