import type { MessageChannel, MessageContentKind } from '@mayak/domain';

/** What is not text in a message, kept (encrypted) so the console can show what arrived. */
export interface MessageDetails {
  /** What was attached; `url` is where the provider serves it (Twilio), `fileId` its file (Telegram). */
  media?: { contentType: string; url?: string; fileId?: string }[];
  location?: { latitude: string; longitude: string; address?: string; label?: string };
  button?: { text: string; payload?: string };
  /** A contact card shared in the message (Telegram gives its fields). */
  sharedContact?: { phone: string; name?: string };
  forwarded?: boolean;
}

/** A message from a person on any channel, in one shape, after its adapter has read it. */
export interface InboundMessage {
  channel: MessageChannel;
  providerMessageId: string;
  /** The person's address on the channel: a phone number on SMS and WhatsApp, the user id on Telegram. */
  address: string;
  /** Their phone number, where the channel gives one (it is the address on SMS and WhatsApp; a Telegram user may share theirs). */
  phone: string | null;
  /** The hotline's address the person wrote to. */
  line: string;
  text: string;
  kind: MessageContentKind;
  details: MessageDetails | null;
  displayName: string | null;
}

/** A delivery report on a message the line sent. */
export interface DeliveryReport {
  providerMessageId: string;
  /** Mayak's id of the message, when the adapter put it in the callback address. */
  messageId: string | null;
  status: string;
  errorCode: string | null;
}

/** Why a stored webhook could not become a message in a conversation. */
export type Unroutable = { unroutable: 'unsupported_channel' | 'no_sender' | 'unusable_number' };
