/**
 * The console's softphone, behind one interface: Twilio's Voice SDK on a real line, and a
 * local stand-in with the local telephony adapter, so the demo, the simulator and the browser
 * tests drive the same screens. Which call is put through is decided by the API (answer,
 * transfer, callback); the softphone only picks up the ring it was told to expect and carries
 * the audio (mute, keypad digits).
 */
export type SoftphoneStatus =
  /** Not started, or stopped (signed out). */
  | 'offline'
  /** Getting a token and registering. */
  | 'starting'
  /** Registered: calls put through to this console will ring here. */
  | 'ready'
  /** A call's audio is connected. */
  | 'in_call'
  /** The browser refuses the microphone: the operator must allow it. */
  | 'microphone_blocked'
  /** The connection to the telephone network dropped; the softphone is trying again. */
  | 'connection_lost';

export interface SoftphoneState {
  status: SoftphoneStatus;
  provider: 'twilio' | 'local' | null;
  /** What the connected call is for (`call:<id>` or `callback:<id>`), while in a call. */
  activeRing: string | null;
  muted: boolean;
  /** Digits sent on the current call, for the operator to see. */
  sentDigits: string;
}

export const INITIAL_SOFTPHONE_STATE: SoftphoneState = { status: 'offline', provider: null, activeRing: null, muted: false, sentDigits: '' };

export interface Softphone {
  readonly state: SoftphoneState;
  subscribe(listener: () => void): () => void;
  start(): Promise<void>;
  stop(): void;
  /** The operator took a call (or a transfer, or placed a callback): pick up its ring when it comes. */
  expect(ring: string): void;
  mute(muted: boolean): void;
  sendDigits(digits: string): void;
  /** The call ended (the API says so): release the audio. */
  endCall(): void;
  /** Which microphone calls use (null: the system's default). */
  useMicrophone(deviceId: string | null): Promise<void>;
}

/** What a ring is for: the value the API puts in the `mayakRingFor` parameter. */
export const ringForCall = (callId: string) => `call:${callId}`;
export const ringForCallback = (callbackId: string) => `callback:${callbackId}`;
export const RING_FOR_PARAMETER = 'mayakRingFor';

/** Keys a phone keypad sends. */
export const KEYPAD_DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;

/** Shared bookkeeping: the state and who listens to it. */
export abstract class SoftphoneBase implements Softphone {
  #state: SoftphoneState = INITIAL_SOFTPHONE_STATE;
  readonly #listeners = new Set<() => void>();

  get state(): SoftphoneState {
    return this.#state;
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  protected update(changes: Partial<SoftphoneState>): void {
    this.#state = { ...this.#state, ...changes };
    this.#listeners.forEach((listener) => listener());
  }

  abstract start(): Promise<void>;
  abstract stop(): void;
  abstract expect(ring: string): void;
  abstract mute(muted: boolean): void;
  abstract sendDigits(digits: string): void;
  abstract endCall(): void;
  abstract useMicrophone(deviceId: string | null): Promise<void>;
}
