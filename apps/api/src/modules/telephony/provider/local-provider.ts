import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { Clock } from '@mayak/domain';
import { SystemClock } from '#api/core/clock/clock';
import { type OutboundMessageInput, type ProviderOperation, TelephonyProvider } from './telephony-provider';
import { sampleFile } from './sample-files';
import { isValidTwilioSignature } from './twilio-provider';

const DEFAULT_KEEP = 200;

/** A Twilio-shaped SID: two-letter prefix and 32 lowercase hex digits. */
function sid(prefix: 'CA' | 'SM'): string {
  return prefix + randomBytes(16).toString('hex');
}

/**
 * Development and test stand-in for Twilio. Webhook signatures are checked exactly as in
 * production (the twilio library, with the development token); outbound operations go
 * nowhere: they are kept in memory, newest last and at most `keep` of them, for tests and the
 * developer to inspect. The debug log names the operation and SID only, never phone numbers,
 * message text or TwiML (which can hold numbers too).
 */
export class LocalProvider extends TelephonyProvider {
  readonly name = 'local' as const;
  readonly #authToken: string;
  readonly #keep: number;
  readonly #clock: Clock;
  #operations: ProviderOperation[] = [];
  #hangUpListeners: Array<(callSid: string) => Promise<void>> = [];
  private readonly logger = new Logger('LocalTelephonyProvider');

  /** `clock` stamps the recorded operations (the application's clock; the system's when none is given). */
  constructor(options: { authToken: string; keep?: number; clock?: Clock }) {
    super();
    if (!options.authToken) throw new Error('LocalProvider needs a development auth token');
    const keep = options.keep ?? DEFAULT_KEEP;
    if (!Number.isInteger(keep) || keep < 0) throw new Error(`LocalProvider keep must be a non-negative integer, got ${keep}`);
    this.#authToken = options.authToken;
    this.#keep = keep;
    this.#clock = options.clock ?? new SystemClock();
  }

  validateSignature(signature: string | undefined, url: string, params: Record<string, string>): boolean {
    return isValidTwilioSignature(this.#authToken, signature, url, params);
  }

  async updateCall(callSid: string, twiml: string): Promise<void> {
    this.#record({ kind: 'updateCall', callSid, twiml, at: this.#clock.now().toISOString() }, `updateCall ${callSid} (${twiml.length} characters of TwiML)`);
  }

  async hangUp(callSid: string): Promise<void> {
    this.#record({ kind: 'hangUp', callSid, at: this.#clock.now().toISOString() }, `hangUp ${callSid}`);
    // As the network would, the call ends and its final status is reported.
    for (const listener of this.#hangUpListeners) await listener(callSid);
  }

  /** Without a network there is no recording to fetch: a second of a quiet tone stands in for it (a WAV file). */
  async fetchRecording(recordingUrl: string): Promise<{ contentType: string; bytes: Buffer }> {
    this.#record({ kind: 'fetchRecording', recordingUrl, at: this.#clock.now().toISOString() }, 'fetchRecording');
    return { contentType: 'audio/wav', bytes: toneWav() };
  }

  async deleteRecording(recordingSid: string): Promise<void> {
    this.#record({ kind: 'deleteRecording', recordingSid, at: this.#clock.now().toISOString() }, `deleteRecording ${recordingSid}`);
  }

  /** Without a network there is no file to fetch: a small sample of the declared kind stands in for it. */
  async fetchMedia(mediaUrl: string, declaredType: string): Promise<Buffer> {
    this.#record({ kind: 'fetchMedia', mediaUrl, at: this.#clock.now().toISOString() }, 'fetchMedia');
    return sampleFile(declaredType);
  }

  async deleteMedia(mediaUrl: string): Promise<void> {
    this.#record({ kind: 'deleteMedia', mediaUrl, at: this.#clock.now().toISOString() }, 'deleteMedia');
  }

  /** Hears each call this adapter hangs up (the API reports it as the call's final status, as Twilio would). */
  onHangUp(listener: (callSid: string) => Promise<void>): void {
    this.#hangUpListeners.push(listener);
  }

  async createCall(input: { to: string; from: string; twiml: string; statusCallbackUrl: string }): Promise<{ sid: string }> {
    const op = {
      kind: 'createCall' as const,
      sid: sid('CA'),
      to: input.to,
      from: input.from,
      twiml: input.twiml,
      statusCallbackUrl: input.statusCallbackUrl,
      at: this.#clock.now().toISOString(),
    };
    this.#record(op, `createCall ${op.sid} (${input.twiml.length} characters of TwiML)`);
    return { sid: op.sid };
  }

  async sendMessage(input: OutboundMessageInput): Promise<{ sid: string; status: string }> {
    const op = {
      kind: 'sendMessage' as const,
      sid: sid('SM'),
      to: input.to,
      from: input.from,
      body: input.body,
      statusCallbackUrl: input.statusCallbackUrl,
      at: this.#clock.now().toISOString(),
      ...(input.template ? { contentSid: input.template.contentSid, contentVariables: input.template.variables } : {}),
      ...(input.mediaUrl ? { mediaUrl: input.mediaUrl } : {}),
    };
    this.#record(op, `sendMessage ${op.sid} (${input.body.length} characters)`);
    return { sid: op.sid, status: 'queued' };
  }

  /** What would have been sent, oldest first; a snapshot, not a live view. */
  operations(): readonly ProviderOperation[] {
    return [...this.#operations];
  }

  clear(): void {
    this.#operations = [];
  }

  #record(operation: ProviderOperation, summary: string): void {
    this.#operations.push(Object.freeze(operation));
    if (this.#operations.length > this.#keep) this.#operations.splice(0, this.#operations.length - this.#keep);
    this.logger.debug(`not sent (local telephony): ${summary}`);
  }
}

/** One second of a soft 440 Hz tone, 8 kHz 16-bit mono PCM in a WAV container. */
function toneWav(): Buffer {
  const rate = 8000;
  const samples = rate;
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) data.writeInt16LE(Math.round(Math.sin((2 * Math.PI * 440 * i) / rate) * 3000), i * 2);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8);
  header.write('fmt ', 12);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}
