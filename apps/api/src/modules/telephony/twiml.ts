import { Inject, Injectable } from '@nestjs/common';
import twilio from 'twilio';
import type { AppConfig, PromptKind, PromptLanguage, TelephonyConfig } from '#api/core/config/app-config';
import { APP_CONFIG } from '#api/core/config/config.module';
import { PromptLibrary } from './prompt-library';

type VoiceResponse = InstanceType<typeof twilio.twiml.VoiceResponse>;

/** Where an operator's calls ring. `address` is a phone number, a SIP URI or the console's client identity. */
export interface RingTarget {
  kind: 'console' | 'phone' | 'sip';
  address: string;
}

// Twilio's text-to-speech has no Kazakh voice: Kazakh prompts are read by the Russian voice
// unless the installation records them and configures their URLs (TELEPHONY_PROMPT_*_KK=https://...).
// Uzbek, Tajik and Kyrgyz have no voice either: their (Cyrillic) texts are read by the Russian one.
const SAY_LANGUAGE: Record<PromptLanguage, 'ru-RU' | 'en-GB'> = { ru: 'ru-RU', kk: 'ru-RU', en: 'en-GB', uz: 'ru-RU', tg: 'ru-RU', ky: 'ru-RU' };

/** The TwiML documents Mayak answers with, built with the twilio library's own writer. */
@Injectable()
export class Twiml {
  private readonly prompts: TelephonyConfig['prompts'];
  private readonly menu: TelephonyConfig['menuLanguages'];

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly recorded: PromptLibrary,
  ) {
    this.prompts = config.telephony.prompts;
    this.menu = config.telephony.menuLanguages;
  }

  /** A prompt in the caller's language: a recording when its setting is a URL, text-to-speech otherwise ({name} filled in from `values`). */
  private speak(
    node: VoiceResponse | ReturnType<VoiceResponse['gather']>,
    kind: PromptKind,
    language: PromptLanguage,
    values: Record<string, string> = {},
  ): void {
    const prompt = this.recorded.urlFor(kind, language) ?? this.prompts[kind][language];
    if (/^https?:\/\//.test(prompt)) {
      node.play({}, prompt);
      // A recording cannot say a number it does not know: the number follows it, spoken.
      if (values.position) node.say({ language: SAY_LANGUAGE[language] }, values.position);
    } else
      node.say(
        { language: SAY_LANGUAGE[language] },
        prompt.replace(/\{(\w+)\}/g, (all, name: string) => values[name] ?? all),
      );
  }

  /** One digit per language of the line's menu, each offered in its own language; silence falls through to the first. */
  languageMenu(actionUrl: string): string {
    const response = new twilio.twiml.VoiceResponse();
    const gather = response.gather({ numDigits: 1, timeout: 5, action: actionUrl, method: 'POST', actionOnEmptyResult: true });
    this.menu.forEach((language, index) => this.speak(gather, 'menu', language, { digit: String(index + 1) }));
    response.redirect({ method: 'POST' }, actionUrl);
    return response.toString();
  }

  /** Outside opening hours: the closed message in each of the menu's languages, then goodbye. */
  closed(): string {
    const response = new twilio.twiml.VoiceResponse();
    for (const language of this.menu) this.speak(response, 'closed', language);
    response.hangup();
    return response.toString();
  }

  /**
   * A voicemail: the caller is told the message will be recorded (in `languages`: the caller's,
   * or every menu language when none was chosen), then Twilio records until # or hang-up.
   */
  voicemail(languages: PromptLanguage[], actionUrl: string, recordingStatusUrl: string): string {
    const response = new twilio.twiml.VoiceResponse();
    for (const language of languages) this.speak(response, 'voicemail', language);
    response.record({
      action: actionUrl,
      method: 'POST',
      maxLength: 180,
      playBeep: true,
      finishOnKey: '#',
      trim: 'trim-silence',
      recordingStatusCallback: recordingStatusUrl,
      recordingStatusCallbackMethod: 'POST',
      recordingStatusCallbackEvent: ['completed', 'absent'],
    });
    return response.toString();
  }

  voicemailThanks(languages: PromptLanguage[]): string {
    const response = new twilio.twiml.VoiceResponse();
    for (const language of languages) this.speak(response, 'voicemail_thanks', language);
    response.hangup();
    return response.toString();
  }

  get menuLanguages(): PromptLanguage[] {
    return [...this.menu];
  }

  /** Outside opening hours, to another number (the hotline's number shown); `actionUrl` hears how it ended. */
  forward(to: string, hotlineNumber: string, actionUrl: string): string {
    const response = new twilio.twiml.VoiceResponse();
    response.dial({ callerId: hotlineNumber, action: actionUrl, method: 'POST', timeout: 30 }).number(to);
    return response.toString();
  }

  enqueue(queueName: string, waitUrl: string, actionUrl: string): string {
    const response = new twilio.twiml.VoiceResponse();
    response.enqueue({ waitUrl, waitUrlMethod: 'POST', action: actionUrl, method: 'POST' }, queueName);
    return response.toString();
  }

  /**
   * What a caller hears while waiting: their place in the queue, the hold message, and after
   * the longest wait the offer to be called back (a key press, posted to `offerCallbackUrl`).
   * `leave` takes them out of the queue (a callback is owed).
   */
  hold(language: PromptLanguage, options: { leave?: boolean; position?: number | null; offerCallbackUrl?: string | null }): string {
    const response = new twilio.twiml.VoiceResponse();
    if (options.leave) {
      response.leave();
      return response.toString();
    }
    if (options.position) this.speak(response, 'position', language, { position: String(options.position) });
    this.speak(response, 'hold', language);
    if (options.offerCallbackUrl) {
      const gather = response.gather({ numDigits: 1, timeout: 6, action: options.offerCallbackUrl, method: 'POST' });
      this.speak(gather, 'offer_callback', language);
    } else {
      response.pause({ length: 10 });
    }
    return response.toString();
  }

  missed(language: PromptLanguage): string {
    const response = new twilio.twiml.VoiceResponse();
    this.speak(response, 'missed', language);
    response.hangup();
    return response.toString();
  }

  hangUp(): string {
    const response = new twilio.twiml.VoiceResponse();
    response.hangup();
    return response.toString();
  }

  empty(): string {
    return new twilio.twiml.MessagingResponse().toString();
  }

  /**
   * Connects the current call to an operator; `actionUrl` hears how that leg ended. A browser
   * softphone is told which call is ringing it (`callId`), so it picks up only the call its
   * operator took.
   */
  connectTo(target: RingTarget, actionUrl: string, ringFor: RingFor, callerId?: string): string {
    const response = new twilio.twiml.VoiceResponse();
    const dial = response.dial({ action: actionUrl, method: 'POST', timeout: 20, ...(callerId ? { callerId } : {}) });
    dialTarget(dial, target, ringFor);
    return response.toString();
  }

  /** The caller waits, hearing the hold message, while their operator has them on hold. */
  holdByOperator(language: PromptLanguage, queueName: string, waitUrl: string, actionUrl: string): string {
    const response = new twilio.twiml.VoiceResponse();
    response.enqueue({ waitUrl, waitUrlMethod: 'POST', action: actionUrl, method: 'POST' }, queueName);
    this.speak(response, 'hold', language);
    return response.toString();
  }

  /** A caller waiting while their operator talks to a colleague (warm transfer). */
  holdForTransfer(language: PromptLanguage, queueName: string, waitUrl: string, actionUrl: string): string {
    const response = new twilio.twiml.VoiceResponse();
    this.speak(response, 'transfer_hold', language);
    response.enqueue({ waitUrl, waitUrlMethod: 'POST', action: actionUrl, method: 'POST' }, queueName);
    return response.toString();
  }

  /**
   * The operator's leg of a callback: once they answer, dial the client showing the
   * hotline's number (callerId), never the operator's own.
   */
  bridgeToClient(language: PromptLanguage, clientNumber: string, hotlineNumber: string, actionUrl: string): string {
    const response = new twilio.twiml.VoiceResponse();
    this.speak(response, 'connecting', language);
    const dial = response.dial({ callerId: hotlineNumber, action: actionUrl, method: 'POST', timeout: 30, answerOnBridge: true });
    dial.number(clientNumber);
    return response.toString();
  }

  /** The colleague's leg of a warm transfer: talk to the operator who is handing over. */
  consult(operator: RingTarget, hotlineNumber: string, ringFor: RingFor): string {
    const response = new twilio.twiml.VoiceResponse();
    const dial = response.dial({ callerId: hotlineNumber, timeout: 20 });
    dialTarget(dial, operator, ringFor);
    return response.toString();
  }
}

function dialTarget(dial: ReturnType<VoiceResponse['dial']>, target: RingTarget, ringFor: RingFor): void {
  if (target.kind === 'phone') dial.number(target.address);
  else if (target.kind === 'sip') dial.sip(target.address);
  else {
    const client = dial.client();
    client.identity(target.address);
    client.parameter({ name: RING_FOR_PARAMETER, value: ringForValue(ringFor) });
  }
}

/**
 * What a browser softphone is rung for: a hotline call its operator took (or is taking over)
 * or a callback they placed. The console picks up only a ring it expects.
 */
export type RingFor = { callId: string } | { callbackId: string };

/** The custom parameter a softphone reads to know what is ringing it. */
export const RING_FOR_PARAMETER = 'mayakRingFor';

export function ringForValue(ringFor: RingFor): string {
  return 'callId' in ringFor ? `call:${ringFor.callId}` : `callback:${ringFor.callbackId}`;
}

/** A ring target as the provider dials it: the console is a Twilio Client identity, told what the ring is for. */
export function dialAddress(target: RingTarget, ringFor: RingFor): string {
  if (target.kind === 'console') return `client:${target.address}?${RING_FOR_PARAMETER}=${encodeURIComponent(ringForValue(ringFor))}`;
  return target.address;
}
