import type { Permission } from '@mayak/domain';
import type { ReactNode } from 'react';
import { useSession } from '../auth/hooks/use-session';
import { hasPermission } from '../auth/session';
import { NoAccess } from '../ui';

/** Renders its children only for users holding the permission; a translated notice otherwise. */
export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const session = useSession();
  if (!session.data) return null;
  return hasPermission(session.data, permission) ? <>{children}</> : <NoAccess />;
}
