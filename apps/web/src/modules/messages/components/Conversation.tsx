import type { ConversationMessageDto } from '@mayak/api-client';
import { formatPhone } from '@mayak/domain';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormatDateTime } from '../../i18n/format';
import { FlagList } from '../../people/components/FlagList';
import {
  Alert, Anchor, Box, Button, ErrorAlert, Group, LoadingState, Paper, ScrollArea, ShortcutHint, Stack, StatusBadge, Text, Textarea, Title,
} from '../../ui';
import { chronological, isDoNotContact, MESSAGE_MAX_LENGTH, messageStatusColor, threadFlags, useSendMessage, useConversationMessages, useConversation } from '../hooks/use-messages';
import { ChannelBadge, MessageContent } from './MessageContent';
import { QuickReplyPicker } from '../../quick-replies/components/QuickReplyPicker';
import { HolderBar } from './HolderBar';
import { SendFileDialog } from './SendFileDialog';
import { TemplateDialog } from './TemplateDialog';
import { useSession } from '../../auth/hooks/use-session';
import { useCan } from '../../auth/hooks/use-can';

const SEND_KEYS = ['Ctrl', 'Enter'];
const QUICK_REPLY_KEYS = ['Alt', 'Q'];

/** One thread: the client's number and flags, the texts oldest at the top ("Load earlier" above), and the reply box. */
export function Conversation({ threadId }: { threadId: string }) {
  const { t } = useTranslation();
  const thread = useConversation(threadId);
  const messages = useConversationMessages(threadId);
  const send = useSendMessage(threadId);
  const session = useSession();
  const can = useCan();
  const userId = session.data?.user.id ?? '';
  const supervises = can('telephony.supervise');
  const formatDateTime = useFormatDateTime();
  const [body, setBody] = useState('');
  const [bodyError, setBodyError] = useState<string | null>(null);
  const [refused, setRefused] = useState<ConversationMessageDto | null>(null);
  const viewport = useRef<HTMLDivElement>(null);
  const replyBox = useRef<HTMLTextAreaElement>(null);
  const [picking, setPicking] = useState(false);
  const [templating, setTemplating] = useState(false);
  const [sendingFile, setSendingFile] = useState(false);
  const items = chronological(messages.data);
  const newestId = items[items.length - 1]?.id;

  // The newest text is at the bottom: keep it in view when it changes (not when older pages load above).
  useEffect(() => {
    const el = viewport.current;
    if (el) el.scrollTo({ top: el.scrollHeight });
  }, [newestId]);

  if (thread.isPending) return <LoadingState />;
  if (thread.isError) return <ErrorAlert error={thread.error} />;
  const flags = threadFlags(thread.data);
  const windowClosed = thread.data.replyWindow.kind === 'templates_only';
  const heldByOther = !!thread.data.holder && thread.data.holder.id !== userId && !supervises;
  const blocked = isDoNotContact(flags) || windowClosed || heldByOther;

  // A quick reply goes where the cursor was (replacing a selection), and the cursor after it.
  const insertQuickReply = (text: string) => {
    const box = replyBox.current;
    const start = box?.selectionStart ?? body.length;
    const end = box?.selectionEnd ?? body.length;
    const next = `${body.slice(0, start)}${text}${body.slice(end)}`.slice(0, MESSAGE_MAX_LENGTH);
    setBody(next);
    setBodyError(null);
    setPicking(false);
    const caret = Math.min(start + text.length, next.length);
    requestAnimationFrame(() => {
      replyBox.current?.focus();
      replyBox.current?.setSelectionRange(caret, caret);
    });
  };

  const submit = () => {
    const text = body.trim();
    if (!text) {
      setBodyError(t('fieldErrors.required'));
      return;
    }
    if (text.length > MESSAGE_MAX_LENGTH) {
      setBodyError(t('fieldErrors.maxLength'));
      return;
    }
    setBodyError(null);
    setRefused(null);
    send.mutate(text, {
      onSuccess: (message) => {
        setBody('');
        if (message.status === 'failed' || message.status === 'undelivered') setRefused(message);
      },
    });
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="conversation-title" data-testid="sms-conversation">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Title order={2} size="h4" id="conversation-title">
            {t('messages.conversationWith')} <Text span inherit ff="monospace">{formatPhone(thread.data.address)}</Text>
            {thread.data.displayName ? <Text span inherit fw={400}> ({thread.data.displayName})</Text> : null}
          </Title>
          <ChannelBadge channel={thread.data.channel} />
          {thread.data.contactId ? (
            <Group gap="sm">
              {thread.data.holder?.id === userId ? (
                // The conversation is recorded like a call: category, caller type, notes, then Complete.
                <Anchor component={Link} to={`/intake?contact=${thread.data.contactId}`} size="sm" data-testid="conversation-intake">{t('messages.recordContact')}</Anchor>
              ) : null}
              <Anchor component={Link} to={`/contacts/${thread.data.contactId}`} size="sm">{t('messages.openContact')}</Anchor>
            </Group>
          ) : null}
        </Group>
        {thread.data.sameCaller.length ? (
          <Group gap="xs" wrap="wrap" data-testid="same-caller">
            <Text size="sm">{t('messages.sameCaller')}</Text>
            {thread.data.sameCaller.map((other) => (
              <Anchor key={other.id} component={Link} to={`/messages/${other.id}`} size="sm" data-testid={`same-caller-${other.channel}`}>
                {t(`messages.channel.${other.channel}`)}
              </Anchor>
            ))}
          </Group>
        ) : null}
        <HolderBar conversationId={threadId} holder={thread.data.holder} officeId={thread.data.officeId} userId={userId} supervises={supervises} />
        <FlagList flags={flags} title={t('caller.flagged')} />
        {isDoNotContact(flags) ? (
          <Alert color="red" title={t('messages.doNotContact.title')} data-testid="sms-do-not-contact">
            {t('messages.doNotContact.detail')}
          </Alert>
        ) : null}
        {heldByOther ? (
          <Alert color="gray" data-testid="conversation-held">{t('messages.holder.heldByOther')}</Alert>
        ) : null}
        {windowClosed ? (
          <Alert color="orange" title={t('messages.window.closedTitle')} data-testid="reply-window-closed">
            <Stack gap="xs" align="flex-start">
              <Text size="sm">{t('messages.window.closedDetail')}</Text>
              {!isDoNotContact(flags) && !heldByOther ? (
                <Button size="compact-sm" onClick={() => setTemplating(true)} data-testid="template-open">{t('messages.templates.open')}</Button>
              ) : null}
            </Stack>
          </Alert>
        ) : thread.data.replyWindow.closesAt ? (
          <Text size="sm" c="dimmed" data-testid="reply-window-open">{t('messages.window.openUntil', { time: formatDateTime(thread.data.replyWindow.closesAt) })}</Text>
        ) : null}
        {messages.isPending ? <LoadingState /> : messages.isError ? <ErrorAlert error={messages.error} /> : (
          <ScrollArea.Autosize mah="55vh" type="auto" viewportRef={viewport} offsetScrollbars>
            <Stack gap="xs">
              {messages.hasNextPage ? (
                <Group justify="center">
                  <Button variant="default" size="xs" loading={messages.isFetchingNextPage} onClick={() => void messages.fetchNextPage()} data-testid="sms-load-earlier">
                    {t('messages.loadEarlier')}
                  </Button>
                </Group>
              ) : null}
              {items.length === 0 ? <Text size="sm" c="dimmed">{t('messages.empty')}</Text> : null}
              {/* The live region wraps the list: a role on the <ol> itself would take its list semantics away. */}
              <div role="log" aria-live="polite" aria-label={t('messages.conversationLabel')}>
                <Stack component="ol" gap="xs" m={0} p={0} style={{ listStyle: 'none' }} data-testid="sms-messages">
                  {items.map((message) => <MessageItem key={message.id} message={message} />)}
                </Stack>
              </div>
            </Stack>
          </ScrollArea.Autosize>
        )}
        {refused ? (
          <Alert color="red" role="alert" title={t('messages.refused.title')} withCloseButton closeButtonLabel={t('common.close')} onClose={() => setRefused(null)} data-testid="sms-refused">
            {t('messages.refused.detail', { code: refused.errorCode ?? '—' })}
          </Alert>
        ) : null}
        <ErrorAlert error={send.error} />
        <form
          noValidate
          aria-label={t('messages.replyForm')}
          onSubmit={(event) => {
            event.preventDefault();
            if (!blocked) submit();
          }}
        >
          <Stack gap="xs">
            <Textarea
              label={t('messages.reply')}
              description={t('messages.replyHint', { n: body.length, max: MESSAGE_MAX_LENGTH })}
              name="body"
              autosize
              minRows={2}
              maxRows={8}
              maxLength={MESSAGE_MAX_LENGTH}
              disabled={blocked}
              value={body}
              error={bodyError}
              data-testid="sms-reply"
              ref={replyBox}
              aria-keyshortcuts="Control+Enter Alt+Q"
              onChange={(event) => {
                setBody(event.currentTarget.value);
                setBodyError(null);
              }}
              onKeyDown={(event) => {
                if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !blocked) {
                  event.preventDefault();
                  submit();
                }
                if (event.altKey && event.code === 'KeyQ' && !blocked) {
                  event.preventDefault();
                  setPicking(true);
                }
              }}
            />
            <Group justify="flex-end">
              <Button variant="default" disabled={blocked} onClick={() => setSendingFile(true)} data-testid="send-file-open">
                {t('messages.sendFile.open')}
              </Button>
              <Button variant="default" disabled={blocked} onClick={() => setPicking(true)} data-testid="quick-reply-open" aria-keyshortcuts="Alt+Q" rightSection={<ShortcutHint keys={QUICK_REPLY_KEYS} />}>
                {t('quickReplies.open')}
              </Button>
              <Button type="submit" disabled={blocked} loading={send.isPending} data-testid="sms-send" aria-keyshortcuts="Control+Enter" rightSection={<ShortcutHint keys={SEND_KEYS} />}>
                {t('messages.send')}
              </Button>
            </Group>
          </Stack>
        </form>
        <TemplateDialog opened={templating} conversationId={threadId} onClose={() => setTemplating(false)} />
        <SendFileDialog opened={sendingFile} conversationId={threadId} onClose={() => { setSendingFile(false); replyBox.current?.focus(); }}
          onSent={(message) => { if (message.status === 'failed' || message.status === 'undelivered') setRefused(message); }} />
        <QuickReplyPicker opened={picking} officeId={thread.data.officeId} onPick={insertQuickReply} onClose={() => { setPicking(false); replyBox.current?.focus(); }} />
      </Stack>
    </Paper>
  );
}

