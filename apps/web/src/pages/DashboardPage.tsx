import { DashboardScreen } from '../modules/dashboards/components/DashboardScreen';
import { RequirePermission } from '../modules/shell/RequirePermission';

export function DashboardPage() {
  return (
    <RequirePermission permission="dashboards.read">
      <DashboardScreen />
    </RequirePermission>
  );
}
