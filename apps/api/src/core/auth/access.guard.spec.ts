import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { AppConfig } from '../config/app-config';
import { DomainError } from '../errors/domain-error';
import { Public, RequirePermission, SignedIn } from './access.decorators';
import { AccessGuard } from './access.guard';
import type { Session } from './session.entity';
import type { ResolvedSession, SessionsService } from './sessions.service';
import type { Account } from './account-store';

class Routes {
  @Public() health() {
    return 'health';
  }
  @SignedIn() me() {
    return 'me';
  }
  @SignedIn({ allowPending: true }) verify() {
    return 'verify';
  }
  @RequirePermission('users.manage') createUser() {
    return 'createUser';
  }
  undeclared() {
    return 'undeclared';
  }
}

const session = (state: Session['state'] = 'active'): Session => ({ id: 's1', userId: 'u1', state, csrfToken: 'csrf-token-123' }) as Session;
const user = (roles: Account['roles'], active = true): Account => ({ id: 'u1', email: 'a@b.kz', roles, active, offices: [{ id: 'o1' }] }) as Account;

type Resolved = Exclude<ResolvedSession, { status: 'valid' }> | { status: 'valid'; session: Session };

/** The session service's answer, with the user the session belongs to (one query in the real one). */
function guardWith(resolved: Resolved, owner: Account | null) {
  const answer: ResolvedSession =
    resolved.status === 'valid' && owner
      ? { ...resolved, principal: { id: owner.id, email: owner.email, roles: owner.roles, active: owner.active, officeIds: owner.offices.map((o) => o.id) } }
      : resolved.status === 'valid'
        ? { status: 'expired' }
        : resolved;
  const sessions = { resolve: jest.fn(async () => answer), revoke: jest.fn(async () => undefined) } as unknown as SessionsService;
  return { guard: new AccessGuard(new Reflector(), sessions, { publicUrl: 'https://mayak.example' } as AppConfig), sessions };
}

function context(handler: keyof Routes, request: Record<string, unknown>): ExecutionContext {
  return {
    getType: () => 'http',
    getHandler: () => Routes.prototype[handler],
    getClass: () => Routes,
    switchToHttp: () => ({ getRequest: () => ({ method: 'GET', path: '/x', headers: {}, cookies: { mayak_session: 'token' }, ...request }) }),
  } as unknown as ExecutionContext;
}

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  return promise.then(
    () => undefined,
    (error: unknown) => (error instanceof DomainError ? error.code : String(error)),
  );
}

describe('AccessGuard', () => {
  it('denies a route that declares no rule, before looking at the session', async () => {
    const { guard, sessions } = guardWith({ status: 'valid', session: session() }, user(['admin']));
    expect(await codeOf(guard.canActivate(context('undeclared', {})))).toBe('forbidden');
    expect(sessions.resolve).not.toHaveBeenCalled();
  });

  it('lets anyone reach a public route', async () => {
    const { guard } = guardWith({ status: 'absent' }, null);
    await expect(guard.canActivate(context('health', {}))).resolves.toBe(true);
  });

  it('tells a missing session from an expired one', async () => {
    expect(await codeOf(guardWith({ status: 'absent' }, null).guard.canActivate(context('me', {})))).toBe('unauthenticated');
    expect(await codeOf(guardWith({ status: 'expired' }, null).guard.canActivate(context('me', {})))).toBe('session_expired');
  });

  it('ends the session of a deactivated user', async () => {
    const { guard, sessions } = guardWith({ status: 'valid', session: session() }, user(['operator'], false));
    expect(await codeOf(guard.canActivate(context('me', {})))).toBe('session_expired');
    expect(sessions.revoke).toHaveBeenCalledWith('s1');
  });

  it('keeps a session without its second factor to the sign-in steps', async () => {
    expect(await codeOf(guardWith({ status: 'valid', session: session('mfa_required') }, user(['admin'])).guard.canActivate(context('createUser', {})))).toBe(
      'mfa_required',
    );
    expect(await codeOf(guardWith({ status: 'valid', session: session('mfa_enrolment_required') }, user(['admin'])).guard.canActivate(context('me', {})))).toBe(
      'mfa_enrolment_required',
    );
    await expect(guardWith({ status: 'valid', session: session('mfa_required') }, user(['admin'])).guard.canActivate(context('verify', {}))).resolves.toBe(
      true,
    );
  });

  it("checks the permission of the route against the user's roles", async () => {
    expect(
      await codeOf(guardWith({ status: 'valid', session: session() }, user(['operator', 'supervisor'])).guard.canActivate(context('createUser', {}))),
    ).toBe('forbidden');
    await expect(guardWith({ status: 'valid', session: session() }, user(['admin'])).guard.canActivate(context('createUser', {}))).resolves.toBe(true);
  });

  it('requires the CSRF token on writes and refuses foreign origins', async () => {
    const { guard } = guardWith({ status: 'valid', session: session() }, user(['admin']));
    expect(await codeOf(guard.canActivate(context('createUser', { method: 'POST' })))).toBe('csrf_failed');
    expect(await codeOf(guard.canActivate(context('createUser', { method: 'POST', headers: { 'x-csrf-token': 'wrong' } })))).toBe('csrf_failed');
    await expect(guard.canActivate(context('createUser', { method: 'POST', headers: { 'x-csrf-token': 'csrf-token-123' } }))).resolves.toBe(true);
    expect(await codeOf(guard.canActivate(context('health', { method: 'POST', headers: { origin: 'https://evil.example', host: 'mayak.example' } })))).toBe(
      'csrf_failed',
    );
    await expect(guard.canActivate(context('health', { method: 'POST', headers: { origin: 'https://mayak.example' } }))).resolves.toBe(true);
  });
});
