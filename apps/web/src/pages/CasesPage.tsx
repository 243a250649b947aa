import { CaseList } from '../modules/cases/components/CaseList';
import { IncomingTransfers } from '../modules/cases/components/IncomingTransfers';
import { RequirePermission } from '../modules/shell/RequirePermission';

export function CasesPage() {
  return (
    <RequirePermission permission="cases.read">
      <CaseList before={<IncomingTransfers />} />
    </RequirePermission>
  );
}
