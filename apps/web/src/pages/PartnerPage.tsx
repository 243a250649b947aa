import { PartnerConsole } from '../modules/referrals/components/PartnerConsole';
import { RequirePermission } from '../modules/shell/RequirePermission';

export function PartnerPage() {
  return (
    <RequirePermission permission="referrals.respond">
      <PartnerConsole />
    </RequirePermission>
  );
}
