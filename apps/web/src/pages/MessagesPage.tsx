import { useParams } from 'react-router';
import { MessagesScreen } from '../modules/messages/components/MessagesScreen';
import { RequirePermission } from '../modules/shell/RequirePermission';

export function MessagesPage() {
  const { threadId } = useParams();
  return (
    <RequirePermission permission="telephony.answer">
      <MessagesScreen threadId={threadId ?? null} />
    </RequirePermission>
  );
}
