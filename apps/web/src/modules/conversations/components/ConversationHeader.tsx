import type { ConversationDto } from '@mayak/api-client';
import { formatPhone } from '@mayak/domain';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormatDateTime } from '@web/modules/i18n/format';
import { Alert, Anchor, Button, Group, Stack, Text, Title } from '@web/modules/ui';
import { ChannelBadge } from './MessageContent';

/** Who the conversation is with, its channel, and the links to its contact (and its intake, for whoever holds it). */
export function ConversationHeader({ conversation, userId }: { conversation: ConversationDto; userId: string }) {
  const { t } = useTranslation();
  return (
    <Group justify="space-between" wrap="wrap">
      <Title order={2} size="h4" id="conversation-title">
        {t('conversations.conversationWith')}{' '}
        <Text span inherit ff="monospace">
          {formatPhone(conversation.address)}
        </Text>
        {conversation.displayName ? (
          <Text span inherit fw={400}>
            {' '}
            ({conversation.displayName})
          </Text>
        ) : null}
      </Title>
      <ChannelBadge channel={conversation.channel} />
      {conversation.contactId ? (
        <Group gap="sm">
          {conversation.holder?.id === userId ? (
            // The conversation is recorded like a call: category, caller type, notes, then Complete.
            <Anchor component={Link} to={`/intake?contact=${conversation.contactId}`} size="sm" data-testid="conversation-intake">
              {t('conversations.recordContact')}
            </Anchor>
          ) : null}
          <Anchor component={Link} to={`/contacts/${conversation.contactId}`} size="sm">
            {t('conversations.openContact')}
          </Anchor>
        </Group>
      ) : null}
    </Group>
  );
}

/** The same person's conversations on other channels. */
export function SameCallerLinks({ sameCaller }: { sameCaller: ConversationDto['sameCaller'] }) {
  const { t } = useTranslation();
  if (!sameCaller.length) return null;
  return (
    <Group gap="xs" wrap="wrap" data-testid="same-caller">
      <Text size="sm">{t('conversations.sameCaller')}</Text>
      {sameCaller.map((other) => (
        <Anchor key={other.id} component={Link} to={`/conversations/${other.id}`} size="sm" data-testid={`same-caller-${other.channel}`}>
          {t(`conversations.channel.${other.channel}`)}
        </Anchor>
      ))}
    </Group>
  );
}

interface NoticesProps {
  doNotContact: boolean;
  heldByOther: boolean;
  windowClosed: boolean;
  /** Until when free text may be sent (WhatsApp), while it may. */
  closesAt: string | null;
  onOpenTemplates: () => void;
}

/** Why a reply cannot be written (do not contact, a colleague holds it, templates only), or until when it can. */
export function ConversationNotices({ doNotContact, heldByOther, windowClosed, closesAt, onOpenTemplates }: NoticesProps) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  return (
    <>
      {doNotContact ? (
        <Alert color="red" title={t('conversations.doNotContact.title')} data-testid="conversation-do-not-contact">
          {t('conversations.doNotContact.detail')}
        </Alert>
      ) : null}
      {heldByOther ? (
        <Alert color="gray" data-testid="conversation-held">
          {t('conversations.holder.heldByOther')}
        </Alert>
      ) : null}
      {windowClosed ? (
        <Alert color="orange" title={t('conversations.window.closedTitle')} data-testid="reply-window-closed">
          <Stack gap="xs" align="flex-start">
            <Text size="sm">{t('conversations.window.closedDetail')}</Text>
            {!doNotContact && !heldByOther ? (
              <Button size="compact-sm" onClick={onOpenTemplates} data-testid="template-open">
                {t('conversations.templates.open')}
              </Button>
            ) : null}
          </Stack>
        </Alert>
      ) : closesAt ? (
        <Text size="sm" c="dimmed" data-testid="reply-window-open">
          {t('conversations.window.openUntil', { time: formatDateTime(closesAt) })}
        </Text>
      ) : null}
    </>
  );
}
