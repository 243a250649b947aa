import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Writable } from 'node:stream';
import pino from 'pino';
import { SettableClock } from '#api/core/clock/clock';
import { currentRequestId } from '#api/core/context/request-context';
import { inSequence, requestStart } from './request-start';
import { securityHeaders } from './security-headers';

const NOW = new Date('2026-03-08T23:59:30Z');

function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'info', base: {} }, stream), lines };
}

async function serve(app: express.Express): Promise<{ url: string; server: Server }> {
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('requestStart', () => {
  const clock = new SettableClock(NOW);
  const { logger, lines } = capturedLogger();
  const timed: string[] = [];
  let url = '';
  let server: Server;

  beforeAll(async () => {
    const app = express();
    app.use(
      requestStart({
        clock,
        logger,
        headers: securityHeaders({ https: false }),
        startTimer: (request) => () => timed.push(`${request.method} ${request.url}`),
      }),
    );
    app.get('/api/v1/echo', (_request, response) => response.json({ requestId: currentRequestId() }));
    app.get('/api/health', (_request, response) => response.json({ status: 'ok' }));
    app.get('/console', (_request, response) => response.type('html').send('<p>console</p>'));
    app.get('/api/v1/broken', (_request, response) => response.status(503).json({}));
    app.get('/api/v1/slow', () => undefined); // never answers: the client gives up
    ({ url, server } = await serve(app));
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => {
    lines.length = 0;
    timed.length = 0;
  });

  const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

  it("sets the browser policy, the clock's Date, a request id and no-store on API answers", async () => {
    const response = await fetch(`${url}/api/v1/echo?phone=%2B77011234567`);
    const body = (await response.json()) as { requestId: string };
    expect(response.headers.get('date')).toBe(NOW.toUTCString());
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('permissions-policy')).toContain('microphone=(self)');
    expect(response.headers.get('strict-transport-security')).toBeNull();
    // The request's context holds the same id the answer names.
    expect(body.requestId).toBe(response.headers.get('x-request-id'));
    expect(body.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("keeps a caller's well-formed request id and replaces anything else", async () => {
    expect((await fetch(`${url}/api/v1/echo`, { headers: { 'x-request-id': 'lb-1234.abc_D' } })).headers.get('x-request-id')).toBe('lb-1234.abc_D');
    const replaced = (await fetch(`${url}/api/v1/echo`, { headers: { 'x-request-id': 'not/a/valid;id'.padEnd(80, 'x') } })).headers.get('x-request-id');
    expect(replaced).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('leaves caching of the console to its own rules', async () => {
    const response = await fetch(`${url}/console`);
    expect(response.headers.get('cache-control')).toBeNull();
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('logs one line per request with the path but never its query, at a level by status', async () => {
    const ok = await fetch(`${url}/api/v1/echo?phone=%2B77011234567&name=Gulnara`);
    await ok.text();
    await (await fetch(`${url}/api/v1/broken`)).text();
    await (await fetch(`${url}/nowhere?q=secret`)).text();
    await settle();
    expect(lines.map((line) => [line.level, (line.req as { path: string }).path, (line.res as { statusCode: number }).statusCode, line.msg])).toEqual([
      [30, '/api/v1/echo', 200, 'request completed'],
      [50, '/api/v1/broken', 503, 'request completed'],
      [40, '/nowhere', 404, 'request completed'],
    ]);
    expect(lines[0]).toMatchObject({ requestId: ok.headers.get('x-request-id'), req: { id: ok.headers.get('x-request-id'), method: 'GET' } });
    expect(typeof lines[0].responseTime).toBe('number');
    expect(JSON.stringify(lines)).not.toMatch(/7701|Gulnara|secret/);
    expect(timed).toEqual(['GET /api/v1/echo?phone=%2B77011234567&name=Gulnara', 'GET /api/v1/broken', 'GET /nowhere?q=secret']);
  });

  it('times probes but does not log them', async () => {
    await (await fetch(`${url}/api/health`)).text();
    await settle();
    expect(lines).toEqual([]);
    expect(timed).toEqual(['GET /api/health']);
  });

  it('logs a request the client gave up on as aborted, and does not time it as answered', async () => {
    await expect(fetch(`${url}/api/v1/slow`, { signal: AbortSignal.timeout(100) })).rejects.toThrow();
    for (let i = 0; i < 40 && lines.length === 0; i++) await settle();
    expect(lines).toEqual([expect.objectContaining({ level: 40, msg: 'request aborted', req: expect.objectContaining({ path: '/api/v1/slow' }) })]);
    expect(timed).toEqual([]);
  });
});

describe('inSequence', () => {
  const step =
    (name: string, trail: string[], outcome?: 'fail' | 'throw'): RequestHandler =>
    (_request: Request, _response: Response, next: NextFunction) => {
      trail.push(name);
      if (outcome === 'throw') throw new Error(`${name} threw`);
      next(outcome === 'fail' ? new Error(`${name} failed`) : undefined);
    };
  const run = (handler: RequestHandler) =>
    new Promise<unknown>((resolve) => {
      void handler({} as Request, {} as Response, (error?: unknown) => resolve(error ?? 'done'));
    });

  it('runs every handler in order, then goes on', async () => {
    const trail: string[] = [];
    expect(await run(inSequence([step('a', trail), step('b', trail), step('c', trail)]))).toBe('done');
    expect(trail).toEqual(['a', 'b', 'c']);
  });

  it('stops at the first error, passed or thrown, and hands it on', async () => {
    const trail: string[] = [];
    expect(await run(inSequence([step('a', trail), step('b', trail, 'fail'), step('c', trail)]))).toEqual(new Error('b failed'));
    expect(trail).toEqual(['a', 'b']);
    const thrown: string[] = [];
    expect(await run(inSequence([step('a', thrown, 'throw'), step('b', thrown)]))).toEqual(new Error('a threw'));
    expect(thrown).toEqual(['a']);
  });

  it('with no handlers, goes straight on', async () => {
    expect(await run(inSequence([]))).toBe('done');
  });
});
