import { Injectable } from '@nestjs/common';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import type { HookContext } from '@bull-board/api/dist/types';
import { ExpressAdapter } from '@bull-board/express';
import express, { type NextFunction, type Request, type Response } from 'express';
import { AuditAction } from '../audit/audit-actions';
import { AuditService } from '../audit/audit.service';
import { CSRF_HEADER } from '../auth/session.cookie';
import { BullMqJobQueue } from './bullmq-job-queue';
import { QueueName } from './queue-names';

/** Where bull-board is served; the Nest route in QueueBoardController has the same path. */
export const QUEUE_BOARD_PATH = '/api/v1/admin/queues/board';
/** bull-board's UI (axios) copies this cookie into X-XSRF-TOKEN on its same-origin writes. */
export const BOARD_CSRF_COOKIE = 'XSRF-TOKEN';
const BOARD_CSRF_HEADER = 'x-xsrf-token';

/**
 * bull-board's UI cannot be taught our header name, but axios sends the session's CSRF token
 * (from the cookie the board page sets) as X-XSRF-TOKEN. On the board's own paths only, that
 * header stands for X-CSRF-Token, so the AccessGuard checks it against the session like any other write.
 */
export function acceptBoardCsrfHeader(request: Request, _response: Response, next: NextFunction): void {
  if (request.path.startsWith(`${QUEUE_BOARD_PATH}/`) && request.headers[CSRF_HEADER] === undefined && typeof request.headers[BOARD_CSRF_HEADER] === 'string') {
    request.headers[CSRF_HEADER] = request.headers[BOARD_CSRF_HEADER];
  }
  next();
}

/**
 * The writes the board may make: retry, promote and remove (clean) jobs, pause and resume
 * queues. The rest (adding jobs, editing a job's data, delay or priority, emptying or
 * obliterating a queue, changing schedulers, concurrency or rate limits) would bypass what
 * the API and the worker decide, and is refused, and audited as refused.
 */
export const BOARD_WRITES = new Set(['retry', 'promote', 'clean', 'pause', 'resume']);

/** What a write on the board did: the last literal word of its route (retry, clean, promote, pause, ...). */
export function boardOperation(route: string): string {
  const words = route.split('/').filter((part) => part && !part.startsWith(':'));
  return words[words.length - 1] ?? 'unknown';
}

/**
 * bull-board over Mayak's queues, as an Express app the QueueBoardController hands its
 * requests to after the AccessGuard let them through. Every write, made or refused, goes to
 * the audit log with who did it, on which queue and job.
 */
@Injectable()
export class QueueBoard {
  private readonly handler: express.Router;

  constructor(
    jobQueue: BullMqJobQueue,
    private readonly audit: AuditService,
  ) {
    const serverAdapter = new ExpressAdapter().setBasePath(QUEUE_BOARD_PATH);
    createBullBoard({
      queues: Object.values(QueueName).map((name) => new BullMQAdapter(jobQueue.queue(name))),
      serverAdapter,
      options: {
        uiConfig: { boardTitle: 'Mayak queues', miscLinks: [{ text: 'Mayak', url: '/admin/queues' }] },
        handlerHooks: {
          before: async (context) => {
            if (context.method === 'get' || BOARD_WRITES.has(boardOperation(context.route))) return;
            await this.auditWrite(context, 403);
            return { allow: false, status: 403, message: 'Mayak allows only retry, promote, clean, pause and resume here' };
          },
          after: async (context, result) => this.auditWrite(context, result.status ?? 200).then(() => result),
        },
      },
    });
    this.handler = express.Router();
    this.handler.use(QUEUE_BOARD_PATH, serverAdapter.getRouter() as express.Router);
  }

  /** Serves one request; `next` is called when no board route matches. */
  handle(request: Request, response: Response, next: NextFunction): void {
    this.handler(request, response, next);
  }

  private async auditWrite(context: HookContext, status: number): Promise<void> {
    if (context.method === 'get') return;
    const params = context.request.params as Record<string, string | undefined>;
    await this.audit.record({
      action: AuditAction.QueueBoardAction,
      entityType: 'queue',
      entityId: params.queueName ?? 'all',
      summary: {
        operation: boardOperation(context.route),
        method: context.method.toUpperCase(),
        route: context.route,
        queue: params.queueName ?? null,
        jobId: params.jobId ?? null,
        jobState: params.queueStatus ?? null,
        status,
      },
    });
  }
}
