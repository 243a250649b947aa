import { AsyncLocalStorage } from 'node:async_hooks';
import type { Permission, Role } from '@mayak/domain';

export interface Actor {
  userId: string;
  email: string;
  roles: Role[];
  officeIds: string[];
  sessionId: string;
  /** What the roles allow in this installation (see AppConfig.permissionTable). */
  permissions: Permission[];
}

/** What every log line and audit row needs to know about the request being served. */
export interface RequestContext {
  requestId: string;
  ip: string | null;
  userAgent: string | null;
  actor?: Actor;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}

export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

export function setActor(actor: Actor): void {
  const store = storage.getStore();
  if (store) store.actor = actor;
}
