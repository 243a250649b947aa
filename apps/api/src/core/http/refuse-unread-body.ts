import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { Request } from 'express';
import { DomainError } from '../errors/domain-error';

const MAX_LISTED_FIELDS = 20;
const READS_BODY = new Set<number>([RouteParamtypes.BODY, RouteParamtypes.RAW_BODY, RouteParamtypes.REQUEST]);

/**
 * Routes that take no body (an action such as "withdraw consent" or "reset the second
 * factor") refuse a JSON body with fields instead of silently ignoring them, the same way
 * validated bodies refuse unknown fields. Handlers that read the request themselves
 * (`@Req()`, e.g. sign-in) check their own input.
 *
 * A guard, registered after the access guard (so a stranger is told to sign in, not how to
 * shape a body): Nest wraps each interceptor of every request in an async resource, which
 * cost this one more than its check.
 */
@Injectable()
export class RefuseUnreadBody implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<Request>();
    const body: unknown = request.body;
    if (body === null || typeof body !== 'object' || Object.keys(body).length === 0 || !request.is('application/json')) return true;
    const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, context.getClass(), context.getHandler().name) ?? {}) as Record<string, unknown>;
    if (Object.keys(args).some((key) => READS_BODY.has(Number(key.split(':')[0])))) return true;
    const fields = Object.keys(body).slice(0, MAX_LISTED_FIELDS);
    throw new DomainError('validation_failed', 'This route takes no body', {
      errors: fields.map((field) => ({ field, code: 'unknown_field', message: `${field} is not an accepted field: this route takes no body` })),
    });
  }
}
