import { Logger } from '@nestjs/common';
import { loadConfig } from '../config/app-config';
import { SettableClock } from '../clock/clock';
import { FieldCipher } from '../crypto/field-cipher';
import { Encrypted } from '../crypto/encrypted-columns';
import type { JobQueue } from '../queue/job-queue.port';
import { JobName } from '../queue/queue-names';
import { MailOutbox } from './mail-outbox';
import { MailSendError, type MailTransport, type OutgoingMail } from './mail-transport';
import type { MailRow, MailsRepository } from './mails.repository';

const ID = '7c0d5a1e-3f2b-4c7d-9e8f-1a2b3c4d5e6f';
const START = new Date('2027-03-10T04:00:00Z');

/** The outbox with fakes of its ports: a row in memory, a transport that answers as told, a queue that records. */
function outboxWith(answers: (Error | 'ok')[], maxAttempts = 3) {
  const config = loadConfig({
    NODE_ENV: 'test',
    MAIL_ENABLED: 'true',
    SMTP_URL: 'smtp://127.0.0.1:2525',
    MAIL_MAX_ATTEMPTS: String(maxAttempts),
    MAIL_RETRY_BASE_SECONDS: '60',
    PUBLIC_URL: 'https://hotline.example.org',
  });
  const cipher = new FieldCipher(config.encryptionKeys, config.activeEncryptionKeyId);
  const clock = new SettableClock(START);
  const row: MailRow & { status: string; nextAttemptAt: Date; lastError: string | null } = {
    id: ID,
    kind: 'case_assigned',
    toAddress: 'caseworker@example.org',
    locale: 'ru',
    attempts: 0,
    status: 'pending',
    nextAttemptAt: START,
    lastError: null,
    contentEncrypted: cipher.encrypt(JSON.stringify({ subject: 'S', text: 'T', html: '<p>T</p>' }), Encrypted.mailContent.at(ID)),
  };
  const repository = {
    claim: async (id: string, now: Date) => {
      if (id !== ID || row.status !== 'pending' || row.nextAttemptAt > now) return null;
      row.status = 'sending';
      row.attempts += 1;
      return { ...row };
    },
    markSent: async () => {
      row.status = 'sent';
      row.contentEncrypted = null;
      return true;
    },
    scheduleRetry: async (_id: string, at: Date, error: string) => Object.assign(row, { status: 'pending', nextAttemptAt: at, lastError: error }),
    markFailed: async (_id: string, _at: Date, error: string) => Object.assign(row, { status: 'failed', lastError: error }),
  } as unknown as MailsRepository;
  const sent: OutgoingMail[] = [];
  const transport = {
    send: async (mail: OutgoingMail) => {
      const answer = answers.shift() ?? 'ok';
      if (answer !== 'ok') throw answer;
      sent.push(mail);
      return { accepted: true, serverMessageId: '250 OK' };
    },
  } as unknown as MailTransport;
  const jobs: { name: JobName; jobId?: string; delayMs?: number }[] = [];
  const queue = {
    add: async (name: JobName, _payload: unknown, options: { jobId?: string; delayMs?: number }) => void jobs.push({ name, ...options }),
  } as unknown as JobQueue;
  return { outbox: new MailOutbox(repository, transport, cipher, queue, clock, config), row, sent, jobs, clock };
}

describe('the mail outbox', () => {
  beforeAll(() => Logger.overrideLogger(false));
  it('sends a due mail once, with a Message-ID of its own, and keeps nothing of what it said', async () => {
    const { outbox, row, sent } = outboxWith(['ok']);
    expect(await outbox.deliver(ID)).toBe('sent');
    expect(await outbox.deliver(ID)).toBe('skipped');
    expect(sent).toEqual([{ to: 'caseworker@example.org', subject: 'S', text: 'T', html: '<p>T</p>', messageId: `<${ID}@hotline.example.org>` }]);
    expect(row).toMatchObject({ status: 'sent', attempts: 1, contentEncrypted: null });
  });

  it('tries again later after a refusal for now, doubling the wait, and gives up after the last try', async () => {
    const busy = () => new MailSendError('451 try later', false, 451);
    const { outbox, row, jobs, clock } = outboxWith([busy(), busy(), busy()]);
    expect(await outbox.deliver(ID)).toBe('retry');
    expect(row.nextAttemptAt).toEqual(new Date(START.getTime() + 60_000));
    expect(jobs).toEqual([{ name: JobName.MailSend, jobId: `mail-${ID}-1`, delayMs: 60_000, removeOnComplete: true }]);
    // Not before its time.
    expect(await outbox.deliver(ID)).toBe('skipped');
    clock.set(new Date(START.getTime() + 60_000));
    expect(await outbox.deliver(ID)).toBe('retry');
    expect(row.nextAttemptAt).toEqual(new Date(START.getTime() + 60_000 + 120_000));
    clock.set(row.nextAttemptAt);
    expect(await outbox.deliver(ID)).toBe('failed');
    expect(row).toMatchObject({ status: 'failed', attempts: 3, lastError: '451 try later' });
  });

  it('gives up at once when the server refuses the mail for good', async () => {
    const { outbox, row, jobs } = outboxWith([new MailSendError('550 no such mailbox', true, 550)]);
    expect(await outbox.deliver(ID)).toBe('failed');
    expect(row).toMatchObject({ status: 'failed', attempts: 1, lastError: '550 no such mailbox' });
    expect(jobs).toEqual([]);
  });
});
