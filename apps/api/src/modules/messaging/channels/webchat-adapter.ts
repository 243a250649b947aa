import { Injectable } from '@nestjs/common';
import type { MessageChannel } from '@mayak/domain';
import { ChannelAdapter, type OutboundText } from './channel-adapter';

/** The web chat has nothing to send to: the visitor's widget fetches the line's answers. Stored is sent. */
@Injectable()
export class WebchatAdapter extends ChannelAdapter {
  readonly channels: readonly MessageChannel[] = ['webchat'];

  async sendText(_channel: MessageChannel, message: OutboundText): Promise<{ providerMessageId: string; status: string }> {
    return { providerMessageId: `wc:sent:${message.reference}`, status: 'sent' };
  }
}
