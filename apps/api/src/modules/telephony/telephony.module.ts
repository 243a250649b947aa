import { Module } from '@nestjs/common';
import { CallbacksModule } from '../callbacks/callbacks.module';
import { ContactsModule } from '../contacts/contacts.module';
import { MessagingModule } from '../messaging/messaging.module';
import { CallsRepository, SqlCallsRepository } from './calls.repository';
import { CallsService } from './calls.service';
import { OperatorsOnDuty } from './operators-on-duty';
import { SoftphoneTokens } from './softphone-tokens';
import { LocalLine } from './local-line';
import { LineHours } from './line-hours';
import { PresenceRepository, SqlPresenceRepository } from './presence.repository';
import { SqlTelephonyLineRepository, TelephonyLineRepository } from './telephony-line.repository';
import { SqlVoicemailsRepository, VoicemailsRepository } from './voicemails.repository';
import { VoicemailsService } from './voicemails.service';
import { VoicemailJobs } from './voicemail-jobs';
import { VoicemailsController } from './voicemails.controller';
import { PromptsController } from './prompts.controller';
import { TelephonyCoreModule } from './telephony-core.module';
import { TelephonyController } from './telephony.controller';
import { TelephonyMetrics } from './telephony-metrics';
import { TwilioSignatureGuard } from './twilio-signature.guard';
import { TwilioWebhooksController } from './twilio-webhooks.controller';

@Module({
  imports: [TelephonyCoreModule, CallbacksModule, ContactsModule, MessagingModule],
  controllers: [TwilioWebhooksController, TelephonyController, VoicemailsController, PromptsController],
  providers: [
    CallsService,
    OperatorsOnDuty,
    TwilioSignatureGuard,
    { provide: CallsRepository, useClass: SqlCallsRepository },
    TelephonyMetrics,
    SoftphoneTokens,
    LocalLine,
    LineHours,
    VoicemailsService,
    { provide: TelephonyLineRepository, useClass: SqlTelephonyLineRepository },
    { provide: PresenceRepository, useClass: SqlPresenceRepository },
    { provide: VoicemailsRepository, useClass: SqlVoicemailsRepository },
  ],
  exports: [CallsService],
})
export class TelephonyModule {}

/** The worker's part of telephony: fetching voicemails. */
@Module({
  imports: [TelephonyCoreModule],
  providers: [VoicemailsService, VoicemailJobs, { provide: VoicemailsRepository, useClass: SqlVoicemailsRepository }],
})
export class VoicemailJobsModule {}
