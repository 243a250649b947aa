import type { Permission } from '@mayak/domain';
import { hasPermission } from '../session';
import { useSession } from './use-session';

/** `can('cases.assign')`: whether the signed-in user holds a permission (the API decides per record). */
export function useCan(): (permission: Permission) => boolean {
  const session = useSession();
  return (permission) => hasPermission(session.data, permission);
}
