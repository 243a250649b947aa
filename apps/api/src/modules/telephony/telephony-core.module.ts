import { Module } from '@nestjs/common';
import { Clock } from '#api/core/clock/clock';
import type { AppConfig } from '#api/core/config/app-config';
import { APP_CONFIG } from '#api/core/config/config.module';
import { PeopleModule } from '../people/people.module';
import { LineRouter } from './line-router';
import { SignOutHook } from '#api/core/auth/sign-out-hook';
import { PresenceSignOut } from './presence-sign-out';
import { PresenceRepository, SqlPresenceRepository } from './presence.repository';
import { PresenceService } from './presence.service';
import { LocalProvider } from './provider/local-provider';
import { TelephonyProvider } from './provider/telephony-provider';
import { TwilioProvider } from './provider/twilio-provider';
import { TelephonyUrls } from './telephony-urls';
import { PromptLibrary } from './prompt-library';
import { SqlTelephonyLineRepository, TelephonyLineRepository } from './telephony-line.repository';
import { Twiml } from './twiml';

/** The provider (Twilio or local, by configuration) and what both the API and the worker need around it. */
@Module({
  imports: [PeopleModule],
  providers: [
    {
      provide: TelephonyProvider,
      inject: [APP_CONFIG, Clock],
      useFactory: (config: AppConfig, clock: Clock): TelephonyProvider => {
        const t = config.telephony;
        return t.provider === 'twilio' && t.accountSid
          ? new TwilioProvider({ accountSid: t.accountSid, authToken: t.authToken, apiBaseUrl: t.apiBaseUrl ?? undefined })
          : new LocalProvider({ authToken: t.authToken, clock });
      },
    },
    TelephonyUrls,
    Twiml,
    LineRouter,
    PresenceService,
    PromptLibrary,
    { provide: TelephonyLineRepository, useClass: SqlTelephonyLineRepository },
    { provide: PresenceRepository, useClass: SqlPresenceRepository },
    { provide: SignOutHook, useClass: PresenceSignOut },
  ],
  exports: [SignOutHook, TelephonyProvider, TelephonyUrls, Twiml, LineRouter, PresenceService, PromptLibrary, PeopleModule],
})
export class TelephonyCoreModule {}
