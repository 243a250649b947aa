import { RING_FOR_PARAMETER, SoftphoneBase } from './softphone';

/** The part of the Voice SDK's Call this softphone uses. */
export interface VoiceCall {
  readonly customParameters: Map<string, string>;
  accept(): void;
  reject(): void;
  disconnect(): void;
  mute(shouldMute?: boolean): void;
  sendDigits(digits: string): void;
  on(event: 'accept' | 'disconnect' | 'cancel' | 'reject', listener: () => void): unknown;
  on(event: 'error', listener: (error: { code?: number; message?: string }) => void): unknown;
}

/** The part of the Voice SDK's Device this softphone uses. */
export interface VoiceDevice {
  /** The SDK's audio helper (absent until the Device is set up). */
  readonly audio?: { setInputDevice(deviceId: string): Promise<void>; unsetInputDevice(): Promise<void> } | null;
  register(): Promise<void>;
  updateToken(token: string): void;
  destroy(): void;
  on(event: 'incoming', listener: (call: VoiceCall) => void): unknown;
  on(event: 'registered' | 'unregistered' | 'tokenWillExpire', listener: () => void): unknown;
  on(event: 'error', listener: (error: { code?: number; message?: string }) => void): unknown;
}

export interface TwilioSoftphoneOptions {
  /** A fresh access token for this operator (POST /telephony/softphone/token). */
  fetchToken: () => Promise<string>;
  /** Makes the SDK's Device (tests give a stand-in). */
  createDevice: (token: string) => Promise<VoiceDevice>;
  /** The microphone chosen in this browser (null: the default). */
  microphone?: () => string | null;
  /** How long a ring the operator expects stays expected. */
  expectForMs?: number;
  /** The console's clock. */
  now: () => number;
}

// Twilio's codes for a microphone the browser or the operator refused (31401, 31402) and for
// an input device that could not be opened (31208).
const MICROPHONE_ERRORS = new Set([31208, 31401, 31402]);

/**
 * The browser softphone on a Twilio line (Voice JavaScript SDK). Registers the operator's
 * Device, renews its token before it ends, and accepts only a ring the operator asked for
 * (its `mayakRingFor` parameter names the call they took); any other ring is declined.
 */
export class TwilioSoftphone extends SoftphoneBase {
  #device: VoiceDevice | null = null;
  #call: VoiceCall | null = null;
  readonly #expected = new Map<string, number>();
  readonly #options: Required<TwilioSoftphoneOptions>;

  constructor(options: TwilioSoftphoneOptions) {
    super();
    this.#options = { expectForMs: 60_000, microphone: () => null, ...options };
  }

  async start(): Promise<void> {
    if (this.#device) return;
    this.update({ status: 'starting', provider: 'twilio' });
    try {
      const device = await this.#options.createDevice(await this.#options.fetchToken());
      this.#device = device;
      device.on('registered', () => {
        if (this.state.status !== 'in_call') this.update({ status: 'ready' });
      });
      device.on('unregistered', () => {
        if (this.#device) this.update({ status: 'connection_lost' });
      });
      device.on('tokenWillExpire', () => {
        void this.#renewToken();
      });
      device.on('error', (error) => this.#failed(error));
      device.on('incoming', (call) => this.#ringing(call));
      await this.useMicrophone(this.#options.microphone());
      await device.register();
    } catch (error) {
      this.#failed(error as { code?: number });
    }
  }

  stop(): void {
    this.#call?.disconnect();
    this.#call = null;
    this.#device?.destroy();
    this.#device = null;
    this.#expected.clear();
    this.update({ status: 'offline', activeRing: null, muted: false, sentDigits: '' });
  }

  expect(ring: string): void {
    this.#expected.set(ring, this.#options.now() + this.#options.expectForMs);
  }

  mute(muted: boolean): void {
    if (!this.#call) return;
    this.#call.mute(muted);
    this.update({ muted });
  }

  sendDigits(digits: string): void {
    if (!this.#call) return;
    this.#call.sendDigits(digits);
    this.update({ sentDigits: this.state.sentDigits + digits });
  }

  endCall(): void {
    this.#call?.disconnect();
    this.#released();
  }

  async useMicrophone(deviceId: string | null): Promise<void> {
    const audio = this.#device?.audio;
    if (!audio) return;
    if (deviceId) await audio.setInputDevice(deviceId);
    else await audio.unsetInputDevice();
  }

  #ringing(call: VoiceCall): void {
    const ring = call.customParameters.get(RING_FOR_PARAMETER) ?? '';
    const until = this.#expected.get(ring);
    if (this.#call || until === undefined || until < this.#options.now()) {
      call.reject();
      return;
    }
    this.#expected.delete(ring);
    this.#call = call;
    call.on('disconnect', () => this.#released(call));
    call.on('cancel', () => this.#released(call));
    call.on('error', (error) => this.#failed(error));
    call.accept();
    this.update({ status: 'in_call', activeRing: ring, muted: false, sentDigits: '' });
  }

  #released(call?: VoiceCall): void {
    if (call && call !== this.#call) return;
    this.#call = null;
    this.update({ status: this.#device ? 'ready' : 'offline', activeRing: null, muted: false, sentDigits: '' });
  }

  async #renewToken(): Promise<void> {
    try {
      this.#device?.updateToken(await this.#options.fetchToken());
    } catch {
      this.update({ status: 'connection_lost' });
    }
  }

  #failed(error: { code?: number } | undefined): void {
    this.update({ status: error?.code !== undefined && MICROPHONE_ERRORS.has(error.code) ? 'microphone_blocked' : 'connection_lost' });
  }
}
