import { CaseList } from '../modules/cases/components/CaseList';
import { RequirePermission } from '../modules/shell/RequirePermission';

export function CasesPage() {
  return (
    <RequirePermission permission="cases.read">
      <CaseList />
    </RequirePermission>
  );
}
