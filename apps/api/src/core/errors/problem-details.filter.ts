import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { ErrorCode } from '@mayak/domain';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { DomainError, type FieldError, statusOf } from './domain-error';
import { currentRequestId } from '../context/request-context';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
  /** For an illegal state transition: the states that are allowed next. */
  allowed?: string[];
  /** For too_many_attempts: seconds before the next attempt is checked (also the Retry-After header). */
  retryAfterSeconds?: number;
  /** For too_many_attempts at sign-in: the password and the second-factor code together are accepted now. */
  secondFactorAccepted?: boolean;
}

const TITLES: Partial<Record<number, string>> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  408: 'Request timeout',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  431: 'Request header fields too large',
  500: 'Internal server error',
  503: 'Service unavailable',
};

const HTTP_CODES: Record<number, ErrorCode> = {
  400: 'validation_failed',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'too_many_attempts',
  503: 'service_unavailable',
};

// Postgres and driver errors that mean "the database is not there right now", not "a bug".
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08003',
  '08006',
  '08001',
  '08004',
  '53300',
]);

function isUnavailable(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const e = error as { name?: string; code?: string; message?: string; driverError?: unknown };
  if (e.code && UNAVAILABLE_CODES.has(e.code)) return true;
  // TypeORM releases a transaction's connection when it breaks; the COMMIT then finds it gone.
  if (e.name === 'QueryRunnerAlreadyReleasedError') return true;
  if (
    typeof e.message === 'string' &&
    /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(e.message)
  )
    return true;
  return e.driverError ? isUnavailable(e.driverError) : false;
}

export function problemTitle(status: number): string {
  return TITLES[status] ?? 'Error';
}

/** Builds an RFC 9457 problem from anything thrown, without leaking internals. */
export function toProblem(error: unknown, path?: string): { problem: ProblemDetails; headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  let status = 500;
  let code: ErrorCode = 'internal_error';
  let detail = 'Something went wrong on our side; the error has been logged.';
  let errors: FieldError[] | undefined;
  let allowed: string[] | undefined;
  let retryAfterSeconds: number | undefined;
  let secondFactorAccepted: boolean | undefined;

  if (error instanceof DomainError) {
    status = statusOf(error.code);
    code = error.code;
    detail = error.message;
    errors = error.extra.errors;
    if (Array.isArray(error.extra.allowed)) allowed = error.extra.allowed.map(String);
    if (error.extra.retryAfterSeconds) {
      retryAfterSeconds = error.extra.retryAfterSeconds;
      headers['Retry-After'] = String(retryAfterSeconds);
    }
    if (error.extra.secondFactorAccepted === true) secondFactorAccepted = true;
  } else if (error instanceof HttpException) {
    status = error.getStatus();
    code = HTTP_CODES[status] ?? (status >= 500 ? 'internal_error' : 'validation_failed');
    const response = error.getResponse();
    detail = typeof response === 'string' ? response : String((response as { message?: unknown }).message ?? error.message);
    if (status === HttpStatus.NOT_FOUND) detail = 'No such resource';
  } else if (isBodyParserError(error)) {
    status = error.status;
    code = status === 413 ? 'payload_too_large' : status === 415 ? 'unsupported_media_type' : 'validation_failed';
    detail =
      status === 413
        ? 'The request body is too large'
        : status === 415
          ? (UNSUPPORTED_BODY[error.type] ?? 'Unsupported content type')
          : 'The request body is not valid JSON';
  } else if (isUnavailable(error) || (error instanceof QueryFailedError && isUnavailable(error.driverError))) {
    status = 503;
    code = 'service_unavailable';
    detail = 'A service Mayak depends on is unavailable; try again shortly.';
    headers['Retry-After'] = '5';
  }

  const problem: ProblemDetails = {
    type: `urn:mayak:problem:${code}`,
    title: problemTitle(status),
    status,
    detail,
    code,
    ...(path ? { instance: path } : {}),
    ...(currentRequestId() ? { requestId: currentRequestId() } : {}),
    ...(errors ? { errors } : {}),
    ...(allowed ? { allowed } : {}),
    ...(retryAfterSeconds ? { retryAfterSeconds } : {}),
    ...(secondFactorAccepted ? { secondFactorAccepted } : {}),
  };
  return { problem, headers };
}

const UNSUPPORTED_BODY: Partial<Record<string, string>> = {
  'charset.unsupported': 'Send JSON as UTF-8 (charset=utf-8, or no charset)',
  'encoding.unsupported': 'Send the body uncompressed, without a Content-Encoding',
};

function isBodyParserError(error: unknown): error is { status: number; type: string } {
  return (
    !!error &&
    typeof error === 'object' &&
    typeof (error as { type?: unknown }).type === 'string' &&
    typeof (error as { status?: unknown }).status === 'number' &&
    'expose' in error
  );
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const { problem, headers } = toProblem(error, request?.originalUrl?.split('?')[0]);
    if (problem.status >= 500) {
      this.logger.error({ err: error, problemCode: problem.code }, problem.status === 503 ? 'dependency unavailable' : 'unhandled error');
    }
    if (response.headersSent) return;
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }
}
