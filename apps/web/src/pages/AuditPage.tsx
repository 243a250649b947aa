import { AuditLog } from '../modules/audit/components/AuditLog';
import { RequirePermission } from '../modules/shell/RequirePermission';

export function AuditPage() {
  return (
    <RequirePermission permission="audit.read">
      <AuditLog />
    </RequirePermission>
  );
}
