import Redis from 'ioredis';
import { startTestApp, type TestApp } from '../support/app';
import { signedIn, type TestClient } from '../support/client';
import { ACCOUNT_SID, postWebhook, ringIn } from '../support/twilio-webhooks';

const PUBLIC_URL = 'https://hotline.example.org';

/**
 * After-call work: when a call ends, its operator stays out of the ring for the office's
 * wrap-up time, or until they complete the call's contact, whichever comes first.
 */
describe('after-call work', () => {
  let t: TestApp;
  let redis: Redis;
  let operator: TestClient;
  let admin: TestClient;
  let supervisor: TestClient;
  let almatyId: string;
  let operatorId: string;

  const presence = async () => (await operator.api.GET('/api/v1/telephony/presence')).data!;
  const ringsFor = async (userId: string, callId: string) => {
    const entries = (await redis.xrange(`${t.redisKeyPrefix}:events:user:${userId}`, '-', '+')) as [string, string[]][];
    return entries.some(([, fields]) => fields[1] === 'call.ringing' && (JSON.parse(fields[3]) as { callId: string }).callId === callId);
  };
  const callOf = async (sid: string) =>
    (await t.db.query<{ id: string; contact_id: string }>(`SELECT id, contact_id FROM telephony_calls WHERE call_sid = $1`, [sid]))[0];
  const setWrapUp = async (seconds: number) => {
    const office = (await admin.api.GET('/api/v1/offices/{id}', { params: { path: { id: almatyId } } })).data!;
    const updated = await admin.api.PATCH('/api/v1/offices/{id}', {
      params: { path: { id: almatyId } },
      body: { version: office.version, wrapUpSeconds: seconds },
    });
    expect(updated.data?.wrapUpSeconds).toBe(seconds);
  };
  /** A caller rings, the operator answers, they talk, and the caller hangs up. */
  const answeredAndEnded = async (from: string) => {
    const sid = await ringIn(t.baseUrl, PUBLIC_URL, from, '1');
    const call = await callOf(sid);
    expect((await operator.api.POST('/api/v1/telephony/calls/{id}/answer', { params: { path: { id: call.id } } })).response.status).toBe(201);
    expect(
      (await postWebhook(t.baseUrl, PUBLIC_URL, '/voice/status', { CallSid: sid, AccountSid: ACCOUNT_SID, CallStatus: 'completed', CallDuration: '95' }))
        .status,
    ).toBe(204);
    return call;
  };

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_URL, COOKIE_SECURE: 'false' });
    redis = new Redis(t.env.REDIS_URL);
    [{ id: almatyId }] = await t.db.query<{ id: string }>(`SELECT id FROM offices WHERE code = 'ALA'`);
    [{ id: operatorId }] = await t.db.query<{ id: string }>(`SELECT id FROM users WHERE email = 'operator.almaty@mayak.test'`);
    operator = await signedIn(t.baseUrl, 'operator.almaty@mayak.test');
    admin = await signedIn(t.baseUrl, 'admin.almaty@mayak.test');
    supervisor = await signedIn(t.baseUrl, 'supervisor.almaty@mayak.test');
    expect((await operator.api.PUT('/api/v1/telephony/presence', { body: { status: 'available' } })).response.status).toBe(200);
  });
  afterAll(async () => {
    redis.disconnect();
    await t.close();
  });

  it('keeps the operator out of the ring after a call until they complete its contact', async () => {
    expect((await admin.api.GET('/api/v1/offices/{id}', { params: { path: { id: almatyId } } })).data?.wrapUpSeconds).toBe(60);
    const call = await answeredAndEnded('+77011112001');
    const wrapping = await presence();
    expect(wrapping.status).toBe('wrap_up');
    const left = Date.parse(wrapping.wrapUpUntil!) - t.clock.nowMs();
    expect(left).toBeGreaterThan(55_000);
    expect(left).toBeLessThanOrEqual(60_000);
    // She is not counted as available (her console does not ring aloud, due callbacks go to others) while she writes up the call.
    const line = (await supervisor.api.GET('/api/v1/dashboards/line')).data!;
    expect(line).toMatchObject({ operatorsInWrapUp: 1 });
    const next = await callOf(await ringIn(t.baseUrl, PUBLIC_URL, '+77011112002', '1'));
    const colleagues = (await supervisor.api.GET('/api/v1/telephony/operators')).data!;
    expect(colleagues.find((o) => o.user.id === operatorId)?.status).toBe('wrap_up');

    // Completing the contact ends the wrap-up.
    const contact = (await operator.api.GET('/api/v1/contacts/{id}', { params: { path: { id: call.contact_id } } })).data!;
    const categorised = await operator.api.PATCH('/api/v1/contacts/{id}', {
      params: { path: { id: call.contact_id } },
      body: { version: contact.version, category: 'labour_exploitation', notes: 'Passport kept by the employer' },
    });
    expect(
      (await operator.api.POST('/api/v1/contacts/{id}/complete', { params: { path: { id: call.contact_id } }, body: { version: categorised.data!.version } }))
        .response.status,
    ).toBe(200);
    expect(await presence()).toMatchObject({ status: 'available', wrapUpUntil: null });
    expect((await supervisor.api.GET('/api/v1/dashboards/line')).data).toMatchObject({ operatorsInWrapUp: 0, operatorsAvailable: line.operatorsAvailable + 1 });
    await postWebhook(t.baseUrl, PUBLIC_URL, '/voice/status', {
      CallSid: (await t.db.query<{ call_sid: string }>(`SELECT call_sid FROM telephony_calls WHERE id = $1`, [next.id]))[0].call_sid,
      AccountSid: ACCOUNT_SID,
      CallStatus: 'completed',
    });

    // The dashboards split the handling of the call into talk and wrap-up.
    const activity = (await supervisor.api.GET('/api/v1/dashboards/activity')).data!;
    expect(activity.talkSeconds.count).toBeGreaterThanOrEqual(1);
    expect(activity.wrapUpSeconds.count).toBeGreaterThanOrEqual(1);
  });

  it('ends the wrap-up by itself when the office’s time is up', async () => {
    await setWrapUp(1);
    await answeredAndEnded('+77011112003');
    expect((await presence()).status).toBe('wrap_up');
    await new Promise((resolve) => setTimeout(resolve, 1_300));
    expect(await presence()).toMatchObject({ status: 'available', wrapUpUntil: null });
    const next = await callOf(await ringIn(t.baseUrl, PUBLIC_URL, '+77011112004', '1'));
    expect(await ringsFor(operatorId, next.id)).toBe(true);
    expect((await operator.api.POST('/api/v1/telephony/calls/{id}/answer', { params: { path: { id: next.id } } })).response.status).toBe(201);
    await postWebhook(t.baseUrl, PUBLIC_URL, '/voice/status', {
      CallSid: (await t.db.query<{ call_sid: string }>(`SELECT call_sid FROM telephony_calls WHERE id = $1`, [next.id]))[0].call_sid,
      AccountSid: ACCOUNT_SID,
      CallStatus: 'completed',
    });
  });

  it('lets the operator say they are ready before the time is up, and an office set to no wrap-up frees them at once', async () => {
    await setWrapUp(300);
    await answeredAndEnded('+77011112005');
    expect((await presence()).status).toBe('wrap_up');
    expect((await operator.api.PUT('/api/v1/telephony/presence', { body: { status: 'available' } })).data).toMatchObject({
      status: 'available',
      wrapUpUntil: null,
    });

    await setWrapUp(0);
    await answeredAndEnded('+77011112006');
    expect(await presence()).toMatchObject({ status: 'available', wrapUpUntil: null });
  });

  it('refuses a wrap-up time outside 0 to 30 minutes, changing nothing', async () => {
    const office = (await admin.api.GET('/api/v1/offices/{id}', { params: { path: { id: almatyId } } })).data!;
    for (const wrapUpSeconds of [-1, 1801, 2.5]) {
      const refused = await admin.api.PATCH('/api/v1/offices/{id}', { params: { path: { id: almatyId } }, body: { version: office.version, wrapUpSeconds } });
      expect(refused.response.status).toBe(400);
      expect(refused.error).toMatchObject({ code: 'validation_failed', errors: [expect.objectContaining({ field: 'wrapUpSeconds' })] });
    }
    expect((await admin.api.GET('/api/v1/offices/{id}', { params: { path: { id: almatyId } } })).data).toMatchObject({
      version: office.version,
      wrapUpSeconds: office.wrapUpSeconds,
    });
  });
});
