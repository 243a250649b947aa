import { RetentionScreen } from '../modules/retention/components/RetentionScreen';
import { RequirePermission } from '../modules/shell/RequirePermission';

export function RetentionPage() {
  return (
    <RequirePermission permission="retention.manage">
      <RetentionScreen />
    </RequirePermission>
  );
}
