import { useParams } from 'react-router';
import { CaseWorkspace } from '../modules/cases/components/CaseWorkspace';
import { RequirePermission } from '../modules/shell/RequirePermission';

export function CasePage() {
  const { id } = useParams();
  return (
    <RequirePermission permission="cases.read">
      <CaseWorkspace key={id} id={id ?? ''} />
    </RequirePermission>
  );
}
