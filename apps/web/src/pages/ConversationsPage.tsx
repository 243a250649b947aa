import { useParams } from 'react-router';
import { ConversationsScreen } from '../modules/conversations/components/ConversationsScreen';
import { RequirePermission } from '../modules/shell/RequirePermission';

export function ConversationsPage() {
  const { conversationId } = useParams();
  return (
    <RequirePermission permission="telephony.answer">
      <ConversationsScreen conversationId={conversationId ?? null} />
    </RequirePermission>
  );
}
