import { setCsrfToken, type SessionDto, type SessionState } from '@mayak/api-client';
import type { Permission } from '@mayak/domain';
import type { QueryClient } from '@tanstack/react-query';

export const SESSION_KEY = ['session'] as const;

/**
 * Every SessionDto carries the current CSRF token; keep it and cache the session.
 * `fresh` (a new sign-in) drops everything cached for whoever used this browser before.
 */
export function acceptSession(queryClient: QueryClient, session: SessionDto, fresh = false): void {
  if (fresh) queryClient.removeQueries();
  setCsrfToken(session.csrfToken);
  queryClient.setQueryData(SESSION_KEY, session);
}

export function forgetSession(queryClient: QueryClient): void {
  setCsrfToken(null);
  queryClient.clear();
}

/** Where a session in a given state belongs. */
export function pathForState(state: SessionState): string {
  switch (state) {
    case 'active':
      return '/';
    case 'mfa_required':
      return '/login/mfa';
    case 'mfa_enrolment_required':
      return '/login/enrol';
  }
}

export function hasPermission(session: SessionDto | undefined, permission: Permission): boolean {
  return !!session && session.state === 'active' && (session.user.permissions as readonly string[]).includes(permission);
}
