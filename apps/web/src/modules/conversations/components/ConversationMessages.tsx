import type { ConversationMessageDto } from '@mayak/api-client';
import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormatDateTime } from '@web/modules/i18n/format';
import { Box, Button, ErrorAlert, Group, LoadingState, Paper, ScrollArea, Stack, StatusBadge, Text } from '@web/modules/ui';
import { messageStatusColor, type useConversationMessages } from '../hooks/use-conversations';
import { MessageContent } from './MessageContent';
import { isRefusedMessage } from './reply';

interface ConversationMessagesProps {
  messages: ReturnType<typeof useConversationMessages>;
  /** The messages oldest first. */
  items: ConversationMessageDto[];
  viewportRef: RefObject<HTMLDivElement | null>;
}

/** The messages, oldest at the top with "Load earlier" above them, in a live region. */
export function ConversationMessages({ messages, items, viewportRef }: ConversationMessagesProps) {
  const { t } = useTranslation();
  if (messages.isPending) return <LoadingState />;
  if (messages.isError) return <ErrorAlert error={messages.error} />;
  return (
    <ScrollArea.Autosize mah="55vh" type="auto" viewportRef={viewportRef} offsetScrollbars>
      <Stack gap="xs">
        {messages.hasNextPage ? (
          <Group justify="center">
            <Button
              variant="default"
              size="xs"
              loading={messages.isFetchingNextPage}
              onClick={() => void messages.fetchNextPage()}
              data-testid="conversation-load-earlier"
            >
              {t('conversations.loadEarlier')}
            </Button>
          </Group>
        ) : null}
        {items.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('conversations.empty')}
          </Text>
        ) : null}
        {/* The live region wraps the list: a role on the <ol> itself would take its list semantics away. */}
        <div role="log" aria-live="polite" aria-label={t('conversations.conversationLabel')}>
          <Stack component="ol" gap="xs" m={0} p={0} style={{ listStyle: 'none' }} data-testid="conversation-messages">
            {items.map((message) => (
              <MessageItem key={message.id} message={message} />
            ))}
          </Stack>
        </div>
      </Stack>
    </ScrollArea.Autosize>
  );
}

function MessageItem({ message }: { message: ConversationMessageDto }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const outbound = message.direction === 'outbound';
  const failed = isRefusedMessage(message);
  return (
    <Box
      component="li"
      data-testid="conversation-message"
      data-direction={message.direction}
      data-status={message.status}
      style={{ display: 'flex', justifyContent: outbound ? 'flex-end' : 'flex-start' }}
    >
      <Paper withBorder p="xs" maw="80%" bg={outbound ? 'var(--mantine-primary-color-light)' : 'var(--mantine-color-default-hover)'}>
        <Text size="xs" c="dimmed" fw={600}>
          {outbound ? (message.sentBy?.displayName ?? t('conversations.us')) : t('conversations.client')}
          {' · '}
          {formatDateTime(message.createdAt)}
        </Text>
        <MessageContent message={message} />
        {outbound ? (
          <Group gap={4} mt={4} justify="flex-end">
            <StatusBadge color={messageStatusColor(message.status)}>
              {t(`conversations.status.${message.status}`, { defaultValue: message.status })}
            </StatusBadge>
            {failed && message.errorCode ? (
              <Text size="xs" c="red.8">
                {t('conversations.errorCode', { code: message.errorCode })}
              </Text>
            ) : null}
          </Group>
        ) : null}
      </Paper>
    </Box>
  );
}
