import { useTranslation } from 'react-i18next';
import { Button, Group, ShortcutHint, Stack, Textarea } from '@web/modules/ui';
import { MESSAGE_MAX_LENGTH } from '../hooks/use-conversations';
import type { useReply } from '../hooks/use-reply';

const SEND_KEYS = ['Ctrl', 'Enter'];
const QUICK_REPLY_KEYS = ['Alt', 'Q'];

/** The reply box (Ctrl+Enter sends, Alt+Q opens the quick replies) with Send a file, Quick replies and Send. */
export function ReplyForm({ reply, blocked }: { reply: ReturnType<typeof useReply>; blocked: boolean }) {
  const { t } = useTranslation();
  return (
    <form
      noValidate
      aria-label={t('conversations.replyForm')}
      onSubmit={(event) => {
        event.preventDefault();
        if (!blocked) reply.submit();
      }}
    >
      <Stack gap="xs">
        <Textarea
          label={t('conversations.reply')}
          description={t('conversations.replyHint', { n: reply.body.length, max: MESSAGE_MAX_LENGTH })}
          name="body"
          autosize
          minRows={2}
          maxRows={8}
          maxLength={MESSAGE_MAX_LENGTH}
          disabled={blocked}
          value={reply.body}
          error={reply.bodyError}
          data-testid="conversation-reply"
          ref={reply.replyBox}
          aria-keyshortcuts="Control+Enter Alt+Q"
          onChange={(event) => reply.change(event.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !blocked) {
              event.preventDefault();
              reply.submit();
            }
            if (event.altKey && event.code === 'KeyQ' && !blocked) {
              event.preventDefault();
              reply.openPicker();
            }
          }}
        />
        <Group justify="flex-end">
          <Button variant="default" disabled={blocked} onClick={reply.openSendFile} data-testid="send-file-open">
            {t('conversations.sendFile.open')}
          </Button>
          <Button
            variant="default"
            disabled={blocked}
            onClick={reply.openPicker}
            data-testid="quick-reply-open"
            aria-keyshortcuts="Alt+Q"
            rightSection={<ShortcutHint keys={QUICK_REPLY_KEYS} />}
          >
            {t('quickReplies.open')}
          </Button>
          <Button
            type="submit"
            disabled={blocked}
            loading={reply.send.isPending}
            data-testid="conversation-send"
            aria-keyshortcuts="Control+Enter"
            rightSection={<ShortcutHint keys={SEND_KEYS} />}
          >
            {t('conversations.send')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
