import { Body, Controller, Header, HttpCode, Post, Query, UseGuards } from '@nestjs/common';
import { ApiConsumes, ApiExcludeController } from '@nestjs/swagger';
import { Public } from '#api/core/auth/access.decorators';
import { CallbacksService } from '../callbacks/callbacks.service';
import { InboundMessages } from '../messaging/inbound-messages.service';
import { CallsService } from './calls.service';
import { TwilioSignatureGuard } from './twilio-signature.guard';
import { VoicemailsService } from './voicemails.service';

type Form = Record<string, string>;
const XML = 'text/xml; charset=utf-8';

/**
 * What the telephone network calls (Twilio's webhook contract, see docs/architecture.md).
 * Public, but every request must be signed; each handler is idempotent on its Sid.
 * Left out of the OpenAPI document: the console never calls these.
 */
@ApiExcludeController()
@Public()
@UseGuards(TwilioSignatureGuard)
@Controller({ path: 'telephony/twilio', version: '1' })
export class TwilioWebhooksController {
  constructor(
    private readonly calls: CallsService,
    private readonly inboundMessages: InboundMessages,
    private readonly callbacks: CallbacksService,
    private readonly voicemails: VoicemailsService,
  ) {}

  @Post('voice')
  @HttpCode(200)
  @Header('Content-Type', XML)
  @ApiConsumes('application/x-www-form-urlencoded')
  incomingCall(@Body() form: Form): Promise<string> {
    return this.calls.incoming(form);
  }

  @Post('voice/language')
  @HttpCode(200)
  @Header('Content-Type', XML)
  languageChosen(@Body() form: Form): Promise<string> {
    return this.calls.languageChosen(form);
  }

  @Post('voice/hold')
  @HttpCode(200)
  @Header('Content-Type', XML)
  hold(@Body() form: Form, @Query('lang') language?: string): Promise<string> {
    return this.calls.hold(form, language);
  }

  /** A waiting caller pressed a key after the callback offer. */
  @Post('voice/queue-choice')
  @HttpCode(200)
  @Header('Content-Type', XML)
  queueChoice(@Body() form: Form, @Query('lang') language?: string): Promise<string> {
    return this.calls.queueChoice(form, language);
  }

  @Post('voice/queue-result')
  @HttpCode(200)
  @Header('Content-Type', XML)
  queueResult(@Body() form: Form): Promise<string> {
    return this.calls.queueResult(form);
  }

  @Post('voice/dial-result')
  @HttpCode(200)
  @Header('Content-Type', XML)
  dialResult(@Body() form: Form, @Query('call') callId?: string): Promise<string> {
    return this.calls.dialResult(form, callId && /^[0-9a-f-]{36}$/i.test(callId) ? callId : undefined);
  }

  /** The caller left the transfer hold queue (put through, or hung up: the status callback closes the call). */
  @Post('voice/transfer-hold-result')
  @HttpCode(200)
  @Header('Content-Type', XML)
  async transferHoldResult(): Promise<string> {
    return '<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>';
  }

  /**
   * The TwiML App's voice URL: what a browser's Device.connect() would run. Mayak never dials
   * from the browser (calls out are callbacks the API places, to numbers it holds, showing the
   * hotline's number), so such a call is refused, whatever number it names.
   */
  @Post('voice/outbound')
  @HttpCode(200)
  @Header('Content-Type', XML)
  outbound(): string {
    return '<?xml version="1.0" encoding="UTF-8"?><Response><Reject reason="rejected"/></Response>';
  }

  /** The caller finished their voicemail (# or the longest length): thanks, and goodbye. */
  @Post('voice/voicemail-done')
  @HttpCode(200)
  @Header('Content-Type', XML)
  voicemailDone(@Query('lang') language?: string): string {
    return this.calls.voicemailThanks(language);
  }

  /** Twilio's recording status callback: a finished voicemail to fetch. */
  @Post('voice/recording-status')
  @HttpCode(204)
  async recordingStatus(@Body() form: Form): Promise<void> {
    await this.voicemails.recordingStatus(form);
  }

  /** A call forwarded outside opening hours ended: the status callback records the rest. */
  @Post('voice/forward-result')
  @HttpCode(200)
  @Header('Content-Type', XML)
  async forwardResult(): Promise<string> {
    return '<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>';
  }

  /** The colleague's consult leg of a warm transfer: nothing to record. */
  @Post('voice/consult-status')
  @HttpCode(204)
  consultStatus(): void {
    return;
  }

  @Post('voice/status')
  @HttpCode(204)
  async callStatus(@Body() form: Form): Promise<void> {
    await this.calls.statusChanged(form);
  }

  @Post('voice/callback-result')
  @HttpCode(200)
  @Header('Content-Type', XML)
  async callbackResult(@Body() form: Form, @Query('callback') callbackId?: string, @Query('attempt') attempt?: string): Promise<string> {
    await this.callbacks.bridgeResult(form, callbackId, attempt);
    return '<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>';
  }

  /** Twilio's messaging webhook: SMS and WhatsApp alike, stored as received before anything else. */
  @Post('sms')
  @HttpCode(200)
  @Header('Content-Type', XML)
  async incomingMessage(@Body() form: Form): Promise<string> {
    await this.inboundMessages.twilioMessage(form);
    return '<?xml version="1.0" encoding="UTF-8"?><Response/>';
  }

  @Post('sms/status')
  @HttpCode(204)
  async messageStatus(@Body() form: Form, @Query('message') messageId?: string): Promise<void> {
    await this.inboundMessages.twilioStatus(form, messageId);
  }
}
