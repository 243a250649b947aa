import type { NextFunction, Request, Response } from 'express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isUtf8 } from 'node:buffer';
import { DomainError, type FieldError } from '../errors/domain-error';

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);
export const MAX_JSON_DEPTH = 20;

/**
 * JSON-only API: a body in any other content type is refused with 415 before parsing.
 * Paths in `otherPrefixes` (provider webhooks) take form posts, and `uploads` take files: both
 * are left alone.
 */
export function requireJsonBodies(otherPrefixes: string[], uploads: readonly FileUploadRoute[] = []) {
  return (request: Request, _response: Response, next: NextFunction) => {
    if (!BODY_METHODS.has(request.method) || !request.path.startsWith('/api/')) return next();
    if (otherPrefixes.some((prefix) => request.path.startsWith(prefix)) || uploadRouteOf(uploads, request.path)) return next();
    const length = Number(request.headers['content-length'] ?? 0);
    const chunked = request.headers['transfer-encoding'] !== undefined;
    if (length === 0 && !chunked) return next();
    if (!request.is('application/json')) {
      return next(new DomainError('unsupported_media_type', 'Send the body as application/json'));
    }
    next();
  };
}

const FORM_TYPE = 'application/x-www-form-urlencoded';

/**
 * Provider webhooks (paths in `formPrefixes`) take form posts and nothing else: Twilio signs
 * the form's fields, so a JSON or text body (or none at all) could only be checked as an empty
 * form, while the handler would read whatever the body held. Any other content type is 415
 * before parsing, so nothing reaches the signature check or the handler.
 */
