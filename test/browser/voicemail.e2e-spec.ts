import { randomBytes } from 'node:crypto';
import { VoicemailsService } from '#api/modules/telephony/voicemails.service';
import { signedIn } from '../support/client';
import { consoleSuite, demoUser, eventually, signInToShell, textOf, tRu, visible } from '../support/console';
import { ACCOUNT_SID, HOTLINE, newCallSid, postWebhook } from '../support/twilio-webhooks';

const PUBLIC_URL = 'https://hotline.example.org';

/** An after-hours caller leaves a voicemail; a case worker of the office plays it from the contact, audited. */
describe('Console voicemail (browser)', () => {
  const suite = consoleSuite({ PUBLIC_URL });
  const open = suite.open;

  it('a case worker plays the voicemail an after-hours caller left from the callback it is owed, and the play is audited', async () => {
    const admin = await signedIn(suite.app.baseUrl, demoUser('admin'));
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Almaty' }).format(suite.app.clock.now());
    const line = await admin.api.PUT('/api/v1/telephony/lines/{number}', {
      params: { path: { number: HOTLINE } },
      body: { version: 0, openingHours: { periods: [], holidays: [today] }, afterHours: 'voicemail' },
    });
    expect(line.data).toMatchObject({ openNow: false, afterHours: 'voicemail' });

    const callSid = newCallSid();
    const hook = (path: string, params: Record<string, string>) => postWebhook(suite.app.baseUrl, PUBLIC_URL, path, params);
    expect(
      await (await hook('/voice', { CallSid: callSid, AccountSid: ACCOUNT_SID, From: '+77015551212', To: HOTLINE, CallStatus: 'ringing' })).text(),
    ).toContain('<Record');
    const recordingSid = `RE${randomBytes(16).toString('hex')}`;
    await hook('/voice/recording-status', {
      CallSid: callSid,
      AccountSid: ACCOUNT_SID,
      RecordingSid: recordingSid,
      RecordingStatus: 'completed',
      RecordingDuration: '12',
      RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Recordings/${recordingSid}`,
    });
    const [voicemail] = await suite.app.db.query<{ id: string; contact_id: string }>(`SELECT id, contact_id FROM voicemails WHERE recording_sid = $1`, [
      recordingSid,
    ]);
    // What the worker does (the local adapter's recording is a second of tone).
    expect(await suite.app.app.get(VoicemailsService).fetchAndStore(voicemail.id)).toBe('stored');

    // The case worker calls the caller back: the callback owed for the call has the voicemail.
    const [callback] = await suite.app.db.query<{ id: string }>(`SELECT id FROM callbacks WHERE contact_id = $1`, [voicemail.contact_id]);
    const page = await open();
    await signInToShell(page, demoUser('caseworker'));
    await page.goto(`/callbacks?open=${callback.id}`);
    const panel = page.getByRole('region', { name: tRu('voicemail.title') });
    await visible(panel);
    await textOf(panel, tRu('voicemail.audited'));
    const audio = panel.getByTestId('voicemail-audio');
    expect(await audio.getAttribute('aria-label')).toBe(tRu('voicemail.player'));
    await audio.evaluate((element) => (element as HTMLAudioElement).play());
    await eventually(async () => expect(await audio.evaluate((element) => (element as HTMLAudioElement).currentTime)).toBeGreaterThan(0), 8_000);
    await eventually(async () => {
      const [row] = await suite.app.db.query<{ n: string }>(
        `SELECT count(*) AS n FROM audit_log WHERE action = 'telephony.voicemail_played' AND entity_id = $1`,
        [voicemail.id],
      );
      expect(Number(row.n)).toBeGreaterThanOrEqual(1);
    });
  });
});
