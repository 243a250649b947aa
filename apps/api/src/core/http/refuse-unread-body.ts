import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { DomainError } from '../errors/domain-error';

const MAX_LISTED_FIELDS = 20;
const READS_BODY = new Set<number>([RouteParamtypes.BODY, RouteParamtypes.RAW_BODY, RouteParamtypes.REQUEST]);

/**
 * Routes that take no body (an action such as "withdraw consent" or "reset the second
 * factor") refuse a JSON body with fields instead of silently ignoring them, the same way
 * validated bodies refuse unknown fields. Handlers that read the request themselves
 * (`@Req()`, e.g. sign-in) check their own input.
 */
@Injectable()
export class RefuseUnreadBody implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<Request>();
    const body: unknown = request.body;
    if (body === null || typeof body !== 'object' || Object.keys(body).length === 0 || !request.is('application/json')) return next.handle();
    const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, context.getClass(), context.getHandler().name) ?? {}) as Record<string, unknown>;
    if (Object.keys(args).some((key) => READS_BODY.has(Number(key.split(':')[0])))) return next.handle();
    const fields = Object.keys(body).slice(0, MAX_LISTED_FIELDS);
    throw new DomainError('validation_failed', 'This route takes no body', {
      errors: fields.map((field) => ({ field, code: 'unknown_field', message: `${field} is not an accepted field: this route takes no body` })),
    });
  }
}
