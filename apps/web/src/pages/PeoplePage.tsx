import { PeopleList } from '../modules/people/components/PeopleList';
import { RequirePermission } from '../modules/shell/RequirePermission';

export function PeoplePage() {
  return (
    <RequirePermission permission="people.read">
      <PeopleList />
    </RequirePermission>
  );
}
