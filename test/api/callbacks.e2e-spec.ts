import { consoleIdentity, nextSafeTime } from '@mayak/domain';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import Redis from 'ioredis';
import { LocalProvider } from '#api/modules/telephony/provider/local-provider';
import { TelephonyProvider } from '#api/modules/telephony/provider/telephony-provider';
import { startTestApp, type TestApp } from '../support/app';
import { signedIn, type TestClient } from '../support/client';
import { ACCOUNT_SID, HOTLINE, postWebhook } from '../support/twilio-webhooks';
import { deleteKeysWithPrefix, waitFor } from '../support/waiting';

const WORKER = join(__dirname, '../../dist/apps/api/worker.js');
const PUBLIC_URL = 'https://hotline.example.org';

describe('callbacks: scheduled in Postgres, fired by the worker, placed operator-first', () => {
  let t: TestApp;
  let worker: ChildProcess;
  let output = '';
  let redis: Redis;
  let provider: LocalProvider;
  let operator: TestClient;
  let caseWorker: TestClient;
  let supervisor: TestClient;
  const ids: Record<string, string> = {};
  const inSeconds = (s: number) => new Date(t.clock.nowMs() + s * 1000).toISOString();
  const everyDay = { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' };

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_URL, COOKIE_SECURE: 'false', CALLBACK_RECONCILE_INTERVAL_SECONDS: '1', CALLBACK_MAX_ATTEMPTS: '3' });
    worker = spawn('node', [WORKER], { env: { ...process.env, ...t.env, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
    worker.stdout!.on('data', (d) => (output += d));
    worker.stderr!.on('data', (d) => (output += d));
    redis = new Redis(t.env.REDIS_URL);
    provider = t.app.get(TelephonyProvider) as LocalProvider;
    for (const row of await t.db.query<{ id: string; email: string }>(`SELECT id, email FROM users`)) ids[row.email] = row.id;
    operator = await signedIn(t.baseUrl, 'operator.almaty@mayak.test');
    caseWorker = await signedIn(t.baseUrl, 'caseworker.almaty@mayak.test');
    supervisor = await signedIn(t.baseUrl, 'supervisor.almaty@mayak.test');
    const contact = await operator.api.POST('/api/v1/contacts', {
      body: { channel: 'voice', phone: '+77012220001', notes: 'Asked to be called back after work' },
    });
    ids.contact = contact.data!.id;
    const opened = await operator.api.POST('/api/v1/contacts/{id}/open-case', {
      params: { path: { id: ids.contact } },
      body: { version: contact.data!.version, type: 'labour_exploitation' },
    });
    expect(opened.response.status).toBe(201);
    ids.case = (await t.db.query<{ case_id: string }>(`SELECT case_id FROM contacts WHERE id = $1`, [ids.contact]))[0].case_id;
  });
  afterAll(async () => {
    if (worker.exitCode === null) worker.kill('SIGKILL');
    redis.disconnect();
    await t.close();
  });

  describe('scheduling', () => {
    it('refuses a time outside the safe window, an unusable window and a missing number, writing nothing', async () => {
      const before = await t.db.query(`SELECT count(*)::int AS n FROM callbacks`);
      const monday = { days: [1], start: '09:00', end: '10:00', timeZone: 'Asia/Almaty' };
      // A Tuesday noon in Almaty is outside a Monday-morning window.
      const outside = await operator.api.POST('/api/v1/callbacks', {
        body: { consentToContactBack: true, contactId: ids.contact, dueAt: '2030-01-08T07:00:00Z', safeWindow: monday },
      });
      expect(outside.response.status).toBe(422);
      expect(outside.error).toMatchObject({ code: 'outside_safe_window' });
      const empty = await operator.api.POST('/api/v1/callbacks', {
        body: { consentToContactBack: true, contactId: ids.contact, dueAt: inSeconds(60), safeWindow: { days: [1], start: '09:00', end: '09:00' } },
      });
      expect(empty.response.status).toBe(400);
      expect(empty.error).toMatchObject({ errors: [{ field: 'safeWindow.end', code: 'empty_window' }] });
      const badZone = await operator.api.POST('/api/v1/callbacks', {
        body: { consentToContactBack: true, contactId: ids.contact, dueAt: inSeconds(60), safeWindow: { ...everyDay, timeZone: 'Mars/Olympus' } },
      });
      expect(badZone.response.status).toBe(400);
      const noNumber = await operator.api.POST('/api/v1/callbacks', { body: { consentToContactBack: true, dueAt: inSeconds(60) } });
      expect(noNumber.response.status).toBe(400);
      const past = await operator.api.POST('/api/v1/callbacks', {
        body: { consentToContactBack: true, contactId: ids.contact, dueAt: '2020-01-01T00:00:00Z' },
      });
      expect(past.response.status).toBe(400);
      const strangerAssignee = await operator.api.POST('/api/v1/callbacks', {
        body: { consentToContactBack: true, contactId: ids.contact, dueAt: inSeconds(60), assigneeId: ids['operator.astana@mayak.test'] },
      });
      expect(strangerAssignee.response.status).toBe(400);
      expect(await t.db.query(`SELECT count(*)::int AS n FROM callbacks`)).toEqual(before);
    });

    it('keeps other offices out: their case cannot be used and their callbacks cannot be seen', async () => {
      const astana = await signedIn(t.baseUrl, 'operator.astana@mayak.test');
      const foreign = await astana.api.POST('/api/v1/callbacks', { body: { consentToContactBack: true, caseId: ids.case, dueAt: inSeconds(60) } });
      expect(foreign.response.status).toBe(400);
      const mine = await operator.api.POST('/api/v1/callbacks', { body: { consentToContactBack: true, contactId: ids.contact, dueAt: inSeconds(3600) } });
      expect(mine.response.status).toBe(201);
      expect((await astana.api.GET('/api/v1/callbacks/{id}', { params: { path: { id: mine.data!.id } } })).response.status).toBe(404);
      expect(
        (await astana.api.POST('/api/v1/callbacks/{id}/place', { params: { path: { id: mine.data!.id } }, body: { version: mine.data!.version } })).response
          .status,
      ).toBe(404);
      expect((await astana.api.GET('/api/v1/callbacks', { params: { query: { view: 'open' } } })).data!.items).toHaveLength(0);
      await operator.api.POST('/api/v1/callbacks/{id}/cancel', {
        params: { path: { id: mine.data!.id } },
        body: { version: mine.data!.version, reason: 'Scheduled by mistake' },
      });
    });

    it('calls back only with consent: a "no" on the contact, a withdrawn case consent or no answer at all are refused with their own code', async () => {
      const before = await t.db.query(`SELECT count(*)::int AS n FROM callbacks`);
      // Nobody asked: the number alone, and a contact that does not say.
      const notAsked = await operator.api.POST('/api/v1/callbacks', { body: { phone: '+77012220050', dueAt: inSeconds(600) } });
      expect(notAsked.response.status).toBe(422);
      expect(notAsked.response.headers.get('content-type')).toContain('application/problem+json');
      expect(notAsked.error).toMatchObject({
        code: 'contact_back_consent_required',
        errors: [{ field: 'consentToContactBack', code: 'contact_back_not_asked' }],
      });
      expect((await operator.api.POST('/api/v1/callbacks', { body: { contactId: ids.contact, dueAt: inSeconds(600) } })).error).toMatchObject({
        code: 'contact_back_consent_required',
      });
      // The caller said no on the contact: a "yes" typed now does not outweigh it.
      const saidNo = await operator.api.POST('/api/v1/contacts', { body: { channel: 'voice', phone: '+77012220051', consentToContactBack: false } });
      const refused = await operator.api.POST('/api/v1/callbacks', { body: { contactId: saidNo.data!.id, consentToContactBack: true, dueAt: inSeconds(600) } });
      expect(refused.response.status).toBe(422);
      expect(refused.error).toMatchObject({ code: 'contact_back_consent_required', errors: [{ code: 'contact_back_refused' }] });
      // "No" stated now refuses too.
      expect(
        (await operator.api.POST('/api/v1/callbacks', { body: { phone: '+77012220052', consentToContactBack: false, dueAt: inSeconds(600) } })).response.status,
      ).toBe(422);
      expect(await t.db.query(`SELECT count(*)::int AS n FROM callbacks`)).toEqual(before);

      // A standing consent on the case is enough; once withdrawn, nothing is scheduled and nothing already scheduled is placed.
      const given = await supervisor.api.POST('/api/v1/cases/{id}/consents', {
        params: { path: { id: ids.case } },
        body: { purpose: 'contact_back', channel: 'verbal_on_call' },
      });
      expect(given.response.status).toBe(200);
      const byCase = await operator.api.POST('/api/v1/callbacks', { body: { caseId: ids.case, dueAt: inSeconds(3600) } });
      expect(byCase.response.status).toBe(201);
      const consent = given.data!.consents.find((c) => c.purpose === 'contact_back' && !c.withdrawnAt)!;
      expect(
        (await supervisor.api.POST('/api/v1/cases/{id}/consents/{consentId}/withdraw', { params: { path: { id: ids.case, consentId: consent.id } } })).response
          .status,
      ).toBe(200);
      const callsBefore = provider.operations().filter((op) => op.kind === 'createCall').length;
      const afterWithdrawal = await operator.api.POST('/api/v1/callbacks', { body: { caseId: ids.case, dueAt: inSeconds(3600) } });
      expect(afterWithdrawal.error).toMatchObject({ code: 'contact_back_consent_required', errors: [{ code: 'contact_back_refused' }] });
      const placed = await operator.api.POST('/api/v1/callbacks/{id}/place', {
        params: { path: { id: byCase.data!.id } },
        body: { version: byCase.data!.version },
      });
      expect(placed.response.status).toBe(422);
      expect(placed.error).toMatchObject({ code: 'contact_back_consent_required' });
      expect(provider.operations().filter((op) => op.kind === 'createCall')).toHaveLength(callsBefore);
      await operator.api.POST('/api/v1/callbacks/{id}/cancel', {
        params: { path: { id: byCase.data!.id } },
        body: { version: byCase.data!.version, reason: 'Consent withdrawn' },
      });
      // Recorded again, it stands again.
      expect(
        (
          await supervisor.api.POST('/api/v1/cases/{id}/consents', {
            params: { path: { id: ids.case } },
            body: { purpose: 'contact_back', channel: 'in_person' },
          })
        ).response.status,
      ).toBe(200);
    });

    it('accepts a safe window across midnight and keeps to it', async () => {
      const nights = { days: [1, 2, 3, 4, 5, 6, 7], start: '22:00', end: '02:00', timeZone: 'Asia/Almaty' };
      const window = { days: nights.days, startMinute: 1320, endMinute: 120, timeZone: nights.timeZone };
      const inside = nextSafeTime(new Date(t.clock.nowMs() + 3_600_000), window)!;
      const scheduled = await operator.api.POST('/api/v1/callbacks', {
        body: { consentToContactBack: true, phone: '+77012220053', dueAt: inside.toISOString(), safeWindow: nights },
      });
      expect(scheduled.response.status).toBe(201);
      expect(scheduled.data!.safeWindow).toEqual(nights);
      // Almaty 12:00 is outside a night window.
      const noonAlmaty = new Date(Date.UTC(2031, 0, 7, 7, 0));
      const noon = await operator.api.POST('/api/v1/callbacks', {
        body: { consentToContactBack: true, phone: '+77012220054', dueAt: noonAlmaty.toISOString(), safeWindow: nights },
      });
      expect(noon.error).toMatchObject({ code: 'outside_safe_window' });
      await operator.api.POST('/api/v1/callbacks/{id}/cancel', {
        params: { path: { id: scheduled.data!.id } },
        body: { version: scheduled.data!.version, reason: 'Test over' },
      });
    });

    it('refuses to schedule a callback to a client who asked never to be called back', async () => {
      await caseWorker.api.POST('/api/v1/people/caller-flags', {
        body: { phone: '+77012220099', kind: 'do_not_call_back', reason: 'Employer monitors the phone' },
      });
      const refused = await operator.api.POST('/api/v1/callbacks', { body: { consentToContactBack: true, phone: '8 701 222 00 99', dueAt: inSeconds(60) } });
      expect(refused.response.status).toBe(422);
      expect(refused.error).toMatchObject({ code: 'do_not_call_back' });
    });
  });

  it('fires a due callback once, on time, and tells the one who should call', async () => {
    const scheduled = await operator.api.POST('/api/v1/callbacks', {
      body: {
        consentToContactBack: true,
        caseId: ids.case,
        dueAt: inSeconds(3),
        safeWindow: everyDay,
        assigneeId: ids['operator.almaty@mayak.test'],
        notes: 'Ask about the contract',
      },
    });
    expect(scheduled.response.status).toBe(201);
    expect(scheduled.data).toMatchObject({
      status: 'scheduled',
      reason: 'scheduled',
      caseReference: expect.stringMatching(/^11616-/),
      attempts: 0,
      maxAttempts: 3,
    });
    const id = scheduled.data!.id;
    const fired = await waitFor(`the callback to fire (worker: ${output.slice(-1500)})`, async () => {
      const { data } = await operator.api.GET('/api/v1/callbacks/{id}', { params: { path: { id } } });
      return data?.status === 'due' ? data : undefined;
    });
    const lateMs = new Date(fired.firedAt!).getTime() - new Date(fired.dueAt).getTime();
    expect(lateMs).toBeGreaterThanOrEqual(-2000);
    expect(lateMs).toBeLessThan(3000);
    const alerts = await t.db.query(`SELECT recipient_id FROM alerts WHERE kind = 'callback_due' AND entity_id = $1`, [id]);
    expect(alerts).toEqual([{ recipient_id: ids['operator.almaty@mayak.test'] }]);
    const due = (await operator.api.GET('/api/v1/callbacks', { params: { query: { view: 'due', assignee: 'me' } } })).data!.items;
    expect(due.map((c) => c.id)).toContain(id);
    const timeline = (await operator.api.GET('/api/v1/cases/{id}/timeline', { params: { path: { id: ids.case } } })).data!.items;
    expect(timeline.some((e) => e.kind === 'callback_scheduled')).toBe(true);
    ids.due = id;
  });

  it('loses no callback when Redis is flushed: every one still fires, exactly once', async () => {
    const created: string[] = [];
    for (let i = 0; i < 12; i++) {
      const { data } = await operator.api.POST('/api/v1/callbacks', {
        body: { consentToContactBack: true, phone: `+7701333${String(i).padStart(4, '0')}`, dueAt: inSeconds(4 + (i % 3)) },
      });
      created.push(data!.id);
    }
    expect(await deleteKeysWithPrefix(redis, t.redisKeyPrefix)).toBeGreaterThan(0);
    await waitFor(
      `all ${created.length} callbacks to fire after the flush (worker: ${output.slice(-1500)})`,
      async () => {
        const rows = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM callbacks WHERE id = ANY($1) AND status = 'due'`, [created]);
        return rows[0].n === created.length ? true : undefined;
      },
      30_000,
    );
    // Give any duplicate delivery a moment to show itself before counting.
    await new Promise((r) => setTimeout(r, 2500));
    const audits = await t.db.query<{ entity_id: string; n: number }>(
      `SELECT entity_id, count(*)::int AS n FROM audit_log WHERE action = 'callbacks.due' AND entity_id = ANY($1) GROUP BY entity_id`,
      [created],
    );
    expect(audits).toHaveLength(created.length);
    expect(audits.every((a) => a.n === 1)).toBe(true);
    const alerts = await t.db.query<{ entity_id: string; n: number }>(
      `SELECT entity_id, count(DISTINCT dedupe_key)::int AS n FROM alerts WHERE kind = 'callback_due' AND entity_id = ANY($1) GROUP BY entity_id`,
      [created],
    );
    expect(alerts.every((a) => a.n === 1)).toBe(true);
  });

  it('rings the operator first and bridges the client from the hotline number; retries in the window, then fails to the supervisor', async () => {
    const id = ids.due;
    let cb = (await operator.api.GET('/api/v1/callbacks/{id}', { params: { path: { id } } })).data!;
    const results = ['no-answer', 'busy', 'no-answer'];
    for (let attempt = 1; attempt <= 3; attempt++) {
      const placed = await operator.api.POST('/api/v1/callbacks/{id}/place', { params: { path: { id } }, body: { version: cb.version } });
      expect(placed.response.status).toBe(201);
      expect(placed.data).toMatchObject({ status: 'in_progress', attempts: attempt });
      const call = provider
        .operations()
        .filter((op) => op.kind === 'createCall')
        .at(-1)!;
      if (call.kind !== 'createCall') throw new Error('no call placed');
      expect(call.to).toBe(`client:${consoleIdentity(ids['operator.almaty@mayak.test'])}?mayakRingFor=${encodeURIComponent(`callback:${cb.id}`)}`);
      expect(call.from).toBe(HOTLINE);
      expect(call.twiml).toContain(`callerId="${HOTLINE}"`);
      expect(call.twiml).toContain('<Number>+77012220001</Number>');
      const result = { CallSid: call.sid, AccountSid: ACCOUNT_SID, DialCallStatus: results[attempt - 1] };
      const path = `/voice/callback-result?callback=${id}&attempt=${attempt}`;
      expect((await postWebhook(t.baseUrl, PUBLIC_URL, path, result)).status).toBe(200);
      expect((await postWebhook(t.baseUrl, PUBLIC_URL, path, result)).status).toBe(200); // retried: changes nothing
      cb = (await operator.api.GET('/api/v1/callbacks/{id}', { params: { path: { id } } })).data!;
      if (attempt < 3) {
        expect(cb).toMatchObject({ status: 'scheduled', attempts: attempt, lastOutcome: attempt === 2 ? 'busy' : 'no_answer' });
        expect(new Date(cb.dueAt).getTime()).toBeGreaterThan(t.clock.nowMs() + 25 * 60_000);
      }
    }
    expect(cb).toMatchObject({ status: 'failed', attempts: 3, closeReason: 'attempts_exhausted' });
    expect(cb.attemptsLog.map((a) => a.outcome)).toEqual(['no_answer', 'busy', 'no_answer']);
    const failed = await t.db.query(`SELECT recipient_id FROM alerts WHERE kind = 'callback_failed' AND entity_id = $1`, [id]);
    expect(failed).toEqual([{ recipient_id: ids['supervisor.almaty@mayak.test'] }]);
    const timeline = (await supervisor.api.GET('/api/v1/cases/{id}/timeline', { params: { path: { id: ids.case } } })).data!.items;
    expect(timeline.filter((e) => e.kind === 'callback_status_changed').length).toBeGreaterThanOrEqual(7);
  });

  it('records outcomes by hand, and refuses moves the status machine does not allow', async () => {
    const { data: cb } = await operator.api.POST('/api/v1/callbacks', { body: { consentToContactBack: true, contactId: ids.contact, dueAt: inSeconds(3600) } });
    const early = await operator.api.POST('/api/v1/callbacks/{id}/outcome', {
      params: { path: { id: cb!.id } },
      body: { version: cb!.version, outcome: 'reached' },
    });
    expect(early.response.status).toBe(409);
    expect(early.error).toMatchObject({ code: 'illegal_transition', allowed: expect.arrayContaining(['in_progress', 'cancelled']) });
    const placed = await operator.api.POST('/api/v1/callbacks/{id}/place', { params: { path: { id: cb!.id } }, body: { version: cb!.version } });
    const stale = await operator.api.POST('/api/v1/callbacks/{id}/outcome', {
      params: { path: { id: cb!.id } },
      body: { version: cb!.version, outcome: 'reached' },
    });
    expect(stale.response.status).toBe(409);
    const reached = await operator.api.POST('/api/v1/callbacks/{id}/outcome', {
      params: { path: { id: cb!.id } },
      body: { version: placed.data!.version, outcome: 'reached', notes: 'Safe, will come to the shelter on Monday' },
    });
    expect(reached.data).toMatchObject({ status: 'completed', lastOutcome: 'reached', allowed: [] });
    const again = await operator.api.POST('/api/v1/callbacks/{id}/cancel', {
      params: { path: { id: cb!.id } },
      body: { version: reached.data!.version, reason: 'Too late' },
    });
    expect(again.response.status).toBe(409);
    const noReason = await operator.api.POST('/api/v1/callbacks', { body: { consentToContactBack: true, contactId: ids.contact, dueAt: inSeconds(3600) } });
    expect(
      (
        await operator.api.POST('/api/v1/callbacks/{id}/cancel', {
          params: { path: { id: noReason.data!.id } },
          body: { version: noReason.data!.version, reason: '' },
        })
      ).response.status,
    ).toBe(400);
  });

  it('reschedules by moving the job: the old time does not fire', async () => {
    const { data: cb } = await operator.api.POST('/api/v1/callbacks', { body: { consentToContactBack: true, contactId: ids.contact, dueAt: inSeconds(2) } });
    const moved = await operator.api.POST('/api/v1/callbacks/{id}/reschedule', {
      params: { path: { id: cb!.id } },
      body: { version: cb!.version, dueAt: inSeconds(3600) },
    });
    expect(moved.data).toMatchObject({ status: 'scheduled' });
    await new Promise((r) => setTimeout(r, 4000));
    expect((await operator.api.GET('/api/v1/callbacks/{id}', { params: { path: { id: cb!.id } } })).data).toMatchObject({ status: 'scheduled', firedAt: null });
  });
});
