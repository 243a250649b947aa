import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Permission } from '@mayak/domain';
import type { Actor } from '../context/request-context';

export const ACCESS_RULE = 'mayak:access-rule';

/**
 * Every route declares who may call it. The global AccessGuard denies any route that
 * declares nothing, so a forgotten decorator fails closed.
 */
export type AccessRule =
  { kind: 'public'; crossOrigin?: boolean } | { kind: 'signed_in'; allowPending: boolean } | { kind: 'permission'; permission: Permission };

export const Public = () => SetMetadata(ACCESS_RULE, { kind: 'public' } satisfies AccessRule);
/**
 * Public, and callable from other sites' pages (the web chat widget on the hotline's website):
 * such a route takes no cookie, so a cross-site write is not a forged one; CORS says which
 * sites' scripts may read its answers.
 */
export const PublicCrossOrigin = () => SetMetadata(ACCESS_RULE, { kind: 'public', crossOrigin: true } satisfies AccessRule);
/** Any signed-in user; `allowPending` also admits a session still completing its second factor. */
export const SignedIn = (options: { allowPending?: boolean } = {}) =>
  SetMetadata(ACCESS_RULE, { kind: 'signed_in', allowPending: options.allowPending ?? false } satisfies AccessRule);
export const RequirePermission = (permission: Permission) => SetMetadata(ACCESS_RULE, { kind: 'permission', permission } satisfies AccessRule);

export const CurrentActor = createParamDecorator((_data: unknown, ctx: ExecutionContext): Actor => {
  const request = ctx.switchToHttp().getRequest<{ actor?: Actor }>();
  if (!request.actor) throw new Error('CurrentActor used on a route without a signed-in user');
  return request.actor;
});
