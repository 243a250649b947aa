import Redis from 'ioredis';
import { startTestApp, type TestApp } from '../support/app';
import { signedIn, type TestClient } from '../support/client';

interface SseEvent {
  id: string;
  event: string;
  data: Record<string, unknown>;
}

/** Opens the console's event stream as a browser would, and collects events until told to stop. */
function openStream(baseUrl: string, client: TestClient, lastEventId?: string) {
  const controller = new AbortController();
  const events: SseEvent[] = [];
  let buffer = '';
  let markReady: () => void = () => undefined;
  // The server decides where the stream starts before it sends its first line.
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const done = (async () => {
    const response = await fetch(`${baseUrl}/api/v1/events`, {
      headers: { cookie: `mayak_session=${client.jar.get('mayak_session')}`, accept: 'text/event-stream', ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    for (;;) {
      const { value, done: finished } = await reader.read();
      if (finished) return;
      buffer += decoder.decode(value, { stream: true });
      markReady();
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const fields = Object.fromEntries(block.split('\n').filter((l) => l && !l.startsWith(':')).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]));
        if (fields.event) events.push({ id: fields.id, event: fields.event, data: JSON.parse(fields.data ?? '{}') });
      }
    }
  })().catch((error: unknown) => {
    if ((error as Error).name !== 'AbortError') throw error;
  });
  return {
    events,
    ready,
    /** Waits (bounded) until an event matching `match` has arrived. */
    async waitFor(match: (e: SseEvent) => boolean, timeoutMs = 10_000): Promise<SseEvent> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = events.find(match);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no matching event within ${timeoutMs} ms; got ${JSON.stringify(events)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async close() {
      controller.abort();
      await done;
    },
  };
}

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

  const criticalCall = async (notes: string) => (await operator.api.POST('/api/v1/contacts', { body: { channel: 'voice', riskLevel: 'immediate_danger', category: 'emergency', notes } })).data!;

  it('tells the office supervisors\' consoles about a critical call, and no one else\'s', async () => {
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
    const alertIds = (await t.db.query<{ id: string }>(`SELECT a.id FROM alerts a JOIN contacts k ON k.id = a.entity_id WHERE k.notes IN ('Второй звонок', 'Третий звонок') ORDER BY a.created_at`)).map((r) => r.id);
    expect(again.events.map((e) => e.data.alertId)).toEqual(alertIds);
    await again.close();
  });

  it('refuses a stream without a session and to roles without alerts', async () => {
    expect((await fetch(`${t.baseUrl}/api/v1/events`)).status).toBe(401);
    const partner = await signedIn(t.baseUrl, 'partner.almaty@mayak.test');
    expect((await fetch(`${t.baseUrl}/api/v1/events`, { headers: { cookie: `mayak_session=${partner.jar.get('mayak_session')}` } })).status).toBe(403);
  });
});
