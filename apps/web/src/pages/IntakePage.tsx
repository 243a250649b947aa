import { IntakeScreen } from '../modules/contacts/components/IntakeScreen';
import { RequirePermission } from '../modules/shell/RequirePermission';

export function IntakePage() {
  return (
    <RequirePermission permission="contacts.write">
      <IntakeScreen />
    </RequirePermission>
  );
}