export function requireFormBodies(formPrefixes: string[]) {
  return (request: Request, _response: Response, next: NextFunction) => {
    if (!BODY_METHODS.has(request.method) || !formPrefixes.some((prefix) => request.path.startsWith(prefix))) return next();
    const type = String(request.headers['content-type'] ?? '')
      .split(';')[0]
      .trim()
      .toLowerCase();
    if (type !== FORM_TYPE) return next(new DomainError('unsupported_media_type', `Send the body as ${FORM_TYPE}, as Twilio does`));
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

/**
 * The `verify` hook of the JSON parser, on the raw bytes: JSON travels as UTF-8 (RFC 8259),
 * so another declared charset is 415, and a byte order mark or bytes that are not UTF-8
 * (invalid, overlong, encoded surrogates) are 400, rather than being decoded into
 * replacement characters and stored.
 */
export function verifyUtf8Json(_request: IncomingMessage, _response: ServerResponse, body: Buffer, encoding: string | null): void {
  if (encoding !== null && encoding.toLowerCase() !== 'utf-8') {
    throw new DomainError('unsupported_media_type', 'Send JSON as UTF-8 (charset=utf-8, or no charset)');
  }
  if (body.length >= 3 && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) {
    throw new DomainError('validation_failed', 'The body starts with a byte order mark; send UTF-8 JSON without one');
  }
  if (!isUtf8(body)) throw new DomainError('validation_failed', 'The body is not valid UTF-8');
}

const MAX_TEXT_ERRORS = 20;
/** Above every list a body may hold (the longest a DTO allows is 50). */
export const MAX_ARRAY_ITEMS = 200;
/** Keys that object-building code skips or treats specially: refused like any other unknown field. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor']);
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True for text Postgres can store and every client can encode: no NUL and no unpaired surrogate. */
export function isStorableText(value: string): boolean {
  return !value.includes('\u0000') && !LONE_SURROGATE.test(value);
}

const unstorable = (field: string): FieldError => ({ field, code: 'invalid_text', message: `${field} contains a NUL character or an unpaired surrogate` });
const prototypeKey = (field: string): FieldError => ({ field, code: 'unknown_field', message: `${field} is not an accepted field` });

function textErrorsInBody(body: unknown): FieldError[] {
  const errors: FieldError[] = [];
  const stack: [unknown, string][] = [[body, '']];
  for (let entry = stack.pop(); entry && errors.length < MAX_TEXT_ERRORS; entry = stack.pop()) {
    const [node, path] = entry;
    if (typeof node === 'string') {
      if (!isStorableText(node)) errors.push(unstorable(path || 'body'));
      continue;
    }
    if (node === null || typeof node !== 'object') continue;
    if (Array.isArray(node) && node.length > MAX_ARRAY_ITEMS) {
      // Refused before validation: validating 10,000 nested objects costs a second of CPU.
      errors.push({
        field: path || 'body',
        code: 'too_many_items',
        message: `${path || 'body'} holds ${node.length} items; at most ${MAX_ARRAY_ITEMS} are accepted anywhere`,
      });
      continue;
    }
    for (const [key, child] of Object.entries(node as object)) {
      const field = path ? `${path}.${key}` : key;
      if (PROTOTYPE_KEYS.has(key)) errors.push(prototypeKey(field));
      else stack.push([child, field]);
    }
  }
  return errors;
}

function decodeQueryPart(part: string): string | null {
  try {
    return decodeURIComponent(part.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

function textErrorsInQuery(url: string): FieldError[] {
  const start = url.indexOf('?');
  if (start < 0) return [];
  const errors: FieldError[] = [];
  for (const pair of url.slice(start + 1).split('&')) {
    if (errors.length >= MAX_TEXT_ERRORS) break;
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const rawKey = equals < 0 ? pair : pair.slice(0, equals);
    const key = decodeQueryPart(rawKey);
    const value = equals < 0 ? '' : decodeQueryPart(pair.slice(equals + 1));
    const field = key !== null && isStorableText(key) ? key : rawKey;
    if (key === null || value === null) errors.push({ field, code: 'invalid_encoding', message: `${field} is not valid percent-encoded UTF-8` });
    else if (PROTOTYPE_KEYS.has(key)) errors.push(prototypeKey(field));
    else if (!isStorableText(key) || !isStorableText(value)) errors.push(unstorable(field));
  }
  return errors;
}

/**
 * Refuses, naming the field, text that cannot be stored or does not mean what it seems:
 * NUL characters (Postgres text cannot hold them), unpaired surrogates (they would be
 * stored as replacement characters), query strings that are not percent-encoded UTF-8,
 * and "__proto__" / "constructor" keys (which object mapping would silently drop).
 * Runs on every API query string and JSON body; provider webhooks in `formPrefixes` keep
 * their own checks.
 */
export function refuseUnstorableText(formPrefixes: string[]) {
  return (request: Request, _response: Response, next: NextFunction): void => {
    if (!request.path.startsWith('/api/') || formPrefixes.some((prefix) => request.path.startsWith(prefix))) return next();
    const errors = textErrorsInQuery(request.originalUrl ?? request.url);
    if (request.body !== null && typeof request.body === 'object' && request.is('application/json')) errors.push(...textErrorsInBody(request.body));
    if (errors.length)
      return next(new DomainError('validation_failed', 'Some fields hold text that cannot be accepted', { errors: errors.slice(0, MAX_TEXT_ERRORS) }));
    next();
  };
}

/** A route that takes a file as its body: which paths, which types, and what to tell a sender of anything else. */
export interface FileUploadRoute {
  prefix: string;
  /** For a route with an id in its path (a case's files): the path must also match this. */
  pattern?: RegExp;
  types: readonly string[];
  hint: string;
}

/** The audio files Mayak takes (recorded phone prompts). */
export const AUDIO_TYPES = ['audio/mpeg', 'audio/wav', 'audio/x-wav'];

const mediaTypeOf = (request: { headers: Record<string, string | string[] | undefined> }) =>
  String(request.headers['content-type'] ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase();

/** The upload route a request is for, if any. */
export function uploadRouteOf(routes: readonly FileUploadRoute[], url: string): FileUploadRoute | undefined {
  return routes.find((route) => url.startsWith(route.prefix) && (!route.pattern || route.pattern.test(url)));
}

/** Whether a request carries one of its upload route's types (the raw body parser reads only those). */
export function isUploadOf(routes: readonly FileUploadRoute[], request: { url?: string; headers: Record<string, string | string[] | undefined> }): boolean {
  const route = uploadRouteOf(routes, request.url ?? '');
  return !!route && route.types.includes(mediaTypeOf(request));
}

/** Uploads (recorded prompts, knowledge-base files, a case's files) are the file itself, of a type their route takes, nothing else (415). */
export function requireUploadBodies(routes: readonly FileUploadRoute[]) {
  return (request: Request, _response: Response, next: NextFunction) => {
    if (!BODY_METHODS.has(request.method)) return next();
    const route = uploadRouteOf(routes, request.path);
    if (!route || route.types.includes(mediaTypeOf(request))) return next();
    next(new DomainError('unsupported_media_type', route.hint));
  };
}
