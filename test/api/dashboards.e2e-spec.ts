import { startTestApp, type TestApp } from '../support/app';
import { signedIn, type TestClient } from '../support/client';
import { ACCOUNT_SID, postWebhook, ringIn } from '../support/twilio-webhooks';
import { dayIn, startOfDayIn } from '../support/calendar';

describe('dashboards', () => {
  let t: TestApp;
  let supervisor: TestClient;
  let operator: TestClient;
  const publicUrl = 'http://localhost:3000';
  // The offices' local day (Almaty), by the application's clock: dashboards count local days.
  let today: string;
  const office: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    today = dayIn(t.clock.now());
    for (const row of await t.db.query<{ id: string; code: string }>(`SELECT id, code FROM offices`)) office[row.code] = row.id;
    supervisor = await signedIn(t.baseUrl, 'supervisor.almaty@mayak.test');
    operator = await signedIn(t.baseUrl, 'operator.almaty@mayak.test');
    const astanaOperator = await signedIn(t.baseUrl, 'operator.astana@mayak.test');
    // Almaty: three voice contacts from one number (a repeat caller), one chat, one case of trafficking.
    for (const notes of ['first', 'second', 'third']) {
      const { data } = await operator.api.POST('/api/v1/contacts', {
        body: { channel: 'voice', phone: '+77014440001', language: 'ru', category: 'labour_exploitation', callerType: 'victim', notes },
      });
      await operator.api.POST('/api/v1/contacts/{id}/complete', { params: { path: { id: data!.id } }, body: { version: data!.version } });
    }
    await operator.api.POST('/api/v1/contacts', { body: { channel: 'webchat', language: 'kk', category: 'migration_law_information' } });
    const { data: victim } = await operator.api.POST('/api/v1/contacts', { body: { channel: 'voice', language: 'uz', category: 'trafficking_report' } });
    const opened = await operator.api.POST('/api/v1/contacts/{id}/open-case', {
      params: { path: { id: victim!.id } },
      body: { version: victim!.version, type: 'trafficking' },
    });
    const caseId = opened.data!.case.id;
    await supervisor.api.PATCH('/api/v1/cases/{id}', {
      params: { path: { id: caseId } },
      body: {
        version: (await supervisor.api.GET('/api/v1/cases/{id}', { params: { path: { id: caseId } } })).data!.version,
        traffickingStatus: 'ActualVictimOfTrafficking',
        exploitationTypes: ['ForcedLabour'],
        controlMethods: ['WithholdsDocuments'],
      },
    });
    // Astana: one contact that Almaty's supervisor must not count.
    await astanaOperator.api.POST('/api/v1/contacts', { body: { channel: 'voice', category: 'other' } });
    // The line: one caller answered, one who hung up in the queue, one still waiting.
    await operator.api.PUT('/api/v1/telephony/presence', { body: { status: 'available' } });
    const answered = await ringIn(t.baseUrl, publicUrl, '+77014440002', '1');
    const [call] = await t.db.query<{ id: string }>(`SELECT id FROM telephony_calls WHERE call_sid = $1`, [answered]);
    await operator.api.POST('/api/v1/telephony/calls/{id}/answer', { params: { path: { id: call.id } } });
    await postWebhook(t.baseUrl, publicUrl, '/voice/status', { CallSid: answered, AccountSid: ACCOUNT_SID, CallStatus: 'completed', CallDuration: '60' });
    const abandoned = await ringIn(t.baseUrl, publicUrl, '+77014440003', '2');
    await postWebhook(t.baseUrl, publicUrl, '/voice/queue-result', { CallSid: abandoned, AccountSid: ACCOUNT_SID, QueueResult: 'hangup', QueueTime: '30' });
    await ringIn(t.baseUrl, publicUrl, '+77014440004', '3');
  });
  afterAll(async () => t.close());

  it('shows the line now: one caller waiting, the operator in wrap-up after her call, the owed callback not yet due', async () => {
    const { data, response } = await supervisor.api.GET('/api/v1/dashboards/line');
    expect(response.status).toBe(200);
    // The operator whose call ended is in after-call work until she completes its contact.
    expect(data).toMatchObject({ callsWaiting: 1, operatorsAvailable: 0, operatorsOnCall: 0, operatorsInWrapUp: 1, callbacksDue: 0 });
    expect(data!.longestWaitSeconds).toBeGreaterThanOrEqual(0);
    const astana = await signedIn(t.baseUrl, 'supervisor.astana@mayak.test');
    expect((await astana.api.GET('/api/v1/dashboards/line')).data).toMatchObject({ callsWaiting: 0 });
  });

  it('counts the period’s activity of the supervisor’s offices only', async () => {
    const { data } = await supervisor.api.GET('/api/v1/dashboards/activity', { params: { query: { from: today } } });
    // 5 contacts typed in + 3 from the line = 8 in Almaty; Astana's one is not here.
    expect(data!.contacts).toBe(8);
    expect(data!.byOffice).toEqual([{ key: office.ALA, count: 8 }]);
    expect(data!.byChannel).toEqual([
      { key: 'voice', count: 7 },
      { key: 'webchat', count: 1 },
    ]);
    expect(data!.byCategory.find((b) => b.key === 'labour_exploitation')).toEqual({ key: 'labour_exploitation', count: 3 });
    expect(data!.byHour).toHaveLength(24);
    expect(data!.byHour.reduce((sum, h) => sum + h.count, 0)).toBe(8);
    expect(data!.calls).toEqual({ answered: 1, missed: 0, abandoned: 1 });
    expect(data!.answerSeconds.count).toBe(1);
    expect(data!.repeatCallers).toBe(1);
    const admin = await signedIn(t.baseUrl, 'admin.almaty@mayak.test');
    expect((await admin.api.GET('/api/v1/dashboards/activity')).data!.contacts).toBe(9); // administrators see every office
  });

  it('shows the case load and the trafficking picture', async () => {
    const load = (await supervisor.api.GET('/api/v1/dashboards/caseload')).data!;
    expect(load.openCases).toBe(1);
    expect(load.openByType).toEqual([{ key: 'trafficking', count: 1 }]);
    const picture = (await supervisor.api.GET('/api/v1/dashboards/trafficking')).data!;
    expect(picture).toMatchObject({ cases: 1, identified: 1, possible: 0 });
    expect(picture.byExploitation).toEqual([{ key: 'ForcedLabour', count: 1 }]);
    expect(picture.byControl).toEqual([{ key: 'WithholdsDocuments', count: 1 }]);
  });

  it('keeps its daily rollups true when contacts change, move to another day or the office changes time zone', async () => {
    const before = (await supervisor.api.GET('/api/v1/dashboards/activity', { params: { query: { from: today } } })).data!;
    // A contact of today moved ten days back (as a late correction would): today loses it, that day gains it.
    const [moved] = await t.db.query<{ id: string }>(`SELECT id FROM contacts WHERE office_id = $1 AND channel = 'webchat'`, [office.ALA]);
    await t.db.query(`UPDATE contacts SET started_at = started_at - interval '10 days' WHERE id = $1`, [moved.id]);
    const afterMove = (await supervisor.api.GET('/api/v1/dashboards/activity', { params: { query: { from: today } } })).data!;
    expect(afterMove.contacts).toBe(before.contacts - 1);
    expect(afterMove.byChannel.find((b) => b.key === 'webchat')).toBeUndefined();
    const tenDaysAgo = dayIn(t.clock.now(), undefined, -10);
    const nineDaysAgo = dayIn(t.clock.now(), undefined, -9);
    const thatDay = (await supervisor.api.GET('/api/v1/dashboards/activity', { params: { query: { from: tenDaysAgo, to: nineDaysAgo } } })).data!;
    expect(thatDay.byChannel).toEqual([{ key: 'webchat', count: 1 }]);
    // Handling time and time to answer read from the histograms agree with percentile_cont over the rows (whole seconds under a minute are exact).
    const [exact] = await t.db.query<{ handling: number | null; answer: number | null }>(
      `SELECT (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_seconds) FROM contacts WHERE office_id = $1 AND channel = 'voice' AND status = 'completed' AND duration_seconds IS NOT NULL AND operator_id IS NOT NULL AND started_at >= mayak_now() - interval '1 day') AS handling,
              (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY floor(EXTRACT(EPOCH FROM answered_at - queued_at))) FROM telephony_calls WHERE office_id = $1 AND answered_at IS NOT NULL AND queued_at IS NOT NULL) AS answer`,
      [office.ALA],
    );
    expect(afterMove.handlingSeconds.median).toBe(exact.handling === null ? null : Math.round(exact.handling * 10) / 10);
    expect(afterMove.answerSeconds.median).toBe(exact.answer === null ? null : Math.round(exact.answer * 10) / 10);
    // An office that changes its time zone is recounted whole: the same contacts, nothing lost or doubled.
    await t.db.query(`UPDATE offices SET timezone = 'Asia/Tashkent' WHERE id = $1`, [office.ALA]);
    try {
      const week = dayIn(t.clock.now(), undefined, -14);
      const recounted = (await supervisor.api.GET('/api/v1/dashboards/activity', { params: { query: { from: week } } })).data!;
      expect(recounted.contacts).toBe(before.contacts);
      expect(await t.db.query(`SELECT count(*)::int AS n FROM dashboard_dirty_days`)).toEqual([{ n: 0 }]);
    } finally {
      await t.db.query(`UPDATE offices SET timezone = 'Asia/Almaty' WHERE id = $1`, [office.ALA]);
      await t.db.query(`UPDATE contacts SET started_at = started_at + interval '10 days' WHERE id = $1`, [moved.id]);
    }
    expect((await supervisor.api.GET('/api/v1/dashboards/activity', { params: { query: { from: today } } })).data).toEqual(before);
  });

  it('drills down: the lists filter by what each figure counts, and refuse filters that do not exist', async () => {
    const contacts = async (query: Record<string, string | number>) => {
      const { data, response } = await supervisor.api.GET('/api/v1/contacts', {
        params: { query: { officeId: office.ALA, from: startOfDayIn(today).toISOString(), limit: 100, ...query } as never },
      });
      expect(response.status).toBe(200);
      return data!.items;
    };
    const activity = (await supervisor.api.GET('/api/v1/dashboards/activity', { params: { query: { from: today } } })).data!;
    expect(await contacts({ callerType: 'victim' })).toHaveLength(3);
    const kazakh = await contacts({ language: 'kk' });
    expect(kazakh.map((k) => k.channel)).toContain('webchat');
    expect(kazakh).toHaveLength(activity.byLanguage.find((b) => b.key === 'kk')!.count);
    const busiest = activity.byHour.reduce((a, b) => (b.count > a.count ? b : a));
    expect(await contacts({ hour: Number(busiest.key) })).toHaveLength(busiest.count);

    const cases = async (query: Record<string, string | number | boolean>) => {
      const { data, response } = await supervisor.api.GET('/api/v1/cases', { params: { query: query as never } });
      expect(response.status).toBe(200);
      return data!.items;
    };
    const picture = (await supervisor.api.GET('/api/v1/dashboards/trafficking')).data!;
    expect(await cases({ trafficking: true })).toHaveLength(picture.cases);
    expect(await cases({ exploitationType: 'ForcedLabour', officeId: office.ALA })).toHaveLength(1);
    expect(await cases({ controlMethod: 'WithholdsDocuments', traffickingStatus: 'ActualVictimOfTrafficking' })).toHaveLength(1);
    expect(await cases({ exploitationType: 'SexualExploitation' })).toHaveLength(0);
    expect(await cases({ inactiveDays: 1 })).toHaveLength(0);
    expect(await cases({ closureReason: 'resolved', closedFrom: startOfDayIn(today).toISOString() })).toHaveLength(0);

    for (const [path, query] of [
      ['/api/v1/cases', { exploitationType: 'Smuggling' }],
      ['/api/v1/cases', { inactiveDays: 0 }],
      ['/api/v1/cases', { ageGroup: 'unknown' }],
      ['/api/v1/cases', { closedFrom: '2026-05-01T00:00:00Z', closedTo: '2026-04-01T00:00:00Z' }],
      ['/api/v1/contacts', { hour: 24 }],
      ['/api/v1/contacts', { language: 'xx' }],
      ['/api/v1/referrals', { sentFrom: 'soon' }],
    ] as const) {
      const response = await fetch(`${t.baseUrl}${path}?${new URLSearchParams(query as Record<string, string>)}`, {
        headers: { cookie: `mayak_session=${supervisor.jar.get('mayak_session')}` },
      });
      expect({ path, query, status: response.status, type: response.headers.get('content-type') }).toEqual({
        path,
        query,
        status: 400,
        type: expect.stringContaining('application/problem+json'),
      });
    }
  });

  it('refuses operators, other offices and bad periods', async () => {
    expect((await operator.api.GET('/api/v1/dashboards/activity')).response.status).toBe(403);
    const astana = await signedIn(t.baseUrl, 'supervisor.astana@mayak.test');
    const foreign = await astana.api.GET('/api/v1/dashboards/activity', { params: { query: { officeId: office.ALA } } });
    expect(foreign.response.status).toBe(400);
    expect((await supervisor.api.GET('/api/v1/dashboards/activity', { params: { query: { from: '2026-05-01', to: '2026-04-01' } } })).response.status).toBe(
      400,
    );
    expect((await supervisor.api.GET('/api/v1/dashboards/activity', { params: { query: { from: '2020-01-01', to: '2026-01-01' } } })).response.status).toBe(
      400,
    );
    expect((await supervisor.api.GET('/api/v1/dashboards/activity', { params: { query: { from: 'soon' } } })).response.status).toBe(400);
  });

  it('counts repeat callers by the caller: the number, or after retention its pseudonym, whatever is written to the key', async () => {
    const repeatCallers = async () =>
      (await supervisor.api.GET('/api/v1/dashboards/activity', { params: { query: { from: dayIn(t.clock.now(), undefined, -30) } } })).data!.repeatCallers;
    const before = await repeatCallers();
    expect(before).toBeGreaterThanOrEqual(1);
    const [{ hash }] = await t.db.query<{ hash: string }>(`SELECT phone_hash AS hash FROM contacts WHERE notes = 'first'`);
    const caller = await t.db.query<{ id: string }>(`SELECT id FROM contacts WHERE phone_hash = $1 ORDER BY started_at`, [hash]);
    expect(caller.length).toBeGreaterThanOrEqual(2);
    // As retention anonymises them: the number goes, one pseudonym stands for the caller.
    await t.db.query(`UPDATE contacts SET phone_hash = NULL, caller_pseudonym = 'pseudonym-of-the-caller' WHERE id = ANY($1)`, [caller.map((c) => c.id)]);
    expect(await repeatCallers()).toBe(before);
    // The key follows the caller's columns, not what is written to it.
    await t.db.query(`UPDATE contacts SET caller_key = 42 WHERE id = $1`, [caller[0].id]);
    const keys = await t.db.query<{ same: boolean }>(
      `SELECT caller_key = hashtextextended('pseudonym-of-the-caller', 0) AS same FROM contacts WHERE id = ANY($1)`,
      [caller.map((c) => c.id)],
    );
    expect(keys.map((k) => k.same)).toEqual(caller.map(() => true));
    expect(await repeatCallers()).toBe(before);
    // Another caller's pseudonym on all but one: this caller no longer calls twice.
    await t.db.query(`UPDATE contacts SET caller_pseudonym = 'another-' || id WHERE id = ANY($1)`, [caller.slice(1).map((c) => c.id)]);
    expect(await repeatCallers()).toBe(before - 1);
  });

  it('builds the monthly statistics report as a PDF in each language, for supervisors', async () => {
    const month = today.slice(0, 7);
    for (const locale of ['ru', 'kk', 'en']) {
      const response = await fetch(`${t.baseUrl}/api/v1/reports/monthly?month=${month}&locale=${locale}`, {
        headers: { cookie: `mayak_session=${supervisor.jar.get('mayak_session')}` },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/pdf');
      const body = Buffer.from(await response.arrayBuffer());
      expect(body.subarray(0, 5).toString()).toBe('%PDF-');
      expect(body.length).toBeGreaterThan(2000);
    }
    expect(await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'reports.generated'`)).toEqual([{ n: 3 }]);
    const bad = await fetch(`${t.baseUrl}/api/v1/reports/monthly?month=2026-13`, {
      headers: { cookie: `mayak_session=${supervisor.jar.get('mayak_session')}` },
    });
    expect(bad.status).toBe(400);
    const refused = await fetch(`${t.baseUrl}/api/v1/reports/monthly?month=${month}`, {
      headers: { cookie: `mayak_session=${operator.jar.get('mayak_session')}` },
    });
    expect(refused.status).toBe(403);
  });
});
