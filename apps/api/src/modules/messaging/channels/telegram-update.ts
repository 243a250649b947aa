import { contentKindOf, type MessageContentKind } from '@mayak/domain';
import type { Message, Update } from 'grammy/types';
import type { InboundMessage, MessageDetails } from '../inbound-message';

const MAX_TEXT = 5000;

/** An update Mayak does not file (an edit, a group, another bot), and why. */
export type IgnoredUpdate = { ignored: 'not_a_message' | 'not_a_private_chat' | 'from_a_bot' };

/** The update's id: Telegram's own key for a delivery, increasing, what a retry repeats. */
export function updateIdOf(update: unknown): number | null {
  const id = (update as { update_id?: unknown } | null)?.update_id;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : null;
}

/**
 * A Telegram Update read into Mayak's shape. Only a person's message in a private chat with
 * the bot is filed; its sender's user id is their address, a contact card they share of
 * themselves gives their phone number, and what is not text is named (a photo, a voice note…).
 */
export function readTelegramUpdate(update: Update, botId: string): InboundMessage | IgnoredUpdate {
  const message = update.message;
  if (!message) return { ignored: 'not_a_message' };
  if (message.chat.type !== 'private') return { ignored: 'not_a_private_chat' };
  if (!message.from || message.from.is_bot) return { ignored: 'from_a_bot' };
  const text = (message.text ?? message.caption ?? '').slice(0, MAX_TEXT);
  const details: MessageDetails = {};
  const media = mediaOf(message);
  if (media) details.media = [media];
  if (message.location)
    details.location = {
      latitude: String(message.location.latitude),
      longitude: String(message.location.longitude),
      ...(message.venue ? { address: message.venue.address, label: message.venue.title } : {}),
    };
  if (message.contact)
    details.sharedContact = {
      phone: message.contact.phone_number,
      ...(message.contact.first_name ? { name: [message.contact.first_name, message.contact.last_name].filter(Boolean).join(' ') } : {}),
    };
  if (message.forward_origin) details.forwarded = true;
  const ownNumber = message.contact && message.contact.user_id === message.from.id ? message.contact.phone_number : null;
  return {
    channel: 'telegram',
    // The bot and its update, never the chat: a chat's id is the person's Telegram id.
    providerMessageId: `tg:${botId}:${update.update_id}`,
    address: String(message.from.id),
    phone: ownNumber ? (ownNumber.startsWith('+') ? ownNumber : `+${ownNumber}`) : null,
    line: `telegram:${botId}`,
    text,
    kind: kindOf(message, text, media),
    details: Object.keys(details).length ? details : null,
    displayName: [message.from.first_name, message.from.last_name].filter(Boolean).join(' ').slice(0, 200) || null,
  };
}

function mediaOf(message: Message): { contentType: string; fileId: string } | null {
  if (message.photo?.length) return { contentType: 'image/jpeg', fileId: message.photo[message.photo.length - 1].file_id };
  if (message.sticker) return { contentType: 'image/webp', fileId: message.sticker.file_id };
  if (message.voice) return { contentType: message.voice.mime_type ?? 'audio/ogg', fileId: message.voice.file_id };
  if (message.audio) return { contentType: message.audio.mime_type ?? 'audio/mpeg', fileId: message.audio.file_id };
  if (message.video) return { contentType: message.video.mime_type ?? 'video/mp4', fileId: message.video.file_id };
  if (message.video_note) return { contentType: 'video/mp4', fileId: message.video_note.file_id };
  if (message.document) return { contentType: message.document.mime_type ?? 'application/octet-stream', fileId: message.document.file_id };
  return null;
}

function kindOf(message: Message, text: string, media: { contentType: string } | null): MessageContentKind {
  if (message.contact) return 'contact';
  if (message.sticker) return 'sticker';
  return contentKindOf({ text, mediaTypes: media ? [media.contentType] : [], hasLocation: !!message.location });
}
