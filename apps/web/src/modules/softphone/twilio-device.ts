import type { VoiceDevice } from './twilio-softphone';

/**
 * The real Voice SDK Device, loaded only on a Twilio line (the demo and local lines never
 * download it). It warns before the tab is closed during a call, and asks for a new token
 * 30 seconds before the old one ends.
 */
export async function createTwilioDevice(token: string): Promise<VoiceDevice> {
  const { Device } = await import('@twilio/voice-sdk');
  const device = new Device(token, { closeProtection: true, tokenRefreshMs: 30_000 });
  return device as unknown as VoiceDevice;
}
