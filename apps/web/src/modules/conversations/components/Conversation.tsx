import type { ConversationMessageDto } from '@mayak/api-client';
import { formatPhone } from '@mayak/domain';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormatDateTime } from '@web/modules/i18n/format';
import { FlagList } from '@web/modules/people/components/FlagList';
import {
  Alert, Anchor, Box, Button, ErrorAlert, Group, LoadingState, Paper, ScrollArea, ShortcutHint, Stack, StatusBadge, Text, Textarea, Title,
} from '@web/modules/ui';
import { chronological, isDoNotContact, MESSAGE_MAX_LENGTH, messageStatusColor, conversationFlags, useSendMessage, useConversationMessages, useConversation } from '../hooks/use-conversations';
import { ChannelBadge, MessageContent } from './MessageContent';
import { QuickReplyPicker } from '@web/modules/quick-replies/components/QuickReplyPicker';
import { HolderBar } from './HolderBar';
import { SendFileDialog } from './SendFileDialog';
import { TemplateDialog } from './TemplateDialog';
import { useSession } from '@web/modules/auth/hooks/use-session';
import { useCan } from '@web/modules/auth/hooks/use-can';

const SEND_KEYS = ['Ctrl', 'Enter'];
const QUICK_REPLY_KEYS = ['Alt', 'Q'];