function MessageItem({ message }: { message: ConversationMessageDto }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const outbound = message.direction === 'outbound';
  const failed = message.status === 'failed' || message.status === 'undelivered';
  return (
    <Box component="li" data-testid="sms-message" data-direction={message.direction} data-status={message.status} style={{ display: 'flex', justifyContent: outbound ? 'flex-end' : 'flex-start' }}>
      <Paper
        withBorder
        p="xs"
        maw="80%"
        bg={outbound ? 'var(--mantine-primary-color-light)' : 'var(--mantine-color-default-hover)'}
      >
        <Text size="xs" c="dimmed" fw={600}>
          {outbound ? (message.sentBy?.displayName ?? t('messages.us')) : t('messages.client')}
          {' · '}
          {formatDateTime(message.createdAt)}
        </Text>
        <MessageContent message={message} />
        {outbound ? (
          <Group gap={4} mt={4} justify="flex-end">
            <StatusBadge color={messageStatusColor(message.status)}>{t(`messages.status.${message.status}`, { defaultValue: message.status })}</StatusBadge>
            {failed && message.errorCode ? <Text size="xs" c="red.8">{t('messages.errorCode', { code: message.errorCode })}</Text> : null}
          </Group>
        ) : null}
      </Paper>
    </Box>
  );
}
