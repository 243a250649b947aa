import { useParams } from 'react-router';
import { PersonWorkspace } from '../modules/people/components/PersonWorkspace';
import { RequirePermission } from '../modules/shell/RequirePermission';

export function PersonPage() {
  const { id } = useParams();
  return (
    <RequirePermission permission="people.read">
      <PersonWorkspace key={id} id={id ?? ''} />
    </RequirePermission>
  );
}
