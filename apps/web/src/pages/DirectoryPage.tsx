import { DirectoryScreen } from '../modules/directory/components/DirectoryScreen';
import { RequirePermission } from '../modules/shell/RequirePermission';

export function DirectoryPage() {
  return (
    <RequirePermission permission="directory.read">
      <DirectoryScreen />
    </RequirePermission>
  );
}
