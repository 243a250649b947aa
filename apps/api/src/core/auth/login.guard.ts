import { ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import { DomainError } from '../errors/domain-error';

const ACCEPTED_FIELDS = new Set(['email', 'password', 'code']);

/**
 * Runs the local strategy. Passport answers a missing field with a bare 400/401; we check
 * the body's shape first so the caller gets the same problem+json as everywhere else.
 */
@Injectable()
export class LoginGuard extends AuthGuard('local') {
  override canActivate(context: ExecutionContext) {
    const body = context.switchToHttp().getRequest<Request>().body as Record<string, unknown> | undefined;
    const missing = ['email', 'password'].filter((f) => typeof body?.[f] !== 'string' || body[f] === '');
    const unknown = Object.keys(body ?? {}).filter((f) => !ACCEPTED_FIELDS.has(f));
    if (missing.length || unknown.length) {
      throw new DomainError('validation_failed', 'E-mail and password are required', {
        errors: [
          ...missing.map((field) => ({ field, code: 'isNotEmpty', message: `${field} is required` })),
          ...unknown.map((field) => ({ field, code: 'unknown_field', message: `${field} is not an accepted field` })),
        ],
      });
    }
    return super.canActivate(context);
  }

  override handleRequest<T>(error: unknown, user: T): T {
    if (error) throw error;
    if (!user) throw new DomainError('invalid_credentials', 'The e-mail or password is not right');
    return user;
  }
}
