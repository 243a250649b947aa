import { startTestApp, type TestApp } from '../support/app';
import { signedIn, type TestClient } from '../support/client';
import { ACCOUNT_SID, postWebhook, ringIn } from '../support/twilio-webhooks';

const PUBLIC_URL = 'https://hotline.example.org';

/**
 * Queue order: callers at risk first, then callers promised a callback, each by the longest
 * wait; callers hear their place; after the longest wait they may press 1 to be called back.
 */
describe('queue order', () => {
  let t: TestApp;
  let operator: TestClient;
  let caseWorker: TestClient;
  const hook = (path: string, params: Record<string, string>) => postWebhook(t.baseUrl, PUBLIC_URL, path, params);
  const callOf = async (sid: string) =>
    (await t.db.query<{ id: string; queue_priority: string }>(`SELECT id, queue_priority FROM telephony_calls WHERE call_sid = $1`, [sid]))[0];

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_URL, COOKIE_SECURE: 'false', TELEPHONY_MAX_QUEUE_SECONDS: '120' });
    operator = await signedIn(t.baseUrl, 'operator.almaty@mayak.test');
    caseWorker = await signedIn(t.baseUrl, 'caseworker.almaty@mayak.test');
  });
  afterAll(async () => t.close());

  it('answers callers at risk first, then those promised a callback, then by the longest wait, and tells each their place', async () => {
    // A number we promised to call back, and a number a case worker flagged as at risk.
    const promised = '+77011113002';
    const atRisk = '+77011113003';
    const scheduled = await caseWorker.api.POST('/api/v1/callbacks', {
      body: {
        consentToContactBack: true,
        phone: promised,
        dueAt: new Date(t.clock.nowMs() + 3_600_000).toISOString(),
        safeWindow: { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' },
      },
    });
    expect(scheduled.response.status).toBe(201);
    const flagged = await caseWorker.api.POST('/api/v1/people/caller-flags', {
      body: { phone: atRisk, kind: 'at_risk', reason: 'Husband checks her phone: speak only about work' },
    });
    expect(flagged.response.status).toBe(201);

    // They call in this order: an ordinary caller first, then the promised one, then the one at risk.
    const ordinary = await callOf(await ringIn(t.baseUrl, PUBLIC_URL, '+77011113001', '1'));
    const callback = await callOf(await ringIn(t.baseUrl, PUBLIC_URL, promised, '1'));
    const urgent = await callOf(await ringIn(t.baseUrl, PUBLIC_URL, atRisk, '1'));
    expect([ordinary.queue_priority, callback.queue_priority, urgent.queue_priority]).toEqual(['normal', 'callback_promised', 'urgent']);

    const live = (await operator.api.GET('/api/v1/telephony/calls')).data!.filter((c) => c.state === 'queued');
    expect(live.map((c) => [c.id, c.queuePriority, c.queuePosition])).toEqual([
      [urgent.id, 'urgent', 1],
      [callback.id, 'callback_promised', 2],
      [ordinary.id, 'normal', 3],
    ]);

    const sidOf = async (id: string) => (await t.db.query<{ call_sid: string }>(`SELECT call_sid FROM telephony_calls WHERE id = $1`, [id]))[0].call_sid;
    const heard = async (id: string, language: string) =>
      (await hook(`/voice/hold?lang=${language}`, { CallSid: await sidOf(id), AccountSid: ACCOUNT_SID, QueueTime: '30' })).text();
    expect(await heard(ordinary.id, 'en')).toContain('You are number 3 in the queue.');
    expect(await heard(urgent.id, 'ru')).toContain('Вы 1-й в очереди.');

    // Once the first is answered, everyone moves up.
    expect((await operator.api.POST('/api/v1/telephony/calls/{id}/answer', { params: { path: { id: urgent.id } } })).response.status).toBe(201);
    expect(await heard(ordinary.id, 'en')).toContain('You are number 2 in the queue.');
    for (const id of [urgent.id, callback.id, ordinary.id])
      await hook('/voice/status', { CallSid: await sidOf(id), AccountSid: ACCOUNT_SID, CallStatus: 'completed' });
  });

  it('after the longest wait, lets a caller press 1 to be called back instead of waiting', async () => {
    const sid = await ringIn(t.baseUrl, PUBLIC_URL, '+77011113010', '3');
    const before = await (await hook('/voice/hold?lang=en', { CallSid: sid, AccountSid: ACCOUNT_SID, QueueTime: '60' })).text();
    expect(before).not.toContain('<Gather');
    const offered = await (await hook('/voice/hold?lang=en', { CallSid: sid, AccountSid: ACCOUNT_SID, QueueTime: '125' })).text();
    expect(offered).toContain('press 1');
    // Another key changes nothing: the caller keeps waiting.
    expect(await (await hook('/voice/queue-choice?lang=en', { CallSid: sid, AccountSid: ACCOUNT_SID, Digits: '5' })).text()).not.toContain('<Leave/>');
    const chose = await (await hook('/voice/queue-choice?lang=en', { CallSid: sid, AccountSid: ACCOUNT_SID, Digits: '1' })).text();
    expect(chose).toContain('<Leave/>');
    const told = await (await hook('/voice/queue-result', { CallSid: sid, AccountSid: ACCOUNT_SID, QueueResult: 'leave', QueueTime: '130' })).text();
    expect(told).toContain('call you back');
    const [owed] = await t.db.query<{ reason: string; status: string }>(
      `SELECT reason, status FROM callbacks WHERE source_call_id = (SELECT id FROM telephony_calls WHERE call_sid = $1)`,
      [sid],
    );
    expect(owed).toEqual({ reason: 'requested_in_queue', status: 'scheduled' });
  });

  it('does not offer a callback to a withheld number or one that asked never to be called back', async () => {
    const withheld = await ringIn(t.baseUrl, PUBLIC_URL, '', '1');
    expect(await (await hook('/voice/hold?lang=ru', { CallSid: withheld, AccountSid: ACCOUNT_SID, QueueTime: '125' })).text()).not.toContain('<Gather');
    const number = '+77011113020';
    expect(
      (
        await caseWorker.api.POST('/api/v1/people/caller-flags', {
          body: { phone: number, kind: 'do_not_call_back', reason: 'Calling back would put her in danger' },
        })
      ).response.status,
    ).toBe(201);
    const noCallback = await ringIn(t.baseUrl, PUBLIC_URL, number, '1');
    expect(await (await hook('/voice/hold?lang=ru', { CallSid: noCallback, AccountSid: ACCOUNT_SID, QueueTime: '125' })).text()).not.toContain('<Gather');
  });
});
