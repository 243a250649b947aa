import { randomBytes } from 'node:crypto';
import twilio from 'twilio';

export const DEV_TELEPHONY_TOKEN = 'mayak-local-telephony-token';
export const HOTLINE = '+77000011616';
export const ACCOUNT_SID = `AC${'0'.repeat(32)}`;

export const newCallSid = () => `CA${randomBytes(16).toString('hex')}`;
export const newMessageSid = () => `SM${randomBytes(16).toString('hex')}`;

export interface WebhookOptions {
  /** Sign with this token (default: the local adapter's development token). */
  token?: string;
  /** Sign this URL instead of the one posted to (to prove PUBLIC_URL matters). */
  signedUrl?: string;
  /** Send this signature header, or none at all with null. */
  signature?: string | null;
}

/**
 * Posts a form to a Mayak webhook the way Twilio does: signed over the public URL and the
 * sorted form with the twilio library's own function, never a re-implementation.
 */
export async function postWebhook(
  baseUrl: string,
  publicUrl: string,
  path: string,
  params: Record<string, string>,
  options: WebhookOptions = {},
): Promise<Response> {
  const url = `${publicUrl}/api/v1/telephony/twilio${path}`;
  const signature =
    options.signature === undefined
      ? twilio.getExpectedTwilioSignature(options.token ?? DEV_TELEPHONY_TOKEN, options.signedUrl ?? url, params)
      : options.signature;
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (signature !== null) headers['x-twilio-signature'] = signature;
  return fetch(`${baseUrl}/api/v1/telephony/twilio${path}`, { method: 'POST', headers, body: new URLSearchParams(params).toString() });
}

/** A caller rings the line and presses a digit; returns the CallSid. */
export async function ringIn(baseUrl: string, publicUrl: string, from: string, digits = '1', options: WebhookOptions = {}): Promise<string> {
  const callSid = newCallSid();
  const base = { CallSid: callSid, AccountSid: ACCOUNT_SID, From: from, To: HOTLINE, Direction: 'inbound', ApiVersion: '2010-04-01' };
  const first = await postWebhook(baseUrl, publicUrl, '/voice', { ...base, CallStatus: 'ringing' }, options);
  if (first.status !== 200) throw new Error(`voice webhook: ${first.status} ${await first.text()}`);
  const second = await postWebhook(baseUrl, publicUrl, '/voice/language', { ...base, CallStatus: 'in-progress', Digits: digits }, options);
  if (second.status !== 200) throw new Error(`language webhook: ${second.status} ${await second.text()}`);
  return callSid;
}

const MESSAGING_SERVICE_SID = `MG${'1'.repeat(32)}`;

/** Exactly what Twilio posts to the messaging webhook for a WhatsApp message (twilio.com/docs/messaging/guides/webhook-request). */
export function whatsAppForm(from: string, body: string, extra: Record<string, string> = {}): Record<string, string> {
  const sid = newMessageSid();
  return {
    SmsMessageSid: sid,
    NumMedia: '0',
    ProfileName: 'Бекзат',
    MessageType: 'text',
    SmsSid: sid,
    WaId: from.slice(1),
    SmsStatus: 'received',
    Body: body,
    To: `whatsapp:${HOTLINE}`,
    MessagingServiceSid: MESSAGING_SERVICE_SID,
    NumSegments: '1',
    ReferralNumMedia: '0',
    MessageSid: sid,
    AccountSid: ACCOUNT_SID,
    ChannelMetadata: JSON.stringify({ type: 'whatsapp', data: { context: { ProfileName: 'Бекзат', WaId: from.slice(1) } } }),
    From: `whatsapp:${from}`,
    ApiVersion: '2010-04-01',
    ...extra,
  };
}
