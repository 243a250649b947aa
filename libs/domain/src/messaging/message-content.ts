/** What a message holds, so the console can show what it is even when it cannot show it. */
export const MESSAGE_CONTENT_KINDS = ['text', 'image', 'document', 'audio', 'video', 'sticker', 'location', 'contact', 'unsupported'] as const;
export type MessageContentKind = (typeof MESSAGE_CONTENT_KINDS)[number];

export interface ReceivedContent {
  text: string;
  mediaTypes: readonly string[];
  hasLocation: boolean;
}

/**
 * The kind of an inbound message from what arrived: a location first (it may carry a label as
 * text), then the first attachment's media type (a WhatsApp sticker is a WebP image, a contact
 * card a vCard, a voice note Ogg audio), else text. A message with nothing Mayak recognises is
 * `unsupported` and kept as such.
 */
export function contentKindOf(content: ReceivedContent): MessageContentKind {
  if (content.hasLocation) return 'location';
  const first = content.mediaTypes[0]?.toLowerCase().split(';')[0].trim();
  if (first) return mediaKind(first);
  return content.text.length > 0 ? 'text' : 'unsupported';
}

function mediaKind(type: string): MessageContentKind {
  if (type === 'image/webp') return 'sticker';
  if (type === 'text/vcard' || type === 'text/x-vcard') return 'contact';
  if (type.startsWith('image/')) return 'image';
  if (type.startsWith('audio/')) return 'audio';
  if (type.startsWith('video/')) return 'video';
  if (type === 'application/pdf' || type.startsWith('application/') || type.startsWith('text/')) return 'document';
  return 'unsupported';
}
