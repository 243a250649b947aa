import { MergesList } from '../modules/people/components/MergesList';
import { RequirePermission } from '../modules/shell/RequirePermission';

export function PersonMergesPage() {
  return (
    <RequirePermission permission="people.unmerge">
      <MergesList />
    </RequirePermission>
  );
}
