import type { ConversationDto, ConversationMessageDto } from '@mayak/api-client';

/** A message the channel did not take (failed, or not delivered): the console says so. */
export function isRefusedMessage(message: Pick<ConversationMessageDto, 'status'>): boolean {
  return message.status === 'failed' || message.status === 'undelivered';
}

/**
 * The reply with `text` put where the cursor was (replacing the selection from `start` to
 * `end`), cut at `max` characters, and where the cursor goes: just after the text put in.
 */
export function insertAtSelection(body: string, text: string, start: number, end: number, max: number): { next: string; caret: number } {
  const next = `${body.slice(0, start)}${text}${body.slice(end)}`.slice(0, max);
  return { next, caret: Math.min(start + text.length, next.length) };
}

/** The reply as it will be sent (trimmed), or the translation key of what is wrong with it. */
export function checkReply(
  body: string,
  max: number,
): { text: string; problem: null } | { text: null; problem: 'fieldErrors.required' | 'fieldErrors.maxLength' } {
  const text = body.trim();
  if (!text) return { text: null, problem: 'fieldErrors.required' };
  if (text.length > max) return { text: null, problem: 'fieldErrors.maxLength' };
  return { text, problem: null };
}

interface AccessInput {
  conversation: Pick<ConversationDto, 'replyWindow' | 'holder'>;
  /** The number is flagged "do not call back". */
  doNotContact: boolean;
  userId: string;
  supervises: boolean;
}

/**
 * Whether I may reply, and if not why: the number must not be contacted, WhatsApp's free-text
 * window has closed (templates only), or a colleague holds the conversation (supervisors may still answer).
 */
export function replyAccess({ conversation, doNotContact, userId, supervises }: AccessInput): {
  windowClosed: boolean;
  heldByOther: boolean;
  blocked: boolean;
} {
  const windowClosed = conversation.replyWindow.kind === 'templates_only';
  const heldByOther = !!conversation.holder && conversation.holder.id !== userId && !supervises;
  return { windowClosed, heldByOther, blocked: doNotContact || windowClosed || heldByOther };
}
