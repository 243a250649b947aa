import { Inject, Injectable } from '@nestjs/common';
import { consoleIdentity } from '@mayak/domain';
import twilio from 'twilio';
import { Clock } from '#api/core/clock/clock';
import type { AppConfig } from '#api/core/config/app-config';
import { APP_CONFIG } from '#api/core/config/config.module';
import type { Actor } from '#api/core/context/request-context';
import { DomainError } from '#api/core/errors/domain-error';
import type { SoftphoneTokenDto } from './dto/telephony.dto';

/** Short, so a token copied out of a browser is soon worthless; the console renews it before it ends. */
export const SOFTPHONE_TOKEN_SECONDS = 600;

/**
 * Access for an operator's browser softphone. On a Twilio line: the twilio library's
 * AccessToken with a VoiceGrant, for this operator's identity only, signed with the API key.
 * With the local adapter there is nothing to sign: the console's local softphone needs only
 * the identity.
 */
@Injectable()
export class SoftphoneTokens {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  issue(actor: Actor): SoftphoneTokenDto {
    const identity = consoleIdentity(actor.userId);
    const telephony = this.config.telephony;
    if (telephony.provider === 'local') {
      return { provider: 'local', identity, token: null, expiresAt: new Date(this.clock.nowMs() + SOFTPHONE_TOKEN_SECONDS * 1000).toISOString() };
    }
    const client = telephony.voiceClient;
    if (!client || !telephony.accountSid)
      throw new DomainError(
        'service_unavailable',
        'The browser softphone is not configured on this line (TWILIO_API_KEY, TWILIO_API_SECRET, TWILIO_TWIML_APP_SID)',
      );
    const { AccessToken } = twilio.jwt;
    const token = new AccessToken(telephony.accountSid, client.apiKeySid, client.apiKeySecret, { identity, ttl: SOFTPHONE_TOKEN_SECONDS });
    token.addGrant(new AccessToken.VoiceGrant({ outgoingApplicationSid: client.twimlAppSid, incomingAllow: true }));
    const jwt = token.toJwt();
    // The token's own expiry (the library stamps it from the system clock, as Twilio checks it).
    const payload = JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8')) as { exp: number };
    return { provider: 'twilio', identity, token: jwt, expiresAt: new Date(payload.exp * 1000).toISOString() };
  }
}
