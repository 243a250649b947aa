import type { TestClient } from './client';

export interface SseEvent {
  id: string;
  event: string;
  data: Record<string, unknown>;
}

export interface OpenEventStream {
  /** Every event received so far, in order. */
  events: SseEvent[];
  /** Resolves once the server has answered and sent its first line (where the stream starts is decided by then). */
  ready: Promise<void>;
  /** Whether the server has ended the stream. */
  readonly ended: boolean;
  /** Waits (bounded) until an event matching `match` has arrived. */
  waitFor(match: (e: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
  /** Waits (bounded) until the server ends the stream. */
  waitForEnd(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Opens the console's event stream (`GET /api/v1/events`) as a browser would, and collects its events. */
export function openEventStream(baseUrl: string, client: TestClient, lastEventId?: string): OpenEventStream {
  const controller = new AbortController();
  const events: SseEvent[] = [];
  let buffer = '';
  let ended = false;
  let failure: Error | null = null;
  let markReady: () => void = () => undefined;
  let markFailed: (error: Error) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    markFailed = reject;
  });
  const done = (async () => {
    const response = await fetch(`${baseUrl}/api/v1/events`, {
      headers: {
        cookie: `mayak_session=${client.jar.get('mayak_session')}`,
        accept: 'text/event-stream',
        ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
      },
      signal: controller.signal,
    });
    if (response.status !== 200 || !response.headers.get('content-type')?.includes('text/event-stream')) {
      throw new Error(`event stream answered ${response.status} ${response.headers.get('content-type')}: ${await response.text()}`);
    }
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
        const fields = Object.fromEntries(
          block
            .split('\n')
            .filter((l) => l && !l.startsWith(':'))
            .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]),
        );
        if (fields.event) events.push({ id: fields.id, event: fields.event, data: JSON.parse(fields.data ?? '{}') as Record<string, unknown> });
      }
    }
  })()
    .catch((error: unknown) => {
      if ((error as Error).name === 'AbortError') return;
      failure = error as Error;
      markFailed(failure);
    })
    .finally(() => {
      ended = true;
    });
  ready.catch(() => undefined);

  const poll = async (what: string, check: () => boolean, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (check()) return;
      if (failure) throw failure;
      if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs} ms; got ${JSON.stringify(events)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return {
    events,
    ready,
    get ended() {
      return ended;
    },
    async waitFor(match, timeoutMs = 10_000) {
      await poll('no matching event', () => events.some(match), timeoutMs);
      return events.find(match)!;
    },
    async waitForEnd(timeoutMs = 10_000) {
      await poll('the stream did not end', () => ended, timeoutMs);
    },
    async close() {
      controller.abort();
      await done;
    },
  };
}
