import { useParams } from 'react-router';
import { MergeScreen } from '../modules/people/components/MergeScreen';
import { RequirePermission } from '../modules/shell/RequirePermission';

export function PersonMergePage() {
  const { id, otherId } = useParams();
  return (
    <RequirePermission permission="people.merge">
      <MergeScreen key={`${id}-${otherId}`} id={id ?? ''} otherId={otherId ?? ''} />
    </RequirePermission>
  );
}
