import { ReferralsBoard } from '../modules/referrals/components/ReferralsBoard';
import { RequirePermission } from '../modules/shell/RequirePermission';

export function ReferralsPage() {
  return (
    <RequirePermission permission="referrals.read">
      <ReferralsBoard />
    </RequirePermission>
  );
}
