import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { startTestApp, type TestApp } from '../support/app';
import { signedIn, type TestClient } from '../support/client';
import { ACCOUNT_SID, HOTLINE, newCallSid, postWebhook, ringIn } from '../support/twilio-webhooks';
import { simulate } from '../support/console';
import { waitFor } from '../support/waiting';
import { VoicemailsService } from '#api/modules/telephony/voicemails.service';

const WORKER = join(__dirname, '../../dist/apps/api/worker.js');
const PUBLIC_URL = 'https://hotline.example.org';

/**
 * Voicemail through the local adapter and the built worker: a caller outside opening hours (or
 * one who presses 2 while waiting) leaves a message; the worker fetches and keeps it encrypted;
 * a case worker of the office plays it, every play audited.
 */
describe('voicemail', () => {
  let t: TestApp;
  let worker: ChildProcess;
  let output = '';
  let admin: TestClient;
  let caseWorker: TestClient;
  const hook = (path: string, params: Record<string, string>) => postWebhook(t.baseUrl, PUBLIC_URL, path, params);
  const recordingUrl = (sid: string) => `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Recordings/${sid}`;
  const newRecordingSid = () => `RE${randomBytes(16).toString('hex')}`;
  const callOf = async (sid: string) =>
    (
      await t.db.query<{ id: string; contact_id: string; state: string; outcome: string | null }>(
        `SELECT id, contact_id, state, outcome FROM telephony_calls WHERE call_sid = $1`,
        [sid],
      )
    )[0];
  const stored = (callId: string) =>
    waitFor(
      `the worker to store the voicemail of call ${callId} (worker output: ${output.slice(-1500)})`,
      async () => {
        const [row] = await t.db.query<{ status: string }>(`SELECT status FROM voicemails WHERE call_id = $1`, [callId]);
        return row?.status === 'stored' ? true : undefined;
      },
      20_000,
    );

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_URL, COOKIE_SECURE: 'false', TELEPHONY_MAX_QUEUE_SECONDS: '10' });
    worker = spawn('node', [WORKER], { env: { ...process.env, ...t.env, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
    worker.stdout!.on('data', (d) => (output += d));
    worker.stderr!.on('data', (d) => (output += d));
    admin = await signedIn(t.baseUrl, 'admin.almaty@mayak.test');
    caseWorker = await signedIn(t.baseUrl, 'caseworker.almaty@mayak.test');
  });
  afterAll(async () => {
    if (worker.exitCode === null) worker.kill('SIGKILL');
    await t.close();
  });

  it('takes a message outside opening hours, keeps it encrypted, and lets a case worker of the office play it, audited', async () => {
    // Closed all day today (a public holiday), voicemail after hours.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Almaty' }).format(t.clock.now());
    const set = await admin.api.PUT('/api/v1/telephony/lines/{number}', {
      params: { path: { number: HOTLINE } },
      body: {
        version: 0,
        openingHours: { periods: [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start: 0, end: 1440 })), holidays: [today] },
        afterHours: 'voicemail',
      },
    });
    expect(set.data).toMatchObject({ afterHours: 'voicemail', openNow: false });

    const callSid = newCallSid();
    const twiml = await (await hook('/voice', { CallSid: callSid, AccountSid: ACCOUNT_SID, From: '+77011116001', To: HOTLINE, CallStatus: 'ringing' })).text();
    // The caller is told the message is recorded before it is, in every menu language, then the recording starts.
    for (const text of ['оно будет записано', 'it will be recorded', 'сабт мешавад']) expect(twiml).toContain(text);
    expect(twiml.indexOf('it will be recorded')).toBeLessThan(twiml.indexOf('<Record'));
    expect(twiml).toContain(`recordingStatusCallback="${PUBLIC_URL}/api/v1/telephony/twilio/voice/recording-status"`);
    const call = await callOf(callSid);
    expect(call).toMatchObject({ state: 'missed', outcome: 'after_hours' });
    expect(
      await (await hook('/voice/voicemail-done', { CallSid: callSid, AccountSid: ACCOUNT_SID, RecordingUrl: recordingUrl('RE' + '0'.repeat(32)) })).text(),
    ).toContain('<Hangup/>');

    // Twilio says the recording is ready (twice: it retries); one voicemail, fetched by the worker.
    const recordingSid = newRecordingSid();
    const ready = {
      CallSid: callSid,
      AccountSid: ACCOUNT_SID,
      RecordingSid: recordingSid,
      RecordingUrl: recordingUrl(recordingSid),
      RecordingStatus: 'completed',
      RecordingDuration: '14',
    };
    expect((await hook('/voice/recording-status', ready)).status).toBe(204);
    expect((await hook('/voice/recording-status', ready)).status).toBe(204);
    await stored(call.id);
    const [row] = await t.db.query<{ n: string; audio_encrypted: string; recording_url: string | null }>(
      `SELECT count(*) OVER () AS n, audio_encrypted, recording_url FROM voicemails WHERE call_id = $1`,
      [call.id],
    );
    expect(Number(row.n)).toBe(1);
    expect(row.recording_url).toBeNull();
    expect(row.audio_encrypted).not.toContain('UklGR'); // not the WAV's base64, in the clear

    const listed = await caseWorker.api.GET('/api/v1/telephony/voicemails', { params: { query: { contactId: call.contact_id } } });
    expect(listed.data).toEqual([expect.objectContaining({ callId: call.id, contactId: call.contact_id, durationSeconds: 14, status: 'stored' })]);
    const id = listed.data![0].id;
    const played = await fetch(`${t.baseUrl}/api/v1/telephony/voicemails/${id}/audio`, {
      headers: { cookie: `mayak_session=${caseWorker.jar.get('mayak_session')}` },
    });
    expect(played.status).toBe(200);
    expect(played.headers.get('content-type')).toBe('audio/wav');
    expect(played.headers.get('cache-control')).toContain('no-store');
    expect(
      Buffer.from(await played.arrayBuffer())
        .subarray(0, 4)
        .toString(),
    ).toBe('RIFF');
    const [audit] = await t.db.query<{ n: string }>(`SELECT count(*) AS n FROM audit_log WHERE action = 'telephony.voicemail_played' AND entity_id = $1`, [id]);
    expect(Number(audit.n)).toBe(1);

    // It is owed a callback, and nobody outside the office hears it.
    expect(await t.db.query(`SELECT reason FROM callbacks WHERE source_call_id = $1`, [call.id])).toEqual([{ reason: 'after_hours' }]);
    const astana = await signedIn(t.baseUrl, 'caseworker.astana@mayak.test');
    expect((await astana.api.GET('/api/v1/telephony/voicemails', { params: { query: { contactId: call.contact_id } } })).data).toEqual([]);
    expect(
      (await fetch(`${t.baseUrl}/api/v1/telephony/voicemails/${id}/audio`, { headers: { cookie: `mayak_session=${astana.jar.get('mayak_session')}` } })).status,
    ).toBe(404);
    const adminRead = await admin.api.GET('/api/v1/telephony/voicemails', { params: { query: { contactId: call.contact_id } } });
    expect(adminRead.response.status).toBe(403);

    await admin.api.PUT('/api/v1/telephony/lines/{number}', {
      params: { path: { number: HOTLINE } },
      body: { version: set.data!.version, openingHours: null, afterHours: 'message' },
    });
  }, 40_000);

  it('lets a waiting caller press 2 to leave a message instead of waiting, in their language', async () => {
    const sid = await ringIn(t.baseUrl, PUBLIC_URL, '+77011116002', '3');
    const offered = await (await hook('/voice/hold?lang=en', { CallSid: sid, AccountSid: ACCOUNT_SID, QueueTime: '11' })).text();
    expect(offered).toContain('To leave a message, press 2.');
    expect(await (await hook('/voice/queue-choice?lang=en', { CallSid: sid, AccountSid: ACCOUNT_SID, Digits: '2' })).text()).toContain('<Leave/>');
    const record = await (await hook('/voice/queue-result', { CallSid: sid, AccountSid: ACCOUNT_SID, QueueResult: 'leave', QueueTime: '12' })).text();
    expect(record).toContain('it will be recorded');
    expect(record).not.toContain('оно будет записано');
    expect(record).toContain('<Record');
    const call = await callOf(sid);
    expect(call).toMatchObject({ state: 'missed', outcome: 'voicemail' });
    expect(await t.db.query(`SELECT reason FROM callbacks WHERE source_call_id = $1`, [call.id])).toEqual([{ reason: 'voicemail' }]);
    const recordingSid = newRecordingSid();
    expect(
      (
        await hook('/voice/recording-status', {
          CallSid: sid,
          AccountSid: ACCOUNT_SID,
          RecordingSid: recordingSid,
          RecordingUrl: recordingUrl(recordingSid),
          RecordingStatus: 'completed',
          RecordingDuration: '9',
        })
      ).status,
    ).toBe(204);
    await stored(call.id);
  }, 30_000);

  it('is played by the simulator as Twilio would: a waiting caller presses 2, records, and the worker keeps it', async () => {
    const run = await simulate(t, ['call', '--from', '+77011116003', '--digits', '2', '--wait', '30', '--press', '2'], 40_000);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    const sid = /CallSid (CA[0-9a-f]{32}): (.+)/.exec(run.stdout);
    expect(sid?.[2]).toBe('left a voicemail (callback owed)');
    const call = await callOf(sid![1]);
    expect(call).toMatchObject({ state: 'missed', outcome: 'voicemail' });
    await stored(call.id);
  }, 60_000);

  it('fetches again a voicemail whose job was lost, and gives up on one a day old', async () => {
    const sid = await ringIn(t.baseUrl, PUBLIC_URL, '+77011116004', '1');
    const call = await callOf(sid);
    const old = await ringIn(t.baseUrl, PUBLIC_URL, '+77011116005', '1');
    const oldCall = await callOf(old);
    // Rows as the recording callback writes them, but no job in Redis (lost with it).
    for (const [c, age] of [
      [call, '2 minutes'],
      [oldCall, '25 hours'],
    ] as const) {
      const recordingSid = newRecordingSid();
      await t.db.query(
        `INSERT INTO voicemails (office_id, call_id, contact_id, recording_sid, recording_url, duration_seconds, status, created_at)
         SELECT office_id, id, contact_id, $2, $3, 5, 'pending', mayak_now() - $4::interval FROM telephony_calls WHERE id = $1`,
        [c.id, recordingSid, recordingUrl(recordingSid), age],
      );
    }
    expect(await t.app.get(VoicemailsService).reconcile()).toEqual({ requeued: 1, givenUp: 1 });
    await stored(call.id);
    expect(await t.db.query(`SELECT status FROM voicemails WHERE call_id = $1`, [oldCall.id])).toEqual([{ status: 'failed' }]);
  }, 30_000);
});
