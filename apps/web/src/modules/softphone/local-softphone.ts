import { SoftphoneBase } from './softphone';

/**
 * With the local telephony adapter there is no audio: the API's answer puts the call through,
 * and this softphone shows it connected at once, so every control can be used and tested.
 */
export class LocalSoftphone extends SoftphoneBase {
  async start(): Promise<void> {
    this.update({ status: 'ready', provider: 'local' });
  }

  stop(): void {
    this.update({ status: 'offline', activeRing: null, muted: false, sentDigits: '' });
  }

  expect(ring: string): void {
    this.update({ status: 'in_call', activeRing: ring, muted: false, sentDigits: '' });
  }

  mute(muted: boolean): void {
    if (this.state.status === 'in_call') this.update({ muted });
  }

  sendDigits(digits: string): void {
    if (this.state.status === 'in_call') this.update({ sentDigits: this.state.sentDigits + digits });
  }

  /** No audio here: the choice is kept in the browser's settings for a Twilio line. */
  async useMicrophone(): Promise<void> {
    return undefined;
  }

  endCall(): void {
    if (this.state.status === 'in_call') this.update({ status: 'ready', activeRing: null, muted: false, sentDigits: '' });
  }
}
