import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';
import { waitFor } from './waiting';

/** One mail as the SMTP server received it, parsed. */
export interface ReceivedMail {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  messageId: string | null;
  /** The whole message as it came over the wire (headers and every part). */
  raw: string;
}

export interface MailInbox {
  /** `smtp://127.0.0.1:<port>`: for SMTP_URL. */
  url: string;
  mails: ReceivedMail[];
  /** Mails to one address. */
  to(address: string): ReceivedMail[];
  /** Waits (bounded) until `count` mails to the address have arrived; returns them. */
  waitFor(address: string, count?: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  /** From now on, answer RCPT TO for these addresses with this SMTP code (451: try later; 550: never). */
  refuse(address: string, code: number | null): void;
  close(): Promise<void>;
}

/**
 * A real SMTP server on loopback (the smtp-server package) that keeps what it receives, for
 * tests: the API sends to it through nodemailer exactly as it would to the line's mail server.
 */
export async function startMailInbox(): Promise<MailInbox> {
  const mails: ReceivedMail[] = [];
  const refusals = new Map<string, number>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      const code = refusals.get(address.address.toLowerCase());
      if (code) {
        const error = Object.assign(new Error(code >= 500 ? 'Mailbox unavailable' : 'Mailbox busy, try again later'), { responseCode: code });
        return callback(error);
      }
      return callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw).then(
          (parsed) => {
            mails.push({
              to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
              messageId: parsed.messageId ?? null,
              raw,
            });
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  const to = (address: string) => mails.filter((m) => m.to.includes(address.toLowerCase()));
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    to,
    waitFor: (address, count = 1, timeoutMs = 20_000) =>
      waitFor(`${count} mail(s) to ${address} (have ${to(address).length})`, async () => (to(address).length >= count ? to(address) : undefined), timeoutMs),
    refuse: (address, code) => {
      if (code === null) refusals.delete(address.toLowerCase());
      else refusals.set(address.toLowerCase(), code);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The console link a mail carries (the first one to PUBLIC_URL). */
export function linkIn(mail: ReceivedMail, publicUrl: string): URL {
  const escaped = publicUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`${escaped}/[^\\s"<>]+`).exec(mail.text);
  if (!match) throw new Error(`no link to ${publicUrl} in: ${mail.text}`);
  return new URL(match[0]);
}
