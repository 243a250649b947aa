import { MailDelivery } from '../modules/notifications/components/MailDelivery';
import { QueueHealth } from '../modules/queues/components/QueueHealth';
import { RequirePermission } from '../modules/shell/RequirePermission';

export function QueuesPage() {
  return (
    <RequirePermission permission="queues.read">
      <QueueHealth />
      <MailDelivery />
    </RequirePermission>
  );
}
