import { ExportsScreen } from '../modules/exports/components/ExportsScreen';
import { RequirePermission } from '../modules/shell/RequirePermission';

export function ExportsPage() {
  return (
    <RequirePermission permission="exports.run">
      <ExportsScreen />
    </RequirePermission>
  );
}
