import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AttachmentsService } from '#api/modules/messaging/attachments.service';
import { LocalProvider } from '#api/modules/telephony/provider/local-provider';
import { sampleFile } from '#api/modules/telephony/provider/sample-files';
import { TelephonyProvider } from '#api/modules/telephony/provider/telephony-provider';
import { startTestApp, type TestApp } from '../support/app';
import { signedIn, type TestClient } from '../support/client';
import { startFakeTelegram, type FakeTelegram } from '../support/fake-telegram';
import { startFakeTwilio, type FakeTwilio } from '../support/fake-twilio';
import { startFakeS3, type FakeS3 } from '../support/fake-s3';
import { ACCOUNT_SID, HOTLINE, newMessageSid, postWebhook } from '../support/twilio-webhooks';

const PUBLIC_URL = 'https://hotline.example.org';
const PDF = Buffer.from('%PDF-1.4\n% a contract\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 'latin1');
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(500, 7)]);

/** Every file of messages in the store, with its bytes (the knowledge base's leaflets live beside them, under knowledge/). */
function filesUnder(root: string): { path: string; bytes: Buffer }[] {
  const dir = join(root, 'attachments');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => ({ path, bytes: readFileSync(path) }));
}

describe('attachments: files that come with messages', () => {
  describe('through the local adapters', () => {
    let t: TestApp;
    let operator: TestClient;
    const ids: Record<string, string> = {};
    const whatsAppPhoto = (from: string) => {
      const sid = `MM${newMessageSid().slice(2)}`;
      return {
        MessageSid: sid,
        SmsMessageSid: sid,
        AccountSid: ACCOUNT_SID,
        From: `whatsapp:${from}`,
        To: `whatsapp:${HOTLINE}`,
        Body: '',
        NumMedia: '1',
        ProfileName: 'Азамат',
        MediaContentType0: 'image/jpeg',
        MediaUrl0: `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/${sid}/Media/ME${newMessageSid().slice(2)}`,
      };
    };

    beforeAll(async () => {
      t = await startTestApp({ PUBLIC_URL, COOKIE_SECURE: 'false' });
      operator = await signedIn(t.baseUrl, 'operator.almaty@mayak.test');
    });
    afterAll(async () => t.close());

    it('files a photo as pending, then fetches, checks and keeps it sealed; the provider’s copy is deleted', async () => {
      const form = whatsAppPhoto('+996555300001');
      expect((await postWebhook(t.baseUrl, PUBLIC_URL, '/sms', form)).status).toBe(200);
      const [row] = await t.db.query<{ id: string; status: string; declared_type: string; office_id: string }>(
        `SELECT a.id, a.status, a.declared_type, a.office_id FROM message_attachments a JOIN conversation_messages m ON m.id = a.message_id WHERE m.provider_message_id = $1`,
        [form.MessageSid],
      );
      expect(row).toMatchObject({ status: 'pending', declared_type: 'image/jpeg' });
      expect(await t.app.get(AttachmentsService).fetchAndStore(row.id)).toBe('stored');
      expect(
        await t.db.query(`SELECT status, content_type, size_bytes, storage_key, source_encrypted FROM message_attachments WHERE id = $1`, [row.id]),
      ).toEqual([
        // The local adapter stands in with a PNG: kept as what its bytes are.
        {
          status: 'stored',
          content_type: 'image/png',
          size_bytes: sampleFile('image/jpeg').length,
          storage_key: `attachments/${row.id}`,
          source_encrypted: null,
        },
      ]);
      const [file] = filesUnder(t.env.ATTACHMENTS_DIR);
      expect(file.path.endsWith(row.id)).toBe(true);
      expect(file.bytes.includes(sampleFile('image/jpeg').subarray(0, 16))).toBe(false);
      const operations = (t.app.get(TelephonyProvider) as LocalProvider).operations().map((op) => op.kind);
      expect(operations).toEqual(expect.arrayContaining(['fetchMedia', 'deleteMedia']));
      // Fetching again changes nothing.
      expect(await t.app.get(AttachmentsService).fetchAndStore(row.id)).toBe('skipped');
      ids.photo = row.id;
      ids.conversation = (
        await t.db.query<{ conversation_id: string }>(`SELECT conversation_id FROM conversation_messages WHERE provider_message_id = $1`, [form.MessageSid])
      )[0].conversation_id;
    });

    it('shows the file with its message, opens it for the office (audited every time, in a sandbox), and for nobody else', async () => {
      const messages = (await operator.api.GET('/api/v1/conversations/{id}/messages', { params: { path: { id: ids.conversation } } })).data!.items;
      expect(messages[0]).toMatchObject({
        contentKind: 'image',
        attachments: [{ id: ids.photo, status: 'stored', contentType: 'image/png', rejectReason: null }],
      });
      const open = () =>
        fetch(`${t.baseUrl}/api/v1/attachments/${ids.photo}/content`, { headers: { cookie: `mayak_session=${operator.jar.get('mayak_session')}` } });
      const response = await open();
      expect(response.status).toBe(200);
      expect(Buffer.from(await response.arrayBuffer()).equals(sampleFile('image/jpeg'))).toBe(true);
      expect(response.headers.get('content-type')).toBe('image/png');
      expect(response.headers.get('content-disposition')).toMatch(/^inline; filename="attachment-[0-9a-f]{8}\.png"$/);
      expect(response.headers.get('content-security-policy')).toContain('sandbox');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('cache-control')).toContain('no-store');
      await open();
      expect(await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'messaging.attachment_viewed' AND entity_id = $1`, [ids.photo])).toEqual(
        [{ n: 2 }],
      );

      const astana = await signedIn(t.baseUrl, 'supervisor.astana@mayak.test');
      expect(
        (await fetch(`${t.baseUrl}/api/v1/attachments/${ids.photo}/content`, { headers: { cookie: `mayak_session=${astana.jar.get('mayak_session')}` } }))
          .status,
      ).toBe(404);
      const partner = await signedIn(t.baseUrl, 'partner.almaty@mayak.test');
      expect(
        (await fetch(`${t.baseUrl}/api/v1/attachments/${ids.photo}/content`, { headers: { cookie: `mayak_session=${partner.jar.get('mayak_session')}` } }))
          .status,
      ).toBe(403);
      expect((await fetch(`${t.baseUrl}/api/v1/attachments/${ids.photo}/content`)).status).toBe(401);
      expect(await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'messaging.attachment_viewed' AND entity_id = $1`, [ids.photo])).toEqual(
        [{ n: 2 }],
      );
    });

    it('a file whose job was lost with Redis is queued again by the sweep, and one the channel never serves is given up after a day', async () => {
      const form = whatsAppPhoto('+996555300002');
      await postWebhook(t.baseUrl, PUBLIC_URL, '/sms', form);
      const [row] = await t.db.query<{ id: string }>(
        `SELECT a.id FROM message_attachments a JOIN conversation_messages m ON m.id = a.message_id WHERE m.provider_message_id = $1`,
        [form.MessageSid],
      );
      await t.db.query(`UPDATE message_attachments SET created_at = created_at - interval '2 minutes' WHERE id = $1`, [row.id]);
      expect((await t.app.get(AttachmentsService).reconcile()).requeued).toBe(1);
      await t.db.query(`UPDATE message_attachments SET created_at = created_at - interval '1 day' WHERE id = $1`, [row.id]);
      expect((await t.app.get(AttachmentsService).reconcile()).givenUp).toBe(1);
      expect(await t.db.query(`SELECT status, source_encrypted FROM message_attachments WHERE id = $1`, [row.id])).toEqual([
        { status: 'failed', source_encrypted: null },
      ]);
    });

    it('erases the file from the store once retention erases its row', async () => {
      await t.db.query(`UPDATE message_attachments SET status = 'erased' WHERE id = $1`, [ids.photo]);
      expect(filesUnder(t.env.ATTACHMENTS_DIR)).toHaveLength(1);
      expect((await t.app.get(AttachmentsService).reconcile()).deleted).toBe(1);
      expect(filesUnder(t.env.ATTACHMENTS_DIR)).toHaveLength(0);
      expect(await t.db.query(`SELECT storage_key FROM message_attachments WHERE id = $1`, [ids.photo])).toEqual([{ storage_key: null }]);
      expect(
        (await fetch(`${t.baseUrl}/api/v1/attachments/${ids.photo}/content`, { headers: { cookie: `mayak_session=${operator.jar.get('mayak_session')}` } }))
          .status,
      ).toBe(404);
    });
  });

  describe('through Twilio and Telegram (fakes on loopback)', () => {
    let t: TestApp;
    let twilio: FakeTwilio;
    let telegram: FakeTelegram;
    const secret = 'telegram-secret-for-the-attachment-tests_123456';
    const attachmentOf = async (providerMessageId: string) =>
      (
        await t.db.query<{ id: string }>(
          `SELECT a.id FROM message_attachments a JOIN conversation_messages m ON m.id = a.message_id WHERE m.provider_message_id = $1`,
          [providerMessageId],
        )
      )[0].id;
    const twilioMessage = async (mediaUrl: string, declared: string) => {
      const sid = /Messages\/(MM[0-9a-f]{32})/.exec(mediaUrl)![1];
      const form = {
        MessageSid: sid,
        AccountSid: twilio.accountSid,
        From: 'whatsapp:+996555300003',
        To: `whatsapp:${HOTLINE}`,
        Body: 'Договор',
        NumMedia: '1',
        MediaContentType0: declared,
        MediaUrl0: mediaUrl,
      };
      expect((await postWebhook(t.baseUrl, PUBLIC_URL, '/sms', form, { token: twilio.authToken })).status).toBe(200);
      return attachmentOf(sid);
    };

    beforeAll(async () => {
      twilio = await startFakeTwilio();
      telegram = await startFakeTelegram();
      t = await startTestApp({
        PUBLIC_URL,
        COOKIE_SECURE: 'false',
        TWILIO_ACCOUNT_SID: twilio.accountSid,
        TWILIO_AUTH_TOKEN: twilio.authToken,
        TWILIO_API_BASE_URL: twilio.url,
        TWILIO_API_KEY: `SK${'5'.repeat(32)}`,
        TWILIO_API_SECRET: 'softphone-api-key-secret-for-tests',
        TWILIO_TWIML_APP_SID: `AP${'7'.repeat(32)}`,
        TELEGRAM_BOT_TOKEN: telegram.token,
        TELEGRAM_API_ROOT: telegram.url,
        TELEGRAM_WEBHOOK_SECRET: secret,
      });
    });
    afterAll(async () => {
      await t.close();
      await twilio.close();
      await telegram.close();
    });

    it('fetches Twilio media with the account’s credentials, follows its redirect without them, and deletes Twilio’s copy', async () => {
      const id = await twilioMessage(twilio.addMedia(PDF, 'application/pdf'), 'application/pdf');
      expect(await t.app.get(AttachmentsService).fetchAndStore(id)).toBe('stored');
      expect(await t.db.query(`SELECT content_type, size_bytes FROM message_attachments WHERE id = $1`, [id])).toEqual([
        { content_type: 'application/pdf', size_bytes: PDF.length },
      ]);
      expect(twilio.deletedMedia).toHaveLength(1);
      expect(twilio.mediaFetchesWithCredentials).toBe(0);
    });

    it('keeps nothing of a file that is not what it says, or is too large, and says why', async () => {
      const disguised = await twilioMessage(twilio.addMedia(Buffer.from('<html><script>alert(1)</script></html>'), 'image/jpeg'), 'image/jpeg');
      expect(await t.app.get(AttachmentsService).fetchAndStore(disguised)).toBe('rejected');
      const huge = await twilioMessage(twilio.addMedia(Buffer.concat([JPEG, Buffer.alloc(16 * 1024 * 1024)]), 'image/jpeg'), 'image/jpeg');
      expect(await t.app.get(AttachmentsService).fetchAndStore(huge)).toBe('rejected');
      expect(
        await t.db.query(`SELECT status, reject_reason, storage_key FROM message_attachments WHERE id = ANY($1) ORDER BY reject_reason`, [[disguised, huge]]),
      ).toEqual([
        { status: 'rejected', reject_reason: 'too_large', storage_key: null },
        { status: 'rejected', reject_reason: 'type_not_allowed', storage_key: null },
      ]);
      expect(
        filesUnder(t.env.ATTACHMENTS_DIR)
          .map((f) => f.path)
          .some((p) => p.endsWith(disguised) || p.endsWith(huge)),
      ).toBe(false);
    });

    it('refuses to fetch a media address that is not this account’s on Twilio’s API', async () => {
      const foreign = await twilioMessage(
        `https://api.twilio.com/2010-04-01/Accounts/AC${'f'.repeat(32)}/Messages/MM${'a'.repeat(32)}/Media/ME${'b'.repeat(32)}`,
        'image/jpeg',
      );
      await expect(t.app.get(AttachmentsService).fetchAndStore(foreign)).rejects.toThrow(/not this account/);
      expect(await t.db.query(`SELECT status FROM message_attachments WHERE id = $1`, [foreign])).toEqual([{ status: 'pending' }]);
    });

    it('downloads a Telegram photo through getFile and keeps it', async () => {
      const fileId = telegram.addFile(JPEG);
      const update = {
        update_id: 9001,
        message: {
          message_id: 1,
          date: 1796000000,
          chat: { id: 700300400, type: 'private' },
          from: { id: 700300400, is_bot: false, first_name: 'Нигора' },
          photo: [{ file_id: fileId, file_unique_id: 'u', width: 800, height: 600 }],
        },
      };
      const response = await fetch(`${t.baseUrl}/api/v1/messaging/telegram`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
        body: JSON.stringify(update),
      });
      expect(response.status).toBe(200);
      const [botId] = telegram.token.split(':');
      const id = await attachmentOf(`tg:${botId}:9001`);
      expect(await t.app.get(AttachmentsService).fetchAndStore(id)).toBe('stored');
      expect(await t.db.query(`SELECT content_type, size_bytes FROM message_attachments WHERE id = $1`, [id])).toEqual([
        { content_type: 'image/jpeg', size_bytes: JPEG.length },
      ]);
      expect(telegram.calls.some((c) => c.method === 'getFile' && c.params.file_id === fileId)).toBe(true);
    });
  });

  describe('in an S3-compatible bucket (a fake on loopback)', () => {
    let t: TestApp;
    let s3: FakeS3;

    beforeAll(async () => {
      s3 = await startFakeS3();
      t = await startTestApp({
        PUBLIC_URL,
        COOKIE_SECURE: 'false',
        ATTACHMENTS_STORE: 's3',
        ATTACHMENTS_S3_BUCKET: s3.bucket,
        ATTACHMENTS_S3_ENDPOINT: s3.url,
        ATTACHMENTS_S3_FORCE_PATH_STYLE: 'true',
        ATTACHMENTS_S3_ACCESS_KEY_ID: s3.accessKeyId,
        ATTACHMENTS_S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
        ATTACHMENTS_S3_PREFIX: 'line-11616/',
      });
    });
    afterAll(async () => {
      await t.close();
      await s3.close();
    });

    it('keeps the sealed file in the bucket under the deployment’s folder, opens it, and deletes it once erased', async () => {
      const sid = `MM${newMessageSid().slice(2)}`;
      const form = {
        MessageSid: sid,
        AccountSid: ACCOUNT_SID,
        From: 'whatsapp:+996555300009',
        To: `whatsapp:${HOTLINE}`,
        Body: '',
        NumMedia: '1',
        MediaContentType0: 'application/pdf',
        MediaUrl0: `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/${sid}/Media/ME${newMessageSid().slice(2)}`,
      };
      expect((await postWebhook(t.baseUrl, PUBLIC_URL, '/sms', form)).status).toBe(200);
      const [{ id }] = await t.db.query<{ id: string }>(
        `SELECT a.id FROM message_attachments a JOIN conversation_messages m ON m.id = a.message_id WHERE m.provider_message_id = $1`,
        [sid],
      );
      expect(await t.app.get(AttachmentsService).fetchAndStore(id)).toBe('stored');
      const object = s3.objects.get(`line-11616/attachments/${id}`);
      expect(object).toBeDefined();
      expect(object!.includes(Buffer.from('%PDF'))).toBe(false);
      const operator = await signedIn(t.baseUrl, 'operator.almaty@mayak.test');
      const opened = await fetch(`${t.baseUrl}/api/v1/attachments/${id}/content`, {
        headers: { cookie: `mayak_session=${operator.jar.get('mayak_session')}` },
      });
      expect(opened.status).toBe(200);
      expect(Buffer.from(await opened.arrayBuffer()).equals(sampleFile('application/pdf'))).toBe(true);
      await t.db.query(`UPDATE message_attachments SET status = 'erased' WHERE id = $1`, [id]);
      expect((await t.app.get(AttachmentsService).reconcile()).deleted).toBe(1);
      expect(s3.objects.has(`line-11616/attachments/${id}`)).toBe(false);
    });
  });
});
