import { consoleIdentity } from '@mayak/domain';
import { LocalProvider } from '#api/modules/telephony/provider/local-provider';
import { TelephonyProvider } from '#api/modules/telephony/provider/telephony-provider';
import { startTestApp, type TestApp } from '../support/app';
import { signedIn, type TestClient } from '../support/client';
import { ringIn } from '../support/twilio-webhooks';

const PUBLIC_URL = 'https://hotline.example.org';

/** The console's softphone on the local adapter: its token, and holding, resuming and ending a call. */
describe('softphone (local adapter)', () => {
  let t: TestApp;
  let provider: LocalProvider;
  let operator: TestClient;
  const ids: Record<string, string> = {};
  const callBySid = async (sid: string) =>
    (
      await t.db.query<{ id: string; state: string; operator_id: string | null }>(`SELECT id, state, operator_id FROM telephony_calls WHERE call_sid = $1`, [
        sid,
      ])
    )[0];
  const audited = async (action: string, callId: string) =>
    Number((await t.db.query<{ n: string }>(`SELECT count(*) AS n FROM audit_log WHERE action = $1 AND entity_id = $2`, [action, callId]))[0].n);
  const lastOperation = (sid: string) =>
    provider
      .operations()
      .filter((op) => 'callSid' in op && op.callSid === sid)
      .at(-1);

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_URL, COOKIE_SECURE: 'false' });
    provider = t.app.get(TelephonyProvider) as LocalProvider;
    for (const row of await t.db.query<{ id: string; email: string }>(`SELECT id, email FROM users`)) ids[row.email] = row.id;
    operator = await signedIn(t.baseUrl, 'operator.almaty@mayak.test');
    expect((await operator.api.PUT('/api/v1/telephony/presence', { body: { status: 'available' } })).response.status).toBe(200);
  });
  afterAll(async () => t.close());

  it('gives an operator the identity their softphone registers under, and nobody else a token', async () => {
    const issued = await operator.api.POST('/api/v1/telephony/softphone/token');
    expect(issued.response.status).toBe(200);
    expect(issued.data).toMatchObject({ provider: 'local', token: null, identity: consoleIdentity(ids['operator.almaty@mayak.test']) });
    const lifetime = Date.parse(issued.data!.expiresAt) - t.clock.nowMs();
    expect(lifetime).toBeGreaterThan(590_000);
    expect(lifetime).toBeLessThanOrEqual(600_000);
    const admin = await signedIn(t.baseUrl, 'admin.almaty@mayak.test');
    expect((await admin.api.POST('/api/v1/telephony/softphone/token')).response.status).toBe(403);
    expect((await fetch(`${t.baseUrl}/api/v1/telephony/softphone/token`, { method: 'POST' })).status).toBe(401);
  });

  it('holds the caller in a queue of their own, brings them back to the console that took the call, and hangs up', async () => {
    const sid = await ringIn(t.baseUrl, PUBLIC_URL, '+77011119001', '1');
    const call = await callBySid(sid);
    expect((await operator.api.POST('/api/v1/telephony/calls/{id}/answer', { params: { path: { id: call.id } } })).response.status).toBe(201);
    const answered = lastOperation(sid);
    expect(answered?.kind === 'updateCall' && answered.twiml).toContain(`<Parameter name="mayakRingFor" value="call:${call.id}"/>`);

    // A colleague cannot touch someone else's call; another office does not even see it.
    const colleague = await signedIn(t.baseUrl, 'caseworker.almaty@mayak.test');
    expect((await colleague.api.POST('/api/v1/telephony/calls/{id}/hold', { params: { path: { id: call.id } } })).response.status).toBe(403);
    const astana = await signedIn(t.baseUrl, 'operator.astana@mayak.test');
    expect((await astana.api.POST('/api/v1/telephony/calls/{id}/hang-up', { params: { path: { id: call.id } } })).response.status).toBe(404);
    expect(await callBySid(sid)).toMatchObject({ state: 'in_progress' });

    const held = await operator.api.POST('/api/v1/telephony/calls/{id}/hold', { params: { path: { id: call.id } } });
    expect(held.response.status).toBe(201);
    expect(held.data).toMatchObject({ state: 'on_hold', transferTo: null });
    const holding = lastOperation(sid);
    expect(holding?.kind === 'updateCall' && holding.twiml).toContain(`>hold-${call.id}</Enqueue>`);
    expect((await operator.api.POST('/api/v1/telephony/calls/{id}/hold', { params: { path: { id: call.id } } })).error).toMatchObject({ code: 'conflict' });

    const resumed = await operator.api.POST('/api/v1/telephony/calls/{id}/resume', { params: { path: { id: call.id } } });
    expect(resumed.data).toMatchObject({ state: 'in_progress' });
    const back = lastOperation(sid);
    expect(back?.kind === 'updateCall' && back.twiml).toContain(`<Identity>${consoleIdentity(ids['operator.almaty@mayak.test'])}</Identity>`);

    const ended = await operator.api.POST('/api/v1/telephony/calls/{id}/hang-up', { params: { path: { id: call.id } } });
    expect(ended.response.status).toBe(201);
    expect(ended.data).toMatchObject({ state: 'completed', outcome: 'answered' });
    expect(lastOperation(sid)?.kind).toBe('hangUp');
    // The operator goes into after-call work; the contact stays open for the notes.
    expect((await operator.api.GET('/api/v1/telephony/presence')).data).toMatchObject({ status: 'wrap_up' });
    const [contact] = await t.db.query<{ status: string }>(`SELECT status FROM contacts WHERE id = (SELECT contact_id FROM telephony_calls WHERE id = $1)`, [
      call.id,
    ]);
    expect(contact.status).toBe('in_progress');
    expect((await operator.api.POST('/api/v1/telephony/calls/{id}/hang-up', { params: { path: { id: call.id } } })).error).toMatchObject({ code: 'conflict' });
    expect([
      await audited('telephony.call_held', call.id),
      await audited('telephony.call_resumed', call.id),
      await audited('telephony.call_hung_up', call.id),
    ]).toEqual([1, 1, 1]);
  });
});
