import { OfficesAdmin } from '../modules/offices/components/OfficesAdmin';
import { RequirePermission } from '../modules/shell/RequirePermission';

export function OfficesPage() {
  return (
    <RequirePermission permission="offices.read">
      <OfficesAdmin />
    </RequirePermission>
  );
}
