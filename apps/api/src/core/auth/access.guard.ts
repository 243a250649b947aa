import { CanActivate, ExecutionContext, Inject, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { can, permissionsOf, type PermissionTable } from '@mayak/domain';
import type { Request } from 'express';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { setActor, type Actor } from '../context/request-context';
import { constantTimeEquals } from '../crypto/tokens';
import { DomainError } from '../errors/domain-error';
import { ACCESS_RULE, type AccessRule } from './access.decorators';
import { CSRF_HEADER, SESSION_COOKIE } from './session.cookie';
import type { Session } from './session.entity';
import { SessionsService } from './sessions.service';

export type AuthedRequest = Request & { mayakSession?: Session; actor?: Actor };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The one gate every route passes: deny unless the route names its rule; then session,
 * second factor, CSRF and permission, in that order.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger('AccessGuard');
  private readonly allowedOrigins: Set<string>;
  private readonly permissionTable: PermissionTable;

  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionsService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.allowedOrigins = new Set([new URL(config.publicUrl).origin]);
    this.permissionTable = config.permissionTable;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [context.getHandler(), context.getClass()]);
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    if (!rule) {
      this.logger.error(`Route ${request.method} ${request.path} declares no access rule; denied`);
      throw new DomainError('forbidden', 'This route is not open to anyone');
    }
    const unsafe = !SAFE_METHODS.has(request.method);
    if (unsafe && !(rule.kind === 'public' && rule.crossOrigin)) this.assertSameOrigin(request);
    if (rule.kind === 'public') return true;

    const token = (request.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
    const resolved = await this.sessions.resolve(token);
    if (resolved.status === 'absent') throw new DomainError('unauthenticated', 'Sign in first');
    if (resolved.status === 'expired') throw new DomainError('session_expired', 'Your session has ended; sign in again');
    const { session, principal: user } = resolved;
    if (!user.active) {
      await this.sessions.revoke(session.id);
      throw new DomainError('session_expired', 'Your session has ended; sign in again');
    }
    if (unsafe) {
      const header = request.headers[CSRF_HEADER];
      if (typeof header !== 'string' || !constantTimeEquals(header, session.csrfToken)) {
        throw new DomainError('csrf_failed', 'Missing or wrong X-CSRF-Token header; reload the page');
      }
    }
    const pendingAllowed = rule.kind === 'signed_in' && rule.allowPending;
    if (session.state !== 'active' && !pendingAllowed) {
      throw session.state === 'mfa_required'
        ? new DomainError('mfa_required', 'Enter the code from your authenticator app first')
        : new DomainError('mfa_enrolment_required', 'Set up your authenticator app first');
    }
    if (rule.kind === 'permission' && !can(user.roles, rule.permission, this.permissionTable)) {
      throw new DomainError('forbidden', 'Your role does not allow this');
    }
    const actor: Actor = {
      userId: user.id,
      email: user.email,
      roles: user.roles,
      officeIds: user.officeIds,
      sessionId: session.id,
      permissions: session.state === 'active' ? permissionsOf(user.roles, this.permissionTable) : [],
    };
    request.mayakSession = session;
    request.actor = actor;
    setActor(actor);
    return true;
  }

  /** Browsers send Origin on cross-site writes; anything not from us is refused (login CSRF too). */
  private assertSameOrigin(request: Request): void {
    const origin = request.headers.origin;
    if (!origin) return;
    const host = request.headers.host;
    if (this.allowedOrigins.has(origin)) return;
    try {
      if (host && new URL(origin).host === host) return;
    } catch {
      // fall through
    }
    throw new DomainError('csrf_failed', 'Cross-site request refused');
  }
}
