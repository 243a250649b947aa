import type { MessageChannel } from '@mayak/domain';

export interface OutboundText {
  /** The person's address on the channel (an E.164 number on SMS and WhatsApp). */
  to: string;
  /** The hotline's address on the channel. */
  from: string;
  body: string;
  statusCallbackUrl: string;
  /** Mayak's id of the message (an adapter whose provider ids are not unique by themselves adds it). */
  reference: string;
  /** An approved template instead of free text (WhatsApp outside its 24-hour window). */
  template?: { contentSid: string; variables: Record<string, string> };
  /** A file from the knowledge base sent with the text (the text is its caption). */
  file?: OutboundFile;
}

/** A file to send: channels that fetch files take its public link, the others its bytes. */
export interface OutboundFile {
  name: string;
  contentType: string;
  /** The unguessable public link the file is served on. */
  url: string;
  read(): Promise<Buffer>;
}

/** One channel's way out: each written channel has an adapter, the way telephony has its provider. */
export abstract class ChannelAdapter {
  abstract readonly channels: readonly MessageChannel[];
  abstract sendText(channel: MessageChannel, message: OutboundText): Promise<{ providerMessageId: string; status: string }>;
}
