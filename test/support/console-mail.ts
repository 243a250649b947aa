import { MailOutbox } from '#api/core/mail/mail-outbox';
import { consoleSuite } from './console';
import { startMailInbox, type MailInbox } from './mail-inbox';

export const MAIL_PUBLIC_URL = 'https://hotline.example.org';

/**
 * A console suite whose application mails to a real SMTP server on loopback. The worker's
 * part (sending what waits in the outbox) is run by the test when it wants it, so a test
 * decides when mail goes and sees exactly what went.
 */
export function consoleSuiteWithMail(overrides: Record<string, string> = {}) {
  let inbox: MailInbox | undefined;
  const settings: Record<string, string> = { PUBLIC_URL: MAIL_PUBLIC_URL, COOKIE_SECURE: 'false', MAIL_ENABLED: 'true', MAIL_MAX_ATTEMPTS: '1', ...overrides };
  // Registered before the suite's own hook: the app starts with the inbox's address.
  beforeAll(async () => {
    inbox = await startMailInbox();
    settings.SMTP_URL = inbox.url;
  });
  afterAll(async () => inbox?.close());
  const suite = consoleSuite(settings);

  async function sendWaitingMails(): Promise<void> {
    const waiting = await suite.app.db.query<{ id: string }>(`SELECT id FROM mails WHERE status = 'pending' ORDER BY created_at`);
    for (const { id } of waiting) await suite.app.app.get(MailOutbox).deliver(id);
  }

  return {
    ...suite,
    get app() {
      return suite.app;
    },
    get inbox(): MailInbox {
      if (!inbox) throw new Error('the mail inbox starts in beforeAll');
      return inbox;
    },
    sendWaitingMails,
  };
}
