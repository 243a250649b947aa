import Redis from 'ioredis';
import { startTestApp, type TestApp } from '../support/app';
import { signedIn, type TestClient } from '../support/client';
import { openEventStream as openStream } from '../support/event-stream';

/** Live events to consoles over Server-Sent Events, through Redis streams so any API instance serves and a reconnect misses nothing. */
describe('realtime events', () => {
  let t: TestApp;
  let operator: TestClient;
  let supervisor: TestClient;
  let redis: Redis;

  beforeAll(async () => {
    t = await startTestApp();
    operator = await signedIn(t.baseUrl, 'operator.almaty@mayak.test');
    supervisor = await signedIn(t.baseUrl, 'supervisor.almaty@mayak.test');
    redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0');
  });
  afterAll(async () => {
    redis.disconnect();
    await t.close();
  });

  const criticalCall = async (notes: string) =>
    (await operator.api.POST('/api/v1/contacts', { body: { channel: 'voice', riskLevel: 'immediate_danger', category: 'emergency', notes } })).data!;

  it("tells the office supervisors' consoles about a critical call, and no one else's", async () => {
    const stream = openStream(t.baseUrl, supervisor);
    await stream.ready;
    const contact = await criticalCall('Звонит из подвала, угрожают');
    const event = await stream.waitFor((e) => e.event === 'alert' && e.data.kind === 'critical_contact');
    expect(event.id).toMatch(/^\d+-\d+$/);
    expect(JSON.stringify(event.data)).not.toContain('подвала');
    const [alert] = await t.db.query<{ id: string }>(`SELECT id FROM alerts WHERE entity_id = $1`, [contact.id]);
    expect(event.data.alertId).toBe(alert.id);
    await stream.close();
    const [astana] = await t.db.query<{ id: string }>(`SELECT id FROM users WHERE email = 'supervisor.astana@mayak.test'`);
    expect(await redis.xlen(`${t.redisKeyPrefix}:events:user:${astana.id}`)).toBe(0);
  });

  it('replays what a console missed while it was away (Last-Event-ID)', async () => {
    const first = openStream(t.baseUrl, supervisor);
    await first.ready;
    await criticalCall('Первый звонок');
    const seen = await first.waitFor((e) => e.event === 'alert');
    await first.close();

    // Two alerts while the console is disconnected.
    await criticalCall('Второй звонок');
    await criticalCall('Третий звонок');

    const again = openStream(t.baseUrl, supervisor, seen.id);
    await again.waitFor(() => again.events.length >= 2);
    expect(again.events.map((e) => e.event)).toEqual(['alert', 'alert']);
    const alertIds = (
      await t.db.query<{ id: string }>(
        `SELECT a.id FROM alerts a JOIN contacts k ON k.id = a.entity_id WHERE k.notes IN ('Второй звонок', 'Третий звонок') ORDER BY a.created_at`,
      )
    ).map((r) => r.id);
    expect(again.events.map((e) => e.data.alertId)).toEqual(alertIds);
    await again.close();
  });

  it('ends an open stream when the person is deactivated (every session of theirs revoked)', async () => {
    const astana = await signedIn(t.baseUrl, 'operator.astana@mayak.test');
    const stream = openStream(t.baseUrl, astana);
    await stream.ready;
    const admin = await signedIn(t.baseUrl, 'admin.astana@mayak.test');
    const [{ id }] = await t.db.query<{ id: string }>(`SELECT id FROM users WHERE email = 'operator.astana@mayak.test'`);
    const user = (await admin.api.GET('/api/v1/users/{id}', { params: { path: { id } } })).data!;
    expect(
      (await admin.api.PATCH('/api/v1/users/{id}', { params: { path: { id: user.id } }, body: { version: user.version, active: false } })).response.status,
    ).toBe(200);
    await stream.waitForEnd();
    expect((await fetch(`${t.baseUrl}/api/v1/events`, { headers: { cookie: `mayak_session=${astana.jar.get('mayak_session')}` } })).status).toBe(401);
  });

  /**
   * Ends `viewer`'s stream by `cut`, then raises an alert for the same person: their other
   * console (another session) gets it, the ended stream nothing more.
   */
  async function endsAndHearsNothingAfter(cut: (viewer: TestClient) => Promise<void>, endWithinMs: number): Promise<void> {
    const viewer = await signedIn(t.baseUrl, 'supervisor.almaty@mayak.test');
    const stream = openStream(t.baseUrl, viewer);
    const other = openStream(t.baseUrl, supervisor);
    await Promise.all([stream.ready, other.ready]);
    await cut(viewer);
    await stream.waitForEnd(endWithinMs);
    const seen = stream.events.length;
    const before = other.events.length;
    await criticalCall('После конца сессии: звонок в опасности');
    await other.waitFor((e) => e.event === 'alert' && e.data.kind === 'critical_contact' && other.events.indexOf(e) >= before);
    expect(stream.events.length).toBe(seen);
    await other.close();
  }

  it('ends an open stream at sign-out, and sends it nothing after', async () => {
    await endsAndHearsNothingAfter(async (viewer) => {
      expect((await viewer.api.POST('/api/v1/auth/logout')).response.status).toBe(204);
    }, 10_000);
  });

  it('ends an open stream when its session expires, though nothing revoked it', async () => {
    await endsAndHearsNothingAfter(async (viewer) => {
      // The session reached its absolute lifetime: no sign-out, no revocation, only the clock.
      const expired = await t.db.query(
        `UPDATE sessions SET expires_at = mayak_now() - interval '1 second' WHERE csrf_token = $1 AND revoked_at IS NULL RETURNING id`,
        [viewer.csrfToken],
      );
      expect(expired).toHaveLength(1);
    }, 20_000); // a stream looks at its session again at least every 15 s
  }, 40_000);

  it('refuses a stream without a session and to roles without alerts', async () => {
    expect((await fetch(`${t.baseUrl}/api/v1/events`)).status).toBe(401);
    const partner = await signedIn(t.baseUrl, 'partner.almaty@mayak.test');
    expect((await fetch(`${t.baseUrl}/api/v1/events`, { headers: { cookie: `mayak_session=${partner.jar.get('mayak_session')}` } })).status).toBe(403);
  });
});
