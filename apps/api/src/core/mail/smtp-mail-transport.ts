import { createTransport, type Transporter } from 'nodemailer';
import type { MailConfig, SmtpConfig } from '../config/app-config';
import { MailSendError, MailTransport, type OutgoingMail } from './mail-transport';

const TIMEOUT_MS = 20_000;

/** SMTP through nodemailer: one pooled connection per process, TLS as configured. */
export class SmtpMailTransport extends MailTransport {
  private readonly transporter: Transporter;

  constructor(
    smtp: SmtpConfig,
    private readonly from: string,
  ) {
    super();
    this.transporter = createTransport({
      host: smtp.host,
      port: smtp.port,
      secure: smtp.secure,
      requireTLS: smtp.requireTls,
      auth: smtp.user ? { user: smtp.user, pass: smtp.password ?? '' } : undefined,
      pool: true,
      maxConnections: 2,
      connectionTimeout: TIMEOUT_MS,
      greetingTimeout: TIMEOUT_MS,
      socketTimeout: TIMEOUT_MS,
      // Nothing of the mail goes to our logs.
      logger: false,
      debug: false,
    });
  }

  async send(mail: OutgoingMail): Promise<{ accepted: boolean; serverMessageId: string | null }> {
    try {
      const info = await this.transporter.sendMail({
        from: this.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
        // Automatic mail: out-of-office replies and the like should not answer it (RFC 3834).
        headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
      });
      const accepted = (info.accepted ?? []).length > 0;
      if (!accepted) throw new MailSendError(`the server did not accept the recipient: ${String(info.response ?? '').slice(0, 300)}`, true);
      return { accepted, serverMessageId: typeof info.response === 'string' ? info.response.slice(0, 300) : null };
    } catch (error) {
      if (error instanceof MailSendError) throw error;
      const { responseCode, message } = error as { responseCode?: number; message?: string };
      const code = typeof responseCode === 'number' ? responseCode : null;
      // 5xx is the server's final word on this mail; no answer at all or 4xx may pass later.
      throw new MailSendError((message ?? String(error)).slice(0, 500), code !== null && code >= 500 && code < 600, code);
    }
  }

  async close(): Promise<void> {
    this.transporter.close();
  }
}

/** When mail is off nothing is written to the outbox, so nothing comes here; if it does, it stays pending. */
export class DisabledMailTransport extends MailTransport {
  async send(): Promise<never> {
    throw new MailSendError('mail is turned off (MAIL_ENABLED=false)', false);
  }

  async close(): Promise<void> {
    // Nothing to close: it never connects.
  }
}

export function createMailTransport(mail: MailConfig): MailTransport {
  return mail.enabled && mail.smtp ? new SmtpMailTransport(mail.smtp, mail.from) : new DisabledMailTransport();
}
