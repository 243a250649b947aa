/** The written channels of the line; each has its own adapter behind one interface in the API. */
export const MESSAGE_CHANNELS = ['sms', 'whatsapp', 'telegram', 'webchat'] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];

/** Channels whose address is a phone number (flags, callbacks and repeat-contact matching use it). */
export const PHONE_CHANNELS: readonly MessageChannel[] = ['sms', 'whatsapp'];

export type TwilioAddress = { ok: true; channel: 'sms' | 'whatsapp'; number: string } | { ok: false; reason: 'empty' | 'unsupported_channel' };

/**
 * Twilio's messaging webhook carries SMS and WhatsApp alike; a WhatsApp address is the number
 * with a `whatsapp:` prefix. Other prefixes (Messenger, RCS…) are channels Mayak does not take:
 * the caller keeps such a message and raises an alert instead of guessing.
 */
export function parseTwilioAddress(raw: string | undefined): TwilioAddress {
  const value = (raw ?? '').trim();
  if (!value) return { ok: false, reason: 'empty' };
  const colon = value.indexOf(':');
  if (colon < 0) return { ok: true, channel: 'sms', number: value };
  const prefix = value.slice(0, colon).toLowerCase();
  const number = value.slice(colon + 1).trim();
  if (prefix !== 'whatsapp') return { ok: false, reason: 'unsupported_channel' };
  if (!number) return { ok: false, reason: 'empty' };
  return { ok: true, channel: 'whatsapp', number };
}

/** The address Twilio expects for a number on a channel. */
export function twilioAddressFor(channel: 'sms' | 'whatsapp', e164: string): string {
  return channel === 'whatsapp' ? `whatsapp:${e164}` : e164;
}
