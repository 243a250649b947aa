import type { MessageChannel } from './channels';

/** WhatsApp's customer service window: free-form messages only within 24 h of the person's last message. */
export const WHATSAPP_WINDOW_MS = 24 * 60 * 60 * 1000;

export type ReplyWindow = { kind: 'open'; closesAt: Date | null } | { kind: 'templates_only'; closedAt: Date | null };

/**
 * Whether an operator may write free text on a conversation now. SMS, Telegram and web chat
 * have no window; on WhatsApp it opens with the person's last inbound message and closes 24
 * hours later, after which only an approved template may be sent.
 */
export function replyWindow(channel: MessageChannel, lastInboundAt: Date | null, now: Date): ReplyWindow {
  if (channel !== 'whatsapp') return { kind: 'open', closesAt: null };
  if (!lastInboundAt) return { kind: 'templates_only', closedAt: null };
  const closes = new Date(lastInboundAt.getTime() + WHATSAPP_WINDOW_MS);
  return closes.getTime() > now.getTime() ? { kind: 'open', closesAt: closes } : { kind: 'templates_only', closedAt: closes };
}
