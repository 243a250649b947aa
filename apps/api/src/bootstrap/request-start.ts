import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Logger as PinoLogger } from 'pino';
import type { Clock } from '../core/clock/clock';
import { runWithContext } from '../core/context/request-context';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
/** As Express routes it: `/api` and below, in any letter case. */
const API_PATH = /^\/api(?:[/?]|$)/i;
/** Probes and scrapes every few seconds: timed, not logged. */
const UNLOGGED_PREFIXES = ['/api/health', '/api/metrics'];

export interface RequestStartOptions {
  clock: Clock;
  /** Where the one line per request goes (paths only: query strings may carry phone numbers or names). */
  logger: PinoLogger;
  /** Headers every answer carries, worked out once (the browser policy). */
  headers: readonly (readonly [string, string])[];
  /** Starts timing a request; the returned function records it once the answer is out. */
  startTimer: (request: Request, response: Response) => () => void;
}

/**
 * What happens first on every request, in one step: the browser policy's headers, the
 * origin's Date from the application's clock, the request id (the caller's if well-formed),
 * `no-store` on API answers (they hold personal data; no browser or proxy may keep them),
 * the request's log context, and one close listener that times and logs the request.
 */
export function requestStart({ clock, logger, headers, startTimer }: RequestStartOptions): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    const started = performance.now();
    const recordTiming = startTimer(request, response);
    for (const [name, value] of headers) response.setHeader(name, value);
    response.setHeader('Date', clock.now().toUTCString());
    const incoming = request.headers['x-request-id'];
    const requestId = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    response.setHeader('X-Request-Id', requestId);
    const url = request.url;
    if (API_PATH.test(url)) response.setHeader('Cache-Control', 'no-store');
    const logged = !UNLOGGED_PREFIXES.some((prefix) => url.startsWith(prefix));
    response.once('close', () => {
      const finished = response.writableFinished;
      if (finished) recordTiming();
      if (!logged) return;
      const status = response.statusCode;
      const level = !finished ? 'warn' : status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
      const queryAt = url.indexOf('?');
      logger[level](
        {
          requestId,
          req: { id: requestId, method: request.method, path: queryAt < 0 ? url : url.slice(0, queryAt) },
          res: { statusCode: status },
          responseTime: Math.round(performance.now() - started),
        },
        finished ? 'request completed' : 'request aborted',
      );
    });
    runWithContext({ requestId, ip: request.ip ?? null, userAgent: request.headers['user-agent'] ?? null }, next);
  };
}

/**
 * Runs connect-style handlers one after another as a single one: the same order, the first
 * error ends the run. Express's router would otherwise match and dispatch each as a layer of
 * its own on every request.
 */
export function inSequence(handlers: readonly RequestHandler[]): RequestHandler {
  return (request: Request, response: Response, done: NextFunction) => {
    let index = 0;
    const next = (error?: unknown): void => {
      if (error) return done(error);
      const handler = handlers[index++];
      if (!handler) return done();
      try {
        // Our handlers and body-parser's call next; none returns a promise to wait on.
        void handler(request, response, next);
      } catch (thrown) {
        done(thrown);
      }
    };
    next();
  };
}
