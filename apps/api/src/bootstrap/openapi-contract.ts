import type { INestApplication } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { ResponseObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { ERROR_CODES, type ErrorCode } from '@mayak/domain';
import { ACCESS_RULE, type AccessRule } from '../core/auth/access.decorators';
import { statusOf } from '../core/errors/domain-error';

type Json = Record<string, unknown>;
type Operation = Json & {
  operationId?: string;
  summary?: string;
  parameters?: { in: string }[];
  requestBody?: unknown;
  responses: Record<string, unknown>;
  security?: unknown;
};

const WRITE_METHODS = new Set(['post', 'put', 'patch', 'delete']);

/** The problem answers an operation may give, by status, with the codes each carries (from the one code-to-status table). */
function problemResponses(): Record<string, ResponseObject> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of ERROR_CODES) {
    const status = statusOf(code);
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const responses: Record<string, ResponseObject> = {};
  for (const [status, codes] of byStatus) {
    responses[`Problem${status}`] = {
      description: `application/problem+json (RFC 9457); \`code\` is one of: ${codes.join(', ')}`,
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    };
  }
  return responses;
}

const PROBLEM_SCHEMAS: Record<string, Json> = {
  ProblemFieldError: {
    type: 'object',
    required: ['field', 'code', 'message'],
    properties: {
      field: { type: 'string', description: 'The request property (DTO field) at fault' },
      code: { type: 'string', description: 'What is wrong with it (fieldErrors.<code> in the console)' },
      message: { type: 'string' },
    },
  },
  Problem: {
    type: 'object',
    description: 'Every API error (RFC 9457)',
    required: ['type', 'title', 'status', 'detail', 'code'],
    properties: {
      type: { type: 'string', example: 'urn:mayak:problem:not_found' },
      title: { type: 'string' },
      status: { type: 'integer' },
      detail: { type: 'string' },
      code: { type: 'string', enum: [...ERROR_CODES] },
      instance: { type: 'string' },
      requestId: { type: 'string' },
      errors: { type: 'array', items: { $ref: '#/components/schemas/ProblemFieldError' }, description: 'Per-field problems of a 400' },
      allowed: { type: 'array', items: { type: 'string' }, description: 'After an illegal state transition (409 illegal_transition): the states allowed next' },
      retryAfterSeconds: {
        type: 'integer',
        description: 'After too many failed attempts (429 too_many_attempts): seconds before the next attempt is checked, as in Retry-After',
      },
      secondFactorAccepted: {
        type: 'boolean',
        description: 'At sign-in (429 too_many_attempts): the password sent together with the second-factor code (`code`) is accepted now',
      },
    },
  },
};

/** Operations that check a password or code and so can answer 429 too_many_attempts. */
const SECRET_CHECKS = new Set(['login', 'verifyMfa', 'startMfaEnrolment', 'changePassword', 'renewRecoveryCodes']);

/** Who may call each handler, by its operation id (the handler's name, as the document names operations). */
function accessRules(app: INestApplication): Map<string, AccessRule> {
  const discovery = new DiscoveryService(app.get(ModulesContainer));
  const scanner = new MetadataScanner();
  const reflector = new Reflector();
  const rules = new Map<string, AccessRule>();
  for (const wrapper of discovery.getControllers()) {
    if (!wrapper.instance || !wrapper.metatype) continue;
    const prototype = Object.getPrototypeOf(wrapper.instance) as Record<string, unknown>;
    for (const method of scanner.getAllMethodNames(prototype)) {
      const rule = reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [prototype[method] as () => void, wrapper.metatype]);
      if (rule) rules.set(method, rule);
    }
  }
  return rules;
}

/** `listCases` -> "List cases": a summary for operations that give none. */
function summaryOf(operationId: string): string {
  const words = operationId.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** OpenAPI 3.0 wants `type` beside `nullable`: a nullable reference to a named enum takes the enum's type. */
function typeNullableReferences(document: OpenAPIObject): void {
  const schemas = (document.components?.schemas ?? {}) as Record<string, Json>;
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const schema = node as Json;
    if (schema.nullable === true && schema.type === undefined && Array.isArray(schema.allOf) && schema.allOf.length === 1) {
      const ref = (schema.allOf[0] as Json).$ref;
      const target = typeof ref === 'string' ? schemas[ref.replace('#/components/schemas/', '')] : undefined;
      if (target?.type) schema.type = target.type;
    }
    Object.values(schema).forEach(visit);
  };
  visit(document);
}

/**
 * Says in the document what the API does: who may call each operation (the session cookie,
 * plus the CSRF header on writes; nothing on public ones), every problem answer it may give
 * with its codes, a summary for each operation, and types beside `nullable`.
 */
export function describeContract(app: INestApplication, document: OpenAPIObject): OpenAPIObject {
  const rules = accessRules(app);
  document.components = {
    ...document.components,
    schemas: { ...(document.components?.schemas ?? {}), ...PROBLEM_SCHEMAS },
    responses: { ...(document.components?.responses ?? {}), ...problemResponses() },
  };
  const problem = (status: number) => ({ $ref: `#/components/responses/Problem${status}` });
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, value] of Object.entries(item as Record<string, Operation>)) {
      if (!value || typeof value !== 'object' || !('responses' in value)) continue;
      const operation = value;
      const id = operation.operationId ?? `${method} ${path}`;
      operation.summary ??= summaryOf(id);
      const rule = rules.get(id);
      const isPublic = rule?.kind === 'public';
      operation.security = isPublic ? [] : [WRITE_METHODS.has(method) ? { cookie: [], csrf: [] } : { cookie: [] }];
      const statuses = new Set<number>([500, 503]);
      if (operation.requestBody || operation.parameters?.some((p) => p.in === 'query' || p.in === 'path')) statuses.add(400);
      if (operation.requestBody) [413, 415].forEach((s) => statuses.add(s));
      if (!isPublic) [401, 403].forEach((s) => statuses.add(s));
      if (path.includes('{')) statuses.add(404);
      if (WRITE_METHODS.has(method) && !isPublic) [409, 422].forEach((s) => statuses.add(s));
      if (SECRET_CHECKS.has(id)) statuses.add(429);
      for (const status of statuses) operation.responses[String(status)] ??= problem(status);
    }
  }
  // Only the problem answers some operation gives (502 is the telephony provider's, declared by those routes).
  const used = new Set(JSON.stringify(document.paths).match(/#\/components\/responses\/Problem\d{3}/g) ?? []);
  const responses = document.components.responses ?? {};
  for (const name of Object.keys(responses)) if (name.startsWith('Problem') && !used.has(`#/components/responses/${name}`)) delete responses[name];
  typeNullableReferences(document);
  return document;
}
