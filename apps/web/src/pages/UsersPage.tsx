import { RequirePermission } from '../modules/shell/RequirePermission';
import { UsersAdmin } from '../modules/users/components/UsersAdmin';

export function UsersPage() {
  return (
    <RequirePermission permission="users.read">
      <UsersAdmin />
    </RequirePermission>
  );
}
