import { CallbacksScreen } from '../modules/callbacks/components/CallbacksScreen';
import { RequirePermission } from '../modules/shell/RequirePermission';

export function CallbacksPage() {
  return (
    <RequirePermission permission="callbacks.read">
      <CallbacksScreen />
    </RequirePermission>
  );
}
