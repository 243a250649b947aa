/** One mail as it leaves: already rendered, addressed, with its own Message-ID. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** `<id@host>`: the same on every try, so a mail retried after an unclear failure reads as one. */
  messageId: string;
}

/**
 * Why a mail did not go. `permanent` failures (the server refused the address or the message
 * for good: SMTP 5xx) are not tried again; anything else (no connection, 4xx) is.
 */
export class MailSendError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly responseCode: number | null = null,
  ) {
    super(message);
    this.name = 'MailSendError';
  }
}

/** The port the outbox sends through (an abstract class: both the type and the injection token). */
export abstract class MailTransport {
  /** Resolves with the server's message id once it accepted the mail; throws MailSendError otherwise. */
  abstract send(mail: OutgoingMail): Promise<{ accepted: boolean; serverMessageId: string | null }>;
  abstract close(): Promise<void>;
}
