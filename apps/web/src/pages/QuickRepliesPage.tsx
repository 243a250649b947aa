import { QuickRepliesScreen } from '../modules/quick-replies/components/QuickRepliesScreen';
import { RequirePermission } from '../modules/shell/RequirePermission';

export function QuickRepliesPage() {
  return (
    <RequirePermission permission="knowledge.read">
      <QuickRepliesScreen />
    </RequirePermission>
  );
}
