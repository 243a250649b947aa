import type { NextFunction, Request, Response } from 'express';
import { DomainError } from '../errors/domain-error';

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);
export const MAX_JSON_DEPTH = 20;

/**
 * JSON-only API: a body in any other content type is refused with 415 before parsing.
 * Paths in `formPrefixes` (provider webhooks) take form posts and are left alone.
 */
export function requireJsonBodies(formPrefixes: string[]) {
  return (request: Request, _response: Response, next: NextFunction) => {
    if (!BODY_METHODS.has(request.method) || !request.path.startsWith('/api/')) return next();
    if (formPrefixes.some((prefix) => request.path.startsWith(prefix))) return next();
    const length = Number(request.headers['content-length'] ?? 0);
    const chunked = request.headers['transfer-encoding'] !== undefined;
    if (length === 0 && !chunked) return next();
    if (!request.is('application/json')) {
      return next(new DomainError('unsupported_media_type', 'Send the body as application/json'));
    }
    next();
  };
}

function depthOf(value: unknown): number {
  // Iterative, so a hostile body cannot overflow our stack while we measure it.
  let max = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth > max) max = depth;
    if (max > MAX_JSON_DEPTH) return max;
    for (const child of Object.values(node as object)) stack.push([child, depth + 1]);
  }
  return max;
}

export function limitJsonDepth(request: Request, _response: Response, next: NextFunction): void {
  if (request.body && typeof request.body === 'object' && depthOf(request.body) > MAX_JSON_DEPTH) {
    return next(new DomainError('validation_failed', `The body is nested deeper than ${MAX_JSON_DEPTH} levels`));
  }
  next();
}
