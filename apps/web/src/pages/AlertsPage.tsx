import { AlertsInbox } from '../modules/alerts/components/AlertsInbox';
import { RequirePermission } from '../modules/shell/RequirePermission';

export function AlertsPage() {
  return (
    <RequirePermission permission="alerts.read">
      <AlertsInbox />
    </RequirePermission>
  );
}
