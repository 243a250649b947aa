import { consoleIdentity, nextSafeTime, type SafeWindow } from '@mayak/domain';
import Redis from 'ioredis';
import { LocalProvider } from '#api/modules/telephony/provider/local-provider';
import { TelephonyProvider } from '#api/modules/telephony/provider/telephony-provider';
import { startTestApp, type TestApp } from '../support/app';
import { signedIn, type TestClient } from '../support/client';
import { ACCOUNT_SID, HOTLINE, newCallSid, newMessageSid, postWebhook, ringIn } from '../support/twilio-webhooks';

const PUBLIC_URL = 'https://hotline.example.org';

describe('telephony: calls and texts through signed webhooks', () => {
  let t: TestApp;
  let redis: Redis;
  let provider: LocalProvider;
  let operator: TestClient;
  let caseWorker: TestClient;
  let supervisor: TestClient;
  const ids: Record<string, string> = {};

  const hook = (path: string, params: Record<string, string>, options = {}) => postWebhook(t.baseUrl, PUBLIC_URL, path, params, options);
  const count = async (table: string) => Number((await t.db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`))[0].n);
  const callBySid = async (sid: string) =>
    (
      await t.db.query<{
        id: string;
        state: string;
        outcome: string | null;
        contact_id: string;
        operator_id: string | null;
        language: string | null;
        provider_status: string | null;
        duration_seconds: number | null;
      }>(`SELECT * FROM telephony_calls WHERE call_sid = $1`, [sid])
    )[0];
  const eventsOf = async (email: string) => {
    const entries = (await redis.xrange(`${t.redisKeyPrefix}:events:user:${ids[email]}`, '-', '+')) as [string, string[]][];
    return entries.map(([, fields]) => ({ type: fields[1], data: JSON.parse(fields[3]) as Record<string, unknown> }));
  };

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_URL, COOKIE_SECURE: 'false', MISSED_CALL_CALLBACK_DELAY_MINUTES: '5' });
    redis = new Redis(t.env.REDIS_URL);
    provider = t.app.get(TelephonyProvider) as LocalProvider;
    for (const row of await t.db.query<{ id: string; email: string }>(`SELECT id, email FROM users`)) ids[row.email] = row.id;
    operator = await signedIn(t.baseUrl, 'operator.almaty@mayak.test');
    caseWorker = await signedIn(t.baseUrl, 'caseworker.almaty@mayak.test');
    supervisor = await signedIn(t.baseUrl, 'supervisor.almaty@mayak.test');
    for (const client of [operator, caseWorker, supervisor])
      expect((await client.api.PUT('/api/v1/telephony/presence', { body: { status: 'available' } })).response.status).toBe(200);
  });
  afterAll(async () => {
    redis.disconnect();
    await t.close();
  });

  it('uses the local adapter when no Twilio account is configured', () => {
    expect(provider).toBeInstanceOf(LocalProvider);
  });

  describe('signatures', () => {
    const params = () => ({ CallSid: newCallSid(), AccountSid: ACCOUNT_SID, From: '+77011110001', To: HOTLINE, CallStatus: 'ringing' });

    it.each([
      ['missing', { signature: null }],
      ['garbage', { signature: 'bm90IGEgc2lnbmF0dXJl' }],
      ['made with another token', { token: 'someone-elses-token' }],
      ['made for the API’s own address instead of PUBLIC_URL', { signedUrl: 'http://127.0.0.1:3000/api/v1/telephony/twilio/voice' }],
    ])('refuses a %s signature with 403 problem+json and writes nothing', async (_label, options) => {
      const before = [await count('telephony_calls'), await count('contacts'), await count('audit_log')];
      const response = await hook('/voice', params(), options);
      expect(response.status).toBe(403);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect([await count('telephony_calls'), await count('contacts'), await count('audit_log')]).toEqual(before);
    });

    it('refuses a signed request whose form was changed on the way', async () => {
      const signedFor = params();
      const { getExpectedTwilioSignature } = await import('twilio');
      const signature = getExpectedTwilioSignature('mayak-local-telephony-token', `${PUBLIC_URL}/api/v1/telephony/twilio/voice`, signedFor);
      const response = await hook('/voice', { ...signedFor, From: '+77019999999' }, { signature });
      expect(response.status).toBe(403);
    });

    it('answers a correctly signed call with the language menu in TwiML', async () => {
      const response = await hook('/voice', params());
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/xml');
      const twiml = await response.text();
      expect(twiml).toContain('<Gather');
      expect(twiml).toContain(`action="${PUBLIC_URL}/api/v1/telephony/twilio/voice/language"`);
      for (const text of ['нажмите 1', '2-ні басыңыз', 'press 3']) expect(twiml).toContain(text);
    });
  });

  it('refuses a call dialled from a browser through the TwiML App, whatever number it names', async () => {
    const twiml = await (await hook('/voice/outbound', { CallSid: newCallSid(), AccountSid: ACCOUNT_SID, From: 'client:op_x', To: '+77011234567' })).text();
    expect(twiml).toContain('<Reject');
    expect(twiml).not.toContain('<Dial');
    expect((await hook('/voice/outbound', { To: '+77011234567' }, { signature: null })).status).toBe(403);
  });

  it('refuses a signed request without a provider id with 400, writing nothing', async () => {
    const before = [await count('telephony_calls'), await count('contacts'), await count('conversation_messages')];
    const call = await hook('/voice', { AccountSid: ACCOUNT_SID, From: '+77011110009', To: HOTLINE, CallStatus: 'ringing' });
    expect(call.status).toBe(400);
    expect(call.headers.get('content-type')).toContain('application/problem+json');
    expect((await hook('/sms', { AccountSid: ACCOUNT_SID, From: '+77011110009', To: HOTLINE, Body: 'x' })).status).toBe(400);
    expect((await hook('/voice/language', { CallSid: 'nonsense', Digits: '1' })).status).toBe(400);
    expect([await count('telephony_calls'), await count('contacts'), await count('conversation_messages')]).toEqual(before);
  });

  it('creates one call and one contact however often and however concurrently Twilio retries', async () => {
    const sid = newCallSid();
    const body = { CallSid: sid, AccountSid: ACCOUNT_SID, From: '+77011110002', To: HOTLINE, CallStatus: 'ringing' };
    const responses = await Promise.all(Array.from({ length: 5 }, () => hook('/voice', body)));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM telephony_calls WHERE call_sid = $1`, [sid])).toEqual([{ n: 1 }]);
    const call = await callBySid(sid);
    const contacts = await t.db.query<{ phone_encrypted: string; operator_id: string | null; channel: string; status: string }>(
      `SELECT * FROM contacts WHERE id = $1`,
      [call.contact_id],
    );
    expect(contacts).toHaveLength(1);
    expect(contacts[0]).toMatchObject({ operator_id: null, channel: 'voice', status: 'in_progress' });
    expect(contacts[0].phone_encrypted).not.toContain('7011110002');
    expect(await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'telephony.call_received' AND entity_id = $1`, [call.id])).toEqual([
      { n: 1 },
    ]);
  });

  it('rings the office, shows the repeat caller, lets exactly one of two operators answer, and hands the contact over', async () => {
    // An earlier contact from this number, logged by the same operator.
    const earlier = await operator.api.POST('/api/v1/contacts', {
      body: { channel: 'voice', phone: '8 701 111 0003', notes: 'Earlier call about a passport' },
    });
    expect(earlier.response.status).toBe(201);

    const sid = await ringIn(t.baseUrl, PUBLIC_URL, '+77011110003', '2');
    const call = await callBySid(sid);
    expect(call).toMatchObject({ state: 'queued', language: 'kk' });
    expect((await t.db.query(`SELECT language FROM contacts WHERE id = $1`, [call.contact_id]))[0]).toEqual({ language: 'kk' });
    for (const email of ['operator.almaty@mayak.test', 'caseworker.almaty@mayak.test', 'supervisor.almaty@mayak.test']) {
      expect((await eventsOf(email)).some((e) => e.type === 'call.ringing' && e.data.callId === call.id)).toBe(true);
    }
    // Astana's staff are not rung and cannot see or take it.
    const astana = await signedIn(t.baseUrl, 'operator.astana@mayak.test');
    expect((await astana.api.GET('/api/v1/telephony/calls')).data!.some((c) => c.id === call.id)).toBe(false);
    expect((await astana.api.POST('/api/v1/telephony/calls/{id}/answer', { params: { path: { id: call.id } } })).response.status).toBe(404);
    expect((await astana.api.GET('/api/v1/telephony/calls/{id}/caller', { params: { path: { id: call.id } } })).response.status).toBe(404);

    const live = (await operator.api.GET('/api/v1/telephony/calls')).data!;
    const ringing = live.find((c) => c.id === call.id)!;
    expect(ringing).toMatchObject({ state: 'queued', operator: null, language: 'kk' });
    expect(ringing.phone).not.toContain('111 00 03'); // operators see numbers masked by default
    const history = (await operator.api.GET('/api/v1/telephony/calls/{id}/caller', { params: { path: { id: call.id } } })).data!;
    expect(history.contacts.map((k) => k.id)).toContain(earlier.data!.id);

    const [first, second] = await Promise.all([
      operator.api.POST('/api/v1/telephony/calls/{id}/answer', { params: { path: { id: call.id } } }),
      caseWorker.api.POST('/api/v1/telephony/calls/{id}/answer', { params: { path: { id: call.id } } }),
    ]);
    const statuses = [first.response.status, second.response.status].sort();
    expect(statuses).toEqual([201, 409]);
    const loser = first.response.status === 409 ? first : second;
    expect(loser.error).toMatchObject({ code: 'call_taken' });
    const winner = first.response.status === 201 ? operator : caseWorker;
    const winnerEmail = winner === operator ? 'operator.almaty@mayak.test' : 'caseworker.almaty@mayak.test';
    const taken = await callBySid(sid);
    expect(taken).toMatchObject({ state: 'in_progress', operator_id: ids[winnerEmail] });
    // The provider was told to put the caller through to the winner's console.
    const update = provider.operations().filter((op) => op.kind === 'updateCall' && op.callSid === sid);
    expect(update).toHaveLength(1);
    expect(update[0].kind === 'updateCall' && update[0].twiml).toContain(`<Identity>${consoleIdentity(ids[winnerEmail])}</Identity>`);
    expect(
      (await eventsOf('supervisor.almaty@mayak.test')).some(
        (e) => e.type === 'call.taken' && e.data.callId === call.id && e.data.operatorId === ids[winnerEmail],
      ),
    ).toBe(true);

    // The contact is the winner's to write: a draft typed during the call.
    const contact = await winner.api.GET('/api/v1/contacts/{id}', { params: { path: { id: call.contact_id } } });
    expect(contact.data!.operator?.id).toBe(ids[winnerEmail]);
    const typed = await winner.api.PATCH('/api/v1/contacts/{id}', {
      params: { path: { id: call.contact_id } },
      body: { version: contact.data!.version, notes: 'Passport held by the employer in Aktau', category: 'labour_exploitation' },
    });
    expect(typed.response.status).toBe(200);

    // Cold transfer to the supervisor: the contact and what was typed follow the call.
    const transfer = await winner.api.POST('/api/v1/telephony/calls/{id}/transfer', {
      params: { path: { id: call.id } },
      body: { toUserId: ids['supervisor.almaty@mayak.test'], mode: 'cold' },
    });
    expect(transfer.response.status).toBe(201);
    expect(transfer.data!.operator?.id).toBe(ids['supervisor.almaty@mayak.test']);
    const handed = await supervisor.api.GET('/api/v1/contacts/{id}', { params: { path: { id: call.contact_id } } });
    expect(handed.data).toMatchObject({ notes: 'Passport held by the employer in Aktau', category: 'labour_exploitation' });
    expect(handed.data!.operator?.id).toBe(ids['supervisor.almaty@mayak.test']);
    for (const email of [winnerEmail, 'supervisor.almaty@mayak.test']) {
      expect((await eventsOf(email)).some((e) => e.type === 'call.transfer' && e.data.callId === call.id && e.data.step === 'completed')).toBe(true);
    }
    // Saying "available" mid-call does not make the supervisor ringable.
    expect((await supervisor.api.PUT('/api/v1/telephony/presence', { body: { status: 'available' } })).data).toMatchObject({ status: 'busy' });
    const presence = await t.db.query<{ user_id: string; status: string }>(
      `SELECT user_id, status FROM operator_presence WHERE user_id = ANY($1) ORDER BY status`,
      [[ids[winnerEmail], ids['supervisor.almaty@mayak.test']]],
    );
    expect(Object.fromEntries(presence.map((p) => [p.user_id, p.status]))).toEqual({
      [ids[winnerEmail]]: 'available',
      [ids['supervisor.almaty@mayak.test']]: 'busy',
    });
    // The operator who handed it over cannot write it any more.
    const stale = await winner.api.PATCH('/api/v1/contacts/{id}', {
      params: { path: { id: call.contact_id } },
      body: { version: handed.data!.version, notes: 'late edit' },
    });
    expect([403, 404]).toContain(stale.response.status);

    // The caller hangs up: the call is completed with its duration, the contact stays open for the notes.
    expect((await hook('/voice/status', { CallSid: sid, AccountSid: ACCOUNT_SID, CallStatus: 'completed', CallDuration: '184' })).status).toBe(204);
    expect((await hook('/voice/status', { CallSid: sid, AccountSid: ACCOUNT_SID, CallStatus: 'completed', CallDuration: '184' })).status).toBe(204);
    const ended = (await t.db.query(`SELECT state, outcome, duration_seconds FROM telephony_calls WHERE call_sid = $1`, [sid]))[0];
    expect(ended).toEqual({ state: 'completed', outcome: 'transferred', duration_seconds: 184 });
    const after = await supervisor.api.GET('/api/v1/contacts/{id}', { params: { path: { id: call.contact_id } } });
    expect(after.data).toMatchObject({ status: 'in_progress', call: { id: call.id, state: 'completed', outcome: 'transferred', durationSeconds: 184 } });
    expect(after.data!.call!.waitSeconds).toBeGreaterThanOrEqual(0);
    expect(after.data!.endedAt).not.toBeNull();
    expect(await t.db.query(`SELECT count(*)::int AS n FROM callbacks WHERE contact_id = $1`, [call.contact_id])).toEqual([{ n: 0 }]);
    // Wrap-up time after the caller hung up is not call time: completing keeps the call's end.
    const done = await supervisor.api.POST('/api/v1/contacts/{id}/complete', {
      params: { path: { id: call.contact_id } },
      body: { version: after.data!.version },
    });
    expect(done.response.status).toBe(200);
    expect(done.data).toMatchObject({ status: 'completed', endedAt: after.data!.endedAt });
  });

  it('holds a warm transfer until the operator completes or cancels it', async () => {
    const sid = await ringIn(t.baseUrl, PUBLIC_URL, '+77011110004', '1');
    const call = await callBySid(sid);
    expect((await operator.api.POST('/api/v1/telephony/calls/{id}/answer', { params: { path: { id: call.id } } })).response.status).toBe(201);
    const warm = await operator.api.POST('/api/v1/telephony/calls/{id}/transfer', {
      params: { path: { id: call.id } },
      body: { toUserId: ids['caseworker.almaty@mayak.test'], mode: 'warm' },
    });
    expect(warm.data).toMatchObject({ state: 'on_hold', transferMode: 'warm' });
    expect(warm.data!.transferTo?.id).toBe(ids['caseworker.almaty@mayak.test']);
    const consult = provider
      .operations()
      .filter((op) => op.kind === 'createCall')
      .at(-1)!;
    expect(consult.kind === 'createCall' && consult.to).toEqual(
      expect.stringContaining(`client:${consoleIdentity(ids['caseworker.almaty@mayak.test'])}?mayakRingFor=`),
    );
    expect(consult.kind === 'createCall' && consult.from).toBe(HOTLINE);
    expect(
      (await eventsOf('caseworker.almaty@mayak.test')).some((e) => e.type === 'call.transfer' && e.data.step === 'offered' && e.data.callId === call.id),
    ).toBe(true);
    // Cancelled: the caller comes back to the operator.
    const cancelled = await operator.api.POST('/api/v1/telephony/calls/{id}/transfer/cancel', { params: { path: { id: call.id } } });
    expect(cancelled.data).toMatchObject({ state: 'in_progress', transferTo: null });
    expect(cancelled.data!.operator?.id).toBe(ids['operator.almaty@mayak.test']);
    // Offered again and completed: the case worker has it.
    await operator.api.POST('/api/v1/telephony/calls/{id}/transfer', {
      params: { path: { id: call.id } },
      body: { toUserId: ids['caseworker.almaty@mayak.test'], mode: 'warm' },
    });
    const completed = await operator.api.POST('/api/v1/telephony/calls/{id}/transfer/complete', { params: { path: { id: call.id } } });
    expect(completed.data!.operator?.id).toBe(ids['caseworker.almaty@mayak.test']);
    expect((await t.db.query(`SELECT operator_id FROM contacts WHERE id = $1`, [call.contact_id]))[0]).toEqual({
      operator_id: ids['caseworker.almaty@mayak.test'],
    });
    // Only colleagues of the office can receive a call.
    const bad = await caseWorker.api.POST('/api/v1/telephony/calls/{id}/transfer', {
      params: { path: { id: call.id } },
      body: { toUserId: ids['operator.astana@mayak.test'], mode: 'cold' },
    });
    expect(bad.response.status).toBe(400);
  });

  it('turns a caller who hung up in the queue into one callback owed, whatever arrives twice', async () => {
    const sid = await ringIn(t.baseUrl, PUBLIC_URL, '+77011110005', '3');
    const call = await callBySid(sid);
    for (let i = 0; i < 2; i++) {
      const left = await hook('/voice/queue-result', { CallSid: sid, AccountSid: ACCOUNT_SID, QueueResult: 'hangup', QueueTime: '42' });
      expect(left.status).toBe(200);
      expect((await hook('/voice/status', { CallSid: sid, AccountSid: ACCOUNT_SID, CallStatus: 'completed', CallDuration: '50' })).status).toBe(204);
    }
    expect(await callBySid(sid)).toMatchObject({ state: 'abandoned', outcome: 'abandoned', provider_status: 'completed', duration_seconds: 50 });
    const contact = (await t.db.query<{ status: string; ended_at: Date | null }>(`SELECT status, ended_at FROM contacts WHERE id = $1`, [call.contact_id]))[0];
    expect(contact.status).toBe('completed');
    expect(contact.ended_at).not.toBeNull();
    const owed = await t.db.query<{ reason: string; status: string; phone_hash: string; due_at: Date }>(`SELECT * FROM callbacks WHERE source_call_id = $1`, [
      call.id,
    ]);
    expect(owed).toHaveLength(1);
    expect(owed[0]).toMatchObject({ reason: 'abandoned_call', status: 'scheduled' });
    expect(owed[0].due_at.getTime()).toBeGreaterThan(t.clock.nowMs() + 4 * 60_000);
    const list = await operator.api.GET('/api/v1/callbacks', { params: { query: { view: 'open' } } });
    expect(list.data!.items.some((c) => c.contactId === call.contact_id && c.reason === 'abandoned_call')).toBe(true);
    expect((await eventsOf('supervisor.almaty@mayak.test')).some((e) => e.type === 'call.ended' && e.data.callId === call.id)).toBe(true);
  });

  it('owes no callback to a number that asked never to be called back, or to a withheld number', async () => {
    expect(
      (
        await caseWorker.api.POST('/api/v1/people/caller-flags', {
          body: { phone: '+77011110006', kind: 'do_not_call_back', reason: 'Husband checks her phone' },
        })
      ).response.status,
    ).toBe(201);
    const flagged = await ringIn(t.baseUrl, PUBLIC_URL, '+77011110006', '1');
    await hook('/voice/queue-result', { CallSid: flagged, AccountSid: ACCOUNT_SID, QueueResult: 'leave', QueueTime: '300' });
    const flaggedCall = await callBySid(flagged);
    expect(flaggedCall).toMatchObject({ state: 'missed' });
    expect(await t.db.query(`SELECT count(*)::int AS n FROM callbacks WHERE source_call_id = $1`, [flaggedCall.id])).toEqual([{ n: 0 }]);

    const withheld = await ringIn(t.baseUrl, PUBLIC_URL, 'anonymous', '1');
    await hook('/voice/status', { CallSid: withheld, AccountSid: ACCOUNT_SID, CallStatus: 'completed', CallDuration: '9' });
    const withheldCall = await callBySid(withheld);
    expect(withheldCall).toMatchObject({ state: 'abandoned' });
    expect((await t.db.query(`SELECT phone_hash FROM contacts WHERE id = $1`, [withheldCall.contact_id]))[0]).toEqual({ phone_hash: null });
    expect(await t.db.query(`SELECT count(*)::int AS n FROM callbacks WHERE source_call_id = $1`, [withheldCall.id])).toEqual([{ n: 0 }]);
  });

  it('owes no callback to a number whose caller said not to be called back', async () => {
    const said = await operator.api.POST('/api/v1/contacts', {
      body: { channel: 'voice', phone: '+77011110020', consentToContactBack: false, notes: 'Do not call: the phone is not hers' },
    });
    expect(said.response.status).toBe(201);
    const sid = await ringIn(t.baseUrl, PUBLIC_URL, '+77011110020', '1');
    await hook('/voice/queue-result', { CallSid: sid, AccountSid: ACCOUNT_SID, QueueResult: 'leave', QueueTime: '300' });
    const call = await callBySid(sid);
    expect(call).toMatchObject({ state: 'missed' });
    expect(await t.db.query(`SELECT count(*)::int AS n FROM callbacks WHERE source_call_id = $1`, [call.id])).toEqual([{ n: 0 }]);
  });

  it('keeps a missed call’s callback to the safe window the caller gave before, across midnight', async () => {
    // A night-shift worker: safe from 22:00 to 02:00 Almaty time, every night.
    const nights = { days: [1, 2, 3, 4, 5, 6, 7], start: '22:00', end: '02:00', timeZone: 'Asia/Almaty' };
    const window: SafeWindow = { days: nights.days, startMinute: 22 * 60, endMinute: 2 * 60, timeZone: nights.timeZone };
    const promisedAt = nextSafeTime(new Date(t.clock.nowMs() + 3_600_000), window)!;
    const promised = await operator.api.POST('/api/v1/callbacks', {
      body: { phone: '+77011110021', consentToContactBack: true, dueAt: promisedAt.toISOString(), safeWindow: nights },
    });
    expect(promised.response.status).toBe(201);
    expect(promised.data!.safeWindow).toEqual(nights);
    await operator.api.POST('/api/v1/callbacks/{id}/cancel', {
      params: { path: { id: promised.data!.id } },
      body: { version: promised.data!.version, reason: 'Reached on another number' },
    });

    const sid = await ringIn(t.baseUrl, PUBLIC_URL, '+77011110021', '1');
    await hook('/voice/queue-result', { CallSid: sid, AccountSid: ACCOUNT_SID, QueueResult: 'leave', QueueTime: '300' });
    const call = await callBySid(sid);
    const [owed] = await t.db.query<{ due_at: Date; safe_start_minute: number; safe_end_minute: number; safe_days: number[]; time_zone: string }>(
      `SELECT due_at, safe_start_minute, safe_end_minute, safe_days, time_zone FROM callbacks WHERE source_call_id = $1`,
      [call.id],
    );
    // Due at the first safe time after the five minutes' delay, and retried only inside the window.
    const expected = nextSafeTime(new Date(t.clock.nowMs() + 5 * 60_000), window)!;
    expect(Math.abs(new Date(owed.due_at).getTime() - expected.getTime())).toBeLessThan(60_000);
    expect(owed).toMatchObject({ safe_start_minute: 1320, safe_end_minute: 120, safe_days: nights.days, time_zone: 'Asia/Almaty' });
  });

  it('offers a callback after the longest wait, and tells the caller to expect one after twice that', async () => {
    const sid = await ringIn(t.baseUrl, PUBLIC_URL, '+77011110007', '1');
    const waiting = await (await hook('/voice/hold?lang=ru', { CallSid: sid, AccountSid: ACCOUNT_SID, QueueTime: '20' })).text();
    expect(waiting).toContain('<Say language="ru-RU">');
    // Past the longest wait the caller may press 1 for a callback; past twice that they leave the queue.
    const offered = await (await hook('/voice/hold?lang=ru', { CallSid: sid, AccountSid: ACCOUNT_SID, QueueTime: '301' })).text();
    expect(offered).toContain(`<Gather numDigits="1" timeout="6" action="${PUBLIC_URL}/api/v1/telephony/twilio/voice/queue-choice?lang=ru" method="POST">`);
    expect(offered).toContain('нажмите 1');
    const over = await (await hook('/voice/hold?lang=ru', { CallSid: sid, AccountSid: ACCOUNT_SID, QueueTime: '600' })).text();
    expect(over).toContain('<Leave/>');
    const told = await (await hook('/voice/queue-result', { CallSid: sid, AccountSid: ACCOUNT_SID, QueueResult: 'leave', QueueTime: '301' })).text();
    expect(told).toContain('перезвоним');
    expect(told).toContain('<Hangup/>');
    expect(await t.db.query(`SELECT reason FROM callbacks WHERE source_call_id = (SELECT id FROM telephony_calls WHERE call_sid = $1)`, [sid])).toEqual([
      { reason: 'missed_call' },
    ]);
  });

  it('puts the caller back in the queue when the operator who answered does not pick up', async () => {
    const sid = await ringIn(t.baseUrl, PUBLIC_URL, '+77011110008', '1');
    const call = await callBySid(sid);
    await operator.api.POST('/api/v1/telephony/calls/{id}/answer', { params: { path: { id: call.id } } });
    const back = await (await hook(`/voice/dial-result?call=${call.id}`, { CallSid: sid, AccountSid: ACCOUNT_SID, DialCallStatus: 'no-answer' })).text();
    expect(back).toContain('<Enqueue');
    expect(await callBySid(sid)).toMatchObject({ state: 'queued', operator_id: null });
    expect((await t.db.query(`SELECT operator_id FROM contacts WHERE id = $1`, [call.contact_id]))[0]).toEqual({ operator_id: null });
  });

  describe('texts', () => {
    const from = '+77011110010';
    const sms = (body: string, sid = newMessageSid()) => ({ MessageSid: sid, AccountSid: ACCOUNT_SID, From: from, To: HOTLINE, Body: body, NumMedia: '0' });

    it('keeps one thread per number, one contact per conversation, and ignores retries', async () => {
      const first = sms('Здравствуйте, у меня забрали паспорт');
      const answers = await Promise.all([hook('/sms', first), hook('/sms', first), hook('/sms', first)]);
      expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
      expect(await answers[0].text()).toContain('<Response/>');
      await hook('/sms', sms('Я в Шымкенте'));
      const threads = (await operator.api.GET('/api/v1/conversations')).data!.items;
      expect(threads).toHaveLength(1);
      expect(threads[0]).toMatchObject({ unanswered: 2, lastDirection: 'inbound' });
      const messages = (await operator.api.GET('/api/v1/conversations/{id}/messages', { params: { path: { id: threads[0].id } } })).data!.items;
      expect(messages.map((m) => m.body)).toEqual(['Я в Шымкенте', 'Здравствуйте, у меня забрали паспорт']);
      expect(new Set(messages.map((m) => m.contactId)).size).toBe(1);
      const raw = await t.db.query<{ body_encrypted: string }>(`SELECT body_encrypted FROM conversation_messages`);
      expect(JSON.stringify(raw)).not.toContain('паспорт');
      expect((await eventsOf('operator.almaty@mayak.test')).some((e) => e.type === 'message.received' && e.data.conversationId === threads[0].id)).toBe(true);
      ids.thread = threads[0].id;
    });

    it('sends a reply through the provider, logs it, and follows its delivery reports in order', async () => {
      const reply = await operator.api.POST('/api/v1/conversations/{id}/messages', {
        params: { path: { id: ids.thread } },
        body: { body: 'Вы в безопасности сейчас? Можем перезвонить?' },
      });
      expect(reply.response.status).toBe(201);
      expect(reply.data).toMatchObject({ direction: 'outbound', status: 'queued' });
      const sent = provider
        .operations()
        .filter((op) => op.kind === 'sendMessage')
        .at(-1)!;
      expect(sent.kind === 'sendMessage' && { to: sent.to, from: sent.from }).toEqual({ to: from, from: HOTLINE });
      const sid = (
        await t.db.query<{ provider_message_id: string }>(`SELECT provider_message_id FROM conversation_messages WHERE id = $1`, [reply.data!.id])
      )[0].provider_message_id;
      await hook(`/sms/status?message=${reply.data!.id}`, { MessageSid: sid, AccountSid: ACCOUNT_SID, MessageStatus: 'delivered' });
      await hook(`/sms/status?message=${reply.data!.id}`, { MessageSid: sid, AccountSid: ACCOUNT_SID, MessageStatus: 'sent' }); // late, out of order
      expect((await t.db.query(`SELECT status FROM conversation_messages WHERE id = $1`, [reply.data!.id]))[0]).toEqual({ status: 'delivered' });
      const thread = (await operator.api.GET('/api/v1/conversations/{id}', { params: { path: { id: ids.thread } } })).data!;
      expect(thread).toMatchObject({ unanswered: 0, lastDirection: 'outbound' });
      // Whoever answered owns the conversation's contact.
      expect((await t.db.query(`SELECT operator_id FROM contacts WHERE id = $1`, [thread.contactId]))[0]).toEqual({
        operator_id: ids['operator.almaty@mayak.test'],
      });
    });

    it('keeps other offices out of the thread', async () => {
      const astana = await signedIn(t.baseUrl, 'supervisor.astana@mayak.test');
      expect((await astana.api.GET('/api/v1/conversations')).data!.items).toHaveLength(0);
      expect((await astana.api.GET('/api/v1/conversations/{id}/messages', { params: { path: { id: ids.thread } } })).response.status).toBe(404);
      expect(
        (await astana.api.POST('/api/v1/conversations/{id}/messages', { params: { path: { id: ids.thread } }, body: { body: 'x' } })).response.status,
      ).toBe(404);
    });

    it('refuses empty replies and replies to a do-not-contact number, sending nothing', async () => {
      const before = provider.operations().length;
      expect(
        (await operator.api.POST('/api/v1/conversations/{id}/messages', { params: { path: { id: ids.thread } }, body: { body: '   ' } })).response.status,
      ).toBe(400);
      await caseWorker.api.POST('/api/v1/people/caller-flags', { body: { phone: from, kind: 'do_not_call_back', reason: 'Asked us to stop writing' } });
      const refused = await operator.api.POST('/api/v1/conversations/{id}/messages', { params: { path: { id: ids.thread } }, body: { body: 'Hello?' } });
      expect(refused.response.status).toBe(422);
      expect(refused.error).toMatchObject({ code: 'do_not_call_back' });
      expect(provider.operations().length).toBe(before);
    });
  });

  it('lets only telephony staff use the telephony routes', async () => {
    const admin = await signedIn(t.baseUrl, 'admin.almaty@mayak.test');
    expect((await admin.api.GET('/api/v1/telephony/calls')).response.status).toBe(403);
    expect((await admin.api.PUT('/api/v1/telephony/presence', { body: { status: 'available' } })).response.status).toBe(403);
    const partner = await signedIn(t.baseUrl, 'partner.almaty@mayak.test');
    expect((await partner.api.GET('/api/v1/conversations')).response.status).toBe(403);
    expect(
      (await operator.api.PUT('/api/v1/telephony/presence', { body: { status: 'available', ringTarget: { kind: 'sip', address: 'not a sip uri' } } })).response
        .status,
    ).toBe(400);
    const phone = await operator.api.PUT('/api/v1/telephony/presence', {
      body: { status: 'available', ringTarget: { kind: 'phone', address: '8 701 555 12 34' } },
    });
    expect(phone.data).toMatchObject({ status: 'available', ringTarget: { kind: 'phone', address: '+77015551234' } });
    expect(JSON.stringify(await t.db.query(`SELECT * FROM operator_presence`))).not.toContain('5551234');
  });

  it('stops offering calls to someone who signed out', async () => {
    const leaving = await signedIn(t.baseUrl, 'caseworker.astana@mayak.test');
    await leaving.api.PUT('/api/v1/telephony/presence', { body: { status: 'available' } });
    expect((await leaving.api.POST('/api/v1/auth/logout')).response.status).toBe(204);
    expect(await t.db.query(`SELECT status FROM operator_presence WHERE user_id = $1`, [ids['caseworker.astana@mayak.test']])).toEqual([{ status: 'away' }]);
  });
});
