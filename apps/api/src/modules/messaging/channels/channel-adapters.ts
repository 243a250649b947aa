import { Inject, Injectable, Optional } from '@nestjs/common';
import type { MessageChannel } from '@mayak/domain';
import { DomainError } from '#api/core/errors/domain-error';
import type { ChannelAdapter } from './channel-adapter';
import { TelegramBot } from './telegram-adapter';
import { TwilioMessagingAdapter } from './twilio-messaging-adapter';
import { WebchatAdapter } from './webchat-adapter';

/** Finds the adapter that sends on a channel. */
@Injectable()
export class ChannelAdapters {
  private readonly adapters: ChannelAdapter[];

  constructor(twilio: TwilioMessagingAdapter, webchat: WebchatAdapter, @Optional() @Inject(TelegramBot) telegram: TelegramBot | null) {
    this.adapters = telegram ? [twilio, webchat, telegram] : [twilio, webchat];
  }

  for(channel: MessageChannel): ChannelAdapter {
    const adapter = this.adapters.find((a) => a.channels.includes(channel));
    if (!adapter) throw new DomainError('provider_unavailable', `No adapter sends on ${channel} on this line`);
    return adapter;
  }
}