/** One conversation: the client's number and flags, the texts oldest at the top ("Load earlier" above), and the reply box. */
export function Conversation({ conversationId }: { conversationId: string }) {
  const { t } = useTranslation();
  const conversation = useConversation(conversationId);
  const messages = useConversationMessages(conversationId);
  const send = useSendMessage(conversationId);
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

  if (conversation.isPending) return <LoadingState />;
  if (conversation.isError) return <ErrorAlert error={conversation.error} />;
  const flags = conversationFlags(conversation.data);
  const windowClosed = conversation.data.replyWindow.kind === 'templates_only';
  const heldByOther = !!conversation.data.holder && conversation.data.holder.id !== userId && !supervises;
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
    <Paper withBorder p="md" component="section" aria-labelledby="conversation-title" data-testid="conversation-panel">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Title order={2} size="h4" id="conversation-title">
            {t('conversations.conversationWith')} <Text span inherit ff="monospace">{formatPhone(conversation.data.address)}</Text>
            {conversation.data.displayName ? <Text span inherit fw={400}> ({conversation.data.displayName})</Text> : null}
          </Title>
          <ChannelBadge channel={conversation.data.channel} />
          {conversation.data.contactId ? (
            <Group gap="sm">
              {conversation.data.holder?.id === userId ? (
                // The conversation is recorded like a call: category, caller type, notes, then Complete.
                <Anchor component={Link} to={`/intake?contact=${conversation.data.contactId}`} size="sm" data-testid="conversation-intake">{t('conversations.recordContact')}</Anchor>
              ) : null}
              <Anchor component={Link} to={`/contacts/${conversation.data.contactId}`} size="sm">{t('conversations.openContact')}</Anchor>
            </Group>
          ) : null}
        </Group>
        {conversation.data.sameCaller.length ? (
          <Group gap="xs" wrap="wrap" data-testid="same-caller">
            <Text size="sm">{t('conversations.sameCaller')}</Text>
            {conversation.data.sameCaller.map((other) => (
              <Anchor key={other.id} component={Link} to={`/conversations/${other.id}`} size="sm" data-testid={`same-caller-${other.channel}`}>
                {t(`conversations.channel.${other.channel}`)}
              </Anchor>
            ))}
          </Group>
        ) : null}
        <HolderBar conversationId={conversationId} holder={conversation.data.holder} officeId={conversation.data.officeId} userId={userId} supervises={supervises} />
        <FlagList flags={flags} title={t('caller.flagged')} />
        {isDoNotContact(flags) ? (
          <Alert color="red" title={t('conversations.doNotContact.title')} data-testid="conversation-do-not-contact">
            {t('conversations.doNotContact.detail')}
          </Alert>
        ) : null}
        {heldByOther ? (
          <Alert color="gray" data-testid="conversation-held">{t('conversations.holder.heldByOther')}</Alert>
        ) : null}
        {windowClosed ? (
          <Alert color="orange" title={t('conversations.window.closedTitle')} data-testid="reply-window-closed">
            <Stack gap="xs" align="flex-start">
              <Text size="sm">{t('conversations.window.closedDetail')}</Text>
              {!isDoNotContact(flags) && !heldByOther ? (
                <Button size="compact-sm" onClick={() => setTemplating(true)} data-testid="template-open">{t('conversations.templates.open')}</Button>
              ) : null}
            </Stack>
          </Alert>
        ) : conversation.data.replyWindow.closesAt ? (
          <Text size="sm" c="dimmed" data-testid="reply-window-open">{t('conversations.window.openUntil', { time: formatDateTime(conversation.data.replyWindow.closesAt) })}</Text>
        ) : null}
        {messages.isPending ? <LoadingState /> : messages.isError ? <ErrorAlert error={messages.error} /> : (
          <ScrollArea.Autosize mah="55vh" type="auto" viewportRef={viewport} offsetScrollbars>
            <Stack gap="xs">
              {messages.hasNextPage ? (
                <Group justify="center">
                  <Button variant="default" size="xs" loading={messages.isFetchingNextPage} onClick={() => void messages.fetchNextPage()} data-testid="conversation-load-earlier">
                    {t('conversations.loadEarlier')}
                  </Button>
                </Group>
              ) : null}
              {items.length === 0 ? <Text size="sm" c="dimmed">{t('conversations.empty')}</Text> : null}
              {/* The live region wraps the list: a role on the <ol> itself would take its list semantics away. */}
              <div role="log" aria-live="polite" aria-label={t('conversations.conversationLabel')}>
                <Stack component="ol" gap="xs" m={0} p={0} style={{ listStyle: 'none' }} data-testid="conversation-messages">
                  {items.map((message) => <MessageItem key={message.id} message={message} />)}
                </Stack>
              </div>
            </Stack>
          </ScrollArea.Autosize>
        )}
        {refused ? (
          <Alert color="red" role="alert" title={t('conversations.refused.title')} withCloseButton closeButtonLabel={t('common.close')} onClose={() => setRefused(null)} data-testid="conversation-refused">
            {t('conversations.refused.detail', { code: refused.errorCode ?? '—' })}
          </Alert>
        ) : null}
        <ErrorAlert error={send.error} />
        <form
          noValidate
          aria-label={t('conversations.replyForm')}
          onSubmit={(event) => {
            event.preventDefault();
            if (!blocked) submit();
          }}
        >
          <Stack gap="xs">
            <Textarea
              label={t('conversations.reply')}
              description={t('conversations.replyHint', { n: body.length, max: MESSAGE_MAX_LENGTH })}
              name="body"
              autosize
              minRows={2}
              maxRows={8}
              maxLength={MESSAGE_MAX_LENGTH}
              disabled={blocked}
              value={body}
              error={bodyError}
              data-testid="conversation-reply"
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
                {t('conversations.sendFile.open')}
              </Button>
              <Button variant="default" disabled={blocked} onClick={() => setPicking(true)} data-testid="quick-reply-open" aria-keyshortcuts="Alt+Q" rightSection={<ShortcutHint keys={QUICK_REPLY_KEYS} />}>
                {t('quickReplies.open')}
              </Button>
              <Button type="submit" disabled={blocked} loading={send.isPending} data-testid="conversation-send" aria-keyshortcuts="Control+Enter" rightSection={<ShortcutHint keys={SEND_KEYS} />}>
                {t('conversations.send')}
              </Button>
            </Group>
          </Stack>
        </form>
        <TemplateDialog opened={templating} conversationId={conversationId} onClose={() => setTemplating(false)} />
        <SendFileDialog opened={sendingFile} conversationId={conversationId} onClose={() => { setSendingFile(false); replyBox.current?.focus(); }}
          onSent={(message) => { if (message.status === 'failed' || message.status === 'undelivered') setRefused(message); }} />
        <QuickReplyPicker opened={picking} officeId={conversation.data.officeId} onPick={insertQuickReply} onClose={() => { setPicking(false); replyBox.current?.focus(); }} />
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
    <Box component="li" data-testid="conversation-message" data-direction={message.direction} data-status={message.status} style={{ display: 'flex', justifyContent: outbound ? 'flex-end' : 'flex-start' }}>
      <Paper
        withBorder
        p="xs"
        maw="80%"
        bg={outbound ? 'var(--mantine-primary-color-light)' : 'var(--mantine-color-default-hover)'}
      >
        <Text size="xs" c="dimmed" fw={600}>
          {outbound ? (message.sentBy?.displayName ?? t('conversations.us')) : t('conversations.client')}
          {' · '}
          {formatDateTime(message.createdAt)}
        </Text>
        <MessageContent message={message} />
        {outbound ? (
          <Group gap={4} mt={4} justify="flex-end">
            <StatusBadge color={messageStatusColor(message.status)}>{t(`conversations.status.${message.status}`, { defaultValue: message.status })}</StatusBadge>
            {failed && message.errorCode ? <Text size="xs" c="red.8">{t('conversations.errorCode', { code: message.errorCode })}</Text> : null}
          </Group>
        ) : null}
      </Paper>
    </Box>
  );
}
