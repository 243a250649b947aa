import { contentKindOf, parseTwilioAddress } from '@mayak/domain';
import type { DeliveryReport, InboundMessage, MessageDetails, Unroutable } from '../inbound-message';

type Form = Record<string, string>;

const MAX_MEDIA = 10;
const MAX_TEXT = 5000;

/**
 * Twilio's messaging webhook (SMS and WhatsApp arrive on the same one) read into Mayak's
 * shape. Only what Mayak uses is read; Twilio adds parameters without notice, and the signature
 * was checked over all of them before this runs.
 */
export function readTwilioMessage(form: Form, hotlineNumber: string): InboundMessage | Unroutable {
  const from = parseTwilioAddress(form.From);
  if (!from.ok) return { unroutable: from.reason === 'empty' ? 'no_sender' : 'unsupported_channel' };
  const to = parseTwilioAddress(form.To);
  // A pressed button arrives as its text (Body) and ButtonText; either is what the person said.
  const text = (form.Body || form.ButtonText || '').slice(0, MAX_TEXT);
  const mediaCount = Math.min(Math.max(Number.parseInt(form.NumMedia ?? '0', 10) || 0, 0), MAX_MEDIA);
  const media: { contentType: string; url: string }[] = [];
  for (let i = 0; i < mediaCount; i++) {
    const url = form[`MediaUrl${i}`];
    if (url) media.push({ contentType: form[`MediaContentType${i}`] ?? 'application/octet-stream', url });
  }
  const hasLocation = !!form.Latitude && !!form.Longitude;
  const details: MessageDetails = {};
  if (media.length) details.media = media;
  if (hasLocation)
    details.location = {
      latitude: form.Latitude,
      longitude: form.Longitude,
      ...(form.Address ? { address: form.Address } : {}),
      ...(form.Label ? { label: form.Label } : {}),
    };
  if (form.ButtonText) details.button = { text: form.ButtonText, ...(form.ButtonPayload ? { payload: form.ButtonPayload } : {}) };
  if (form.Forwarded === 'true' || form.FrequentlyForwarded === 'true') details.forwarded = true;
  return {
    channel: from.channel,
    providerMessageId: form.MessageSid,
    address: from.number,
    phone: from.number,
    line: to.ok ? to.number : hotlineNumber,
    text,
    kind: contentKindOf({ text, mediaTypes: media.map((m) => m.contentType), hasLocation }),
    details: Object.keys(details).length ? details : null,
    displayName: form.ProfileName ? form.ProfileName.slice(0, 200) : null,
  };
}

export function readTwilioStatus(form: Form, messageId: string | undefined): DeliveryReport | null {
  const status = form.MessageStatus ?? form.SmsStatus;
  if (!status || !form.MessageSid) return null;
  return {
    providerMessageId: form.MessageSid,
    messageId: messageId && /^[0-9a-f-]{36}$/i.test(messageId) ? messageId : null,
    status,
    errorCode: form.ErrorCode || null,
  };
}
