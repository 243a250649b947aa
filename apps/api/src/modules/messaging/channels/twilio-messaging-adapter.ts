import { Injectable } from '@nestjs/common';
import { twilioAddressFor, type MessageChannel } from '@mayak/domain';
import { TelephonyProvider } from '#api/modules/telephony/provider/telephony-provider';
import { ChannelAdapter, type OutboundText } from './channel-adapter';

/** SMS and WhatsApp through Twilio's Messages resource; WhatsApp addresses carry the `whatsapp:` prefix. */
@Injectable()
export class TwilioMessagingAdapter extends ChannelAdapter {
  readonly channels: readonly MessageChannel[] = ['sms', 'whatsapp'];

  constructor(private readonly provider: TelephonyProvider) {
    super();
  }

  async sendText(channel: MessageChannel, message: OutboundText): Promise<{ providerMessageId: string; status: string }> {
    const kind = channel === 'whatsapp' ? 'whatsapp' : 'sms';
    const file = message.file;
    const sent = await this.provider.sendMessage({
      to: twilioAddressFor(kind, message.to),
      from: twilioAddressFor(kind, message.from),
      // WhatsApp carries the file itself (Twilio fetches it); an SMS carries its link (picture messages do not reach Central Asia).
      body: file && kind === 'sms' ? [message.body, `${file.name}: ${file.url}`].filter(Boolean).join('\n') : message.body,
      statusCallbackUrl: message.statusCallbackUrl,
      ...(message.template ? { template: message.template } : {}),
      ...(file && kind === 'whatsapp' ? { mediaUrl: file.url } : {}),
    });
    return { providerMessageId: sent.sid, status: sent.status || 'queued' };
  }
}
