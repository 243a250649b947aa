import { useTranslation } from 'react-i18next';
import { useCan } from '@web/modules/auth/hooks/use-can';
import { useSession } from '@web/modules/auth/hooks/use-session';
import { FlagList } from '@web/modules/people/components/FlagList';
import { QuickReplyPicker } from '@web/modules/quick-replies/components/QuickReplyPicker';
import { Alert, ErrorAlert, LoadingState, Paper, Stack } from '@web/modules/ui';
import { chronological, conversationFlags, isDoNotContact, useConversation, useConversationMessages } from '../hooks/use-conversations';
import { useReply, useScrollToNewest } from '../hooks/use-reply';
import { ConversationHeader, ConversationNotices, SameCallerLinks } from './ConversationHeader';
import { ConversationMessages } from './ConversationMessages';
import { HolderBar } from './HolderBar';
import { replyAccess } from './reply';
import { ReplyForm } from './ReplyForm';
import { SendFileDialog } from './SendFileDialog';
import { TemplateDialog } from './TemplateDialog';

/** One conversation: the client's number and flags, the texts oldest at the top ("Load earlier" above), and the reply box. */
export function Conversation({ conversationId }: { conversationId: string }) {
  const { t } = useTranslation();
  const conversation = useConversation(conversationId);
  const messages = useConversationMessages(conversationId);
  const session = useSession();
  const can = useCan();
  const userId = session.data?.user.id ?? '';
  const supervises = can('telephony.supervise');
  const reply = useReply(conversationId);
  const items = chronological(messages.data);
  const viewport = useScrollToNewest(items[items.length - 1]?.id);

  if (conversation.isPending) return <LoadingState />;
  if (conversation.isError) return <ErrorAlert error={conversation.error} />;
  const flags = conversationFlags(conversation.data);
  const doNotContact = isDoNotContact(flags);
  const { windowClosed, heldByOther, blocked } = replyAccess({ conversation: conversation.data, doNotContact, userId, supervises });

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="conversation-title" data-testid="conversation-panel">
      <Stack gap="sm">
        <ConversationHeader conversation={conversation.data} userId={userId} />
        <SameCallerLinks sameCaller={conversation.data.sameCaller} />
        <HolderBar
          conversationId={conversationId}
          holder={conversation.data.holder}
          officeId={conversation.data.officeId}
          userId={userId}
          supervises={supervises}
        />
        <FlagList flags={flags} title={t('caller.flagged')} />
        <ConversationNotices
          doNotContact={doNotContact}
          heldByOther={heldByOther}
          windowClosed={windowClosed}
          closesAt={conversation.data.replyWindow.closesAt}
          onOpenTemplates={reply.openTemplates}
        />
        <ConversationMessages messages={messages} items={items} viewportRef={viewport} />
        {reply.refused ? (
          <Alert
            color="red"
            role="alert"
            title={t('conversations.refused.title')}
            withCloseButton
            closeButtonLabel={t('common.close')}
            onClose={reply.dismissRefused}
            data-testid="conversation-refused"
          >
            {t('conversations.refused.detail', { code: reply.refused.errorCode ?? '—' })}
          </Alert>
        ) : null}
        <ErrorAlert error={reply.send.error} />
        <ReplyForm reply={reply} blocked={blocked} />
        <TemplateDialog opened={reply.templating} conversationId={conversationId} onClose={reply.closeTemplates} />
        <SendFileDialog opened={reply.sendingFile} conversationId={conversationId} onClose={reply.closeSendFile} onSent={reply.noteSent} />
        <QuickReplyPicker opened={reply.picking} officeId={conversation.data.officeId} onPick={reply.insertQuickReply} onClose={reply.closePicker} />
      </Stack>
    </Paper>
  );
}
