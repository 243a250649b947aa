import { All, Controller, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { RequirePermission } from '../auth/access.decorators';
import type { AuthedRequest } from '../auth/access.guard';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { PROBLEM_CONTENT_TYPE, toProblem } from '../errors/problem-details.filter';
import { notFound } from '../errors/domain-error';
import { BOARD_CSRF_COOKIE, QUEUE_BOARD_PATH, QueueBoard } from './queue-board';

/**
 * bull-board for administrators, behind the same gate as every route: a signed-in session
 * with `queues.manage`, and the session's CSRF token on writes. Not in the OpenAPI
 * document: it is a UI and its private API, not part of Mayak's contract.
 */
@ApiExcludeController()
@Controller({ path: 'admin/queues/board', version: '1' })
export class QueueBoardController {
  constructor(
    private readonly board: QueueBoard,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @All(['', '*path'])
  @RequirePermission('queues.manage')
  serve(@Req() request: AuthedRequest, @Res() response: Response): void {
    if (request.method === 'GET' && request.mayakSession) {
      response.cookie(BOARD_CSRF_COOKIE, request.mayakSession.csrfToken, {
        httpOnly: false,
        sameSite: 'strict',
        secure: this.config.cookieSecure,
        path: QUEUE_BOARD_PATH,
      });
    }
    // The board's own writes and reads answer JSON of their own; its pages must not be cached.
    response.setHeader('Cache-Control', 'no-store');
    this.board.handle(request, response, (error?: unknown) => answerProblem(request, response, error ?? notFound('This page of the queue board')));
  }
}

/** What the board did not answer itself (no such page, or an error in it), as problem+json like every other route. */
function answerProblem(request: Request, response: Response, error: unknown): void {
  if (response.headersSent) return;
  const { problem, headers } = toProblem(error, request.path);
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
  response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}
