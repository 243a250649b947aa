import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Redis from 'ioredis';
import { AttachmentsService } from '#api/modules/messaging/attachments.service';
import { startTestApp, type TestApp } from '../support/app';
import { startFakeTwilio, type FakeTwilio } from '../support/fake-twilio';
import { startWorkerProcess, type MayakProcess } from '../support/processes';
import { HOTLINE, newMessageSid, postWebhook } from '../support/twilio-webhooks';
import { deleteKeysWithPrefix, waitFor } from '../support/waiting';

const PUBLIC_URL = 'https://hotline.example.org';
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 3)]);
const SOFTPHONE = {
  TWILIO_API_KEY: `SK${'5'.repeat(32)}`,
  TWILIO_API_SECRET: 'softphone-api-key-secret-for-tests',
  TWILIO_TWIML_APP_SID: `AP${'7'.repeat(32)}`,
};

/** The files of messages kept in the store (the knowledge base's leaflets live beside them, under knowledge/). */
function storedFiles(root: string): string[] {
  const dir = join(root, 'attachments');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => statSync(join(dir, name)).isFile());
}

/**
 * Fault drills for the written channels, with the built worker and Twilio's REST API faked on
 * loopback: a worker killed while it downloads a file, and Redis emptied while messages arrive.
 * Nothing is lost and nothing is filed or kept twice.
 */
describe('fault drills: messages and their files', () => {
  let t: TestApp;
  let twilio: FakeTwilio;
  let worker: MayakProcess;
  let redis: Redis;

  const photoFrom = async (from: string): Promise<{ sid: string }> => {
    const sid = `MM${newMessageSid().slice(2)}`;
    const mediaUrl = twilio.addMedia(JPEG, 'image/jpeg').replace(/Messages\/MM[0-9a-f]{32}/, `Messages/${sid}`);
    const form = {
      MessageSid: sid,
      AccountSid: twilio.accountSid,
      From: `whatsapp:${from}`,
      To: `whatsapp:${HOTLINE}`,
      Body: 'Фото договора',
      NumMedia: '1',
      MediaContentType0: 'image/jpeg',
      MediaUrl0: mediaUrl,
    };
    const response = await postWebhook(t.baseUrl, PUBLIC_URL, '/sms', form, { token: twilio.authToken });
    expect(response.status).toBe(200);
    return { sid };
  };
  const attachmentsOf = (sids: string[]) =>
    t.db.query<{ id: string; status: string }>(
      `SELECT a.id, a.status FROM message_attachments a JOIN conversation_messages m ON m.id = a.message_id WHERE m.provider_message_id = ANY($1)`,
      [sids],
    );

  beforeAll(async () => {
    twilio = await startFakeTwilio();
    t = await startTestApp({
      PUBLIC_URL,
      COOKIE_SECURE: 'false',
      TWILIO_ACCOUNT_SID: twilio.accountSid,
      TWILIO_AUTH_TOKEN: twilio.authToken,
      TWILIO_API_BASE_URL: twilio.url,
      ...SOFTPHONE,
    });
    redis = new Redis(t.env.REDIS_URL);
  });
  afterAll(async () => {
    await worker?.stop();
    redis.disconnect();
    await t.close();
    await twilio.close();
  });

  it('keeps a file once when the worker is killed while it downloads it, and another worker finishes', async () => {
    const release = twilio.stallMedia();
    worker = startWorkerProcess('worker-1', t.env);
    const { sid } = await photoFrom('+996555400001');
    await waitFor(
      `the worker to be downloading the file (worker: ${worker.output().slice(-1000)})`,
      async () => (twilio.mediaFetches > 0 ? true : undefined),
      20_000,
    );
    worker.child.kill('SIGKILL');
    await new Promise((resolve) => worker.child.once('close', resolve));
    release();
    const [pending] = await attachmentsOf([sid]);
    expect(pending.status).toBe('pending');
    expect(storedFiles(t.env.ATTACHMENTS_DIR)).toEqual([]);

    // A new worker; the sweep (run here rather than waiting its minute) queues the file again.
    worker = startWorkerProcess('worker-2', t.env);
    await t.db.query(`UPDATE message_attachments SET created_at = created_at - interval '2 minutes' WHERE id = $1`, [pending.id]);
    expect((await t.app.get(AttachmentsService).reconcile()).requeued).toBe(1);
    await waitFor(
      `the new worker to keep the file (worker: ${worker.output().slice(-1000)})`,
      async () => ((await attachmentsOf([sid]))[0].status === 'stored' ? true : undefined),
      30_000,
    );
    expect(storedFiles(t.env.ATTACHMENTS_DIR)).toHaveLength(1);
    // Twilio's copy goes once the file is kept (just after the row says so).
    await waitFor('Twilio’s copy to be deleted', async () => (twilio.deletedMedia.length ? true : undefined), 10_000);
    expect(twilio.deletedMedia).toHaveLength(1);
    // The killed worker's job, whenever it runs again, finds nothing left to do.
    expect(await t.app.get(AttachmentsService).fetchAndStore(pending.id)).toBe('skipped');
  }, 90_000);

  it('files every message once and keeps every file once when Redis is emptied while they arrive', async () => {
    const senders = Array.from({ length: 20 }, (_, i) => `+99655541${String(i).padStart(4, '0')}`);
    const sids: string[] = [];
    await Promise.all(
      senders.map(async (from, i) => {
        if (i === 10) await deleteKeysWithPrefix(redis, t.redisKeyPrefix);
        sids.push((await photoFrom(from)).sid);
      }),
    );
    const messages = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM conversation_messages WHERE provider_message_id = ANY($1)`, [sids]);
    expect(messages).toEqual([{ n: 20 }]);
    // Jobs lost with Redis: the sweep queues the files again (as the worker's minute would).
    await t.db.query(`UPDATE message_attachments SET created_at = created_at - interval '2 minutes' WHERE status = 'pending'`);
    await t.app.get(AttachmentsService).reconcile();
    await waitFor(
      `every file to be kept (worker: ${worker.output().slice(-1000)})`,
      async () => ((await attachmentsOf(sids)).every((a) => a.status === 'stored') ? true : undefined),
      45_000,
    );
    expect(await attachmentsOf(sids)).toHaveLength(20);
    expect(storedFiles(t.env.ATTACHMENTS_DIR)).toHaveLength(21);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM inbound_webhooks WHERE processed_at IS NULL`)).toEqual([{ n: 0 }]);
  }, 120_000);
});
