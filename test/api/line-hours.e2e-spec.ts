import { startTestApp, type TestApp } from '../support/app';
import { signedIn, type TestClient } from '../support/client';
import { ACCOUNT_SID, HOTLINE, newCallSid, postWebhook } from '../support/twilio-webhooks';

const PUBLIC_URL = 'https://hotline.example.org';

/** Opening hours, public holidays and what callers get outside them, per line. */
describe('line opening hours', () => {
  let t: TestApp;
  let admin: TestClient;
  const everyDay = [1, 2, 3, 4, 5, 6, 7];
  const call = async (from: string) => {
    const sid = newCallSid();
    const twiml = await (
      await postWebhook(t.baseUrl, PUBLIC_URL, '/voice', { CallSid: sid, AccountSid: ACCOUNT_SID, From: from, To: HOTLINE, CallStatus: 'ringing' })
    ).text();
    const [row] = await t.db.query<{ id: string; state: string; outcome: string | null; contact_id: string }>(
      `SELECT id, state, outcome, contact_id FROM telephony_calls WHERE call_sid = $1`,
      [sid],
    );
    return { twiml, row };
  };
  const setLine = (body: object) => admin.api.PUT('/api/v1/telephony/lines/{number}', { params: { path: { number: HOTLINE } }, body: body as never });
  const lineNow = async () => (await admin.api.GET('/api/v1/telephony/lines')).data!.find((l) => l.lineNumber === HOTLINE)!;
  /** Local (Almaty) weekday and minute of the application's now. */
  const almatyNow = () => {
    const parts = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Almaty',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).formatToParts(t.clock.now());
    const get = (type: string) => parts.find((p) => p.type === type)!.value;
    const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(get('weekday')) + 1;
    return { weekday, minute: Number(get('hour')) * 60 + Number(get('minute')), day: `${get('year')}-${get('month')}-${get('day')}` };
  };

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_URL, COOKIE_SECURE: 'false' });
    admin = await signedIn(t.baseUrl, 'admin.almaty@mayak.test');
  });
  afterAll(async () => t.close());

  it('is open around the clock until someone sets hours', async () => {
    expect(await lineNow()).toMatchObject({ openingHours: null, afterHours: 'message', openNow: true, version: 0, officeCode: 'ALA' });
    const { twiml, row } = await call('+77011115001');
    expect(twiml).toContain('<Gather');
    expect(row.state).toBe('menu');
  });

  it('tells a caller outside the hours when it is closed, in every menu language, and owes them a callback', async () => {
    const now = almatyNow();
    // Open every day except today's weekday: closed now, whatever the hour the tests run.
    const periods = everyDay.filter((d) => d !== now.weekday).map((day) => ({ day, start: 0, end: 1440 }));
    const set = await setLine({ version: 0, openingHours: { periods, holidays: [] }, afterHours: 'message' });
    expect(set.response.status).toBe(200);
    expect(set.data).toMatchObject({ openNow: false, version: 1 });
    const { twiml, row } = await call('+77011115002');
    expect(twiml).not.toContain('<Gather');
    for (const text of ['сейчас не работает', 'қазір жұмыс істемейді', 'is closed now', 'ҳоло кор намекунад']) expect(twiml).toContain(text);
    expect(twiml).toContain('<Hangup/>');
    expect(row).toMatchObject({ state: 'missed', outcome: 'after_hours' });
    const [owed] = await t.db.query<{ reason: string }>(`SELECT reason FROM callbacks WHERE source_call_id = $1`, [row.id]);
    expect(owed.reason).toBe('after_hours');
    const [contact] = await t.db.query<{ status: string }>(`SELECT status FROM contacts WHERE id = $1`, [row.contact_id]);
    expect(contact.status).toBe('completed');
    const [audit] = await t.db.query<{ n: string }>(`SELECT count(*) AS n FROM audit_log WHERE action = 'telephony.line_hours_changed'`);
    expect(Number(audit.n)).toBe(1);
  });

  it('forwards callers outside the hours when told to, showing the hotline’s number, and is closed on a public holiday', async () => {
    const now = almatyNow();
    const current = await lineNow();
    const set = await setLine({
      version: current.version,
      openingHours: { periods: everyDay.map((day) => ({ day, start: 0, end: 1440 })), holidays: [now.day] },
      afterHours: 'forward',
      forwardTo: '+7 717 200 0000',
    });
    expect(set.data).toMatchObject({ afterHours: 'forward', forwardTo: '+77172000000', openNow: false });
    const { twiml, row } = await call('+77011115003');
    expect(twiml).toContain(`<Dial callerId="${HOTLINE}"`);
    expect(twiml).toContain('<Number>+77172000000</Number>');
    expect(row).toMatchObject({ state: 'missed', outcome: 'forwarded' });
    expect(await t.db.query(`SELECT 1 FROM callbacks WHERE source_call_id = $1`, [row.id])).toHaveLength(0);
    // The number is stored encrypted.
    const [stored] = await t.db.query<{ forward_to_encrypted: string }>(`SELECT forward_to_encrypted FROM telephony_lines WHERE line_number = $1`, [HOTLINE]);
    expect(stored.forward_to_encrypted).not.toContain('7172000000');
    // Back to around the clock.
    expect((await setLine({ version: set.data!.version, openingHours: null, afterHours: 'message' })).data).toMatchObject({
      openingHours: null,
      openNow: true,
    });
    expect((await call('+77011115004')).row.state).toBe('menu');
  });

  it('refuses hours it cannot use, a stale version and anyone but an administrator, changing nothing', async () => {
    const current = await lineNow();
    const bad = await setLine({ version: current.version, openingHours: { periods: [{ day: 1, start: 600, end: 540 }], holidays: [] }, afterHours: 'message' });
    expect(bad.response.status).toBe(400);
    expect(bad.error).toMatchObject({ errors: [expect.objectContaining({ field: 'openingHours', code: 'period_times' })] });
    expect((await setLine({ version: current.version, openingHours: { periods: [], holidays: ['2026-02-30'] }, afterHours: 'message' })).response.status).toBe(
      400,
    );
    expect((await setLine({ version: current.version, afterHours: 'message' })).response.status).toBe(400);
    expect((await setLine({ version: current.version, openingHours: null, afterHours: 'forward' })).error).toMatchObject({
      errors: [expect.objectContaining({ field: 'forwardTo' })],
    });
    expect((await setLine({ version: current.version + 5, openingHours: null, afterHours: 'message' })).response.status).toBe(409);
    const unknown = await admin.api.PUT('/api/v1/telephony/lines/{number}', {
      params: { path: { number: '+77019999999' } },
      body: { version: 0, openingHours: null, afterHours: 'message' },
    });
    expect(unknown.response.status).toBe(404);
    const supervisor = await signedIn(t.baseUrl, 'supervisor.almaty@mayak.test');
    expect((await supervisor.api.GET('/api/v1/telephony/lines')).response.status).toBe(200);
    expect(
      (
        await supervisor.api.PUT('/api/v1/telephony/lines/{number}', {
          params: { path: { number: HOTLINE } },
          body: { version: current.version, openingHours: null, afterHours: 'message' },
        })
      ).response.status,
    ).toBe(403);
    const operator = await signedIn(t.baseUrl, 'operator.almaty@mayak.test');
    expect((await operator.api.GET('/api/v1/telephony/lines')).response.status).toBe(403);
    expect(await lineNow()).toEqual(current);
  });
});
