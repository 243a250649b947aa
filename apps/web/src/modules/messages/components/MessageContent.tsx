import type { ConversationMessageDto, MessageChannel } from '@mayak/api-client';
import { useTranslation } from 'react-i18next';
import { Badge, Group, Stack, Text } from '../../ui';

const CHANNEL_COLOURS: Record<MessageChannel, string> = { sms: 'gray', whatsapp: 'green', telegram: 'blue', webchat: 'violet' };

/** The channel a conversation is on, in words (never colour alone). */
export function ChannelBadge({ channel }: { channel: MessageChannel }) {
  const { t } = useTranslation();
  // A dot badge: the channel's colour on the dot, the name in the text colour (readable contrast).
  return <Badge variant="dot" color={CHANNEL_COLOURS[channel]} tt="none" data-testid="channel-badge" data-channel={channel}>{t(`messages.channel.${channel}`)}</Badge>;
}

/**
 * What a message holds: its text, and for anything else what it is (a photo, a voice note,
 * a location…), so nothing that arrived is hidden even before Mayak can show the file itself.
 */
export function MessageContent({ message }: { message: ConversationMessageDto }) {
  const { t } = useTranslation();
  const details = message.details;
  const location = details?.location;
  return (
    <Stack gap={2}>
      {message.contentKind !== 'text' || details?.forwarded ? (
        <Group gap={4} wrap="wrap">
          {message.contentKind !== 'text' ? (
            <Badge variant="light" color="gray" tt="none" data-testid="message-content-kind" data-kind={message.contentKind}>
              {t(`messages.content.${message.contentKind}`)}
              {details && details.mediaTypes.length > 1 ? ` ×${details.mediaTypes.length}` : ''}
            </Badge>
          ) : null}
          {details?.forwarded ? <Badge variant="light" color="gray" tt="none">{t('messages.content.forwarded')}</Badge> : null}
        </Group>
      ) : null}
      {location ? (
        <Text size="sm" data-testid="message-location">
          {[location.label, location.address].filter(Boolean).join(', ')}
          {location.label || location.address ? ' · ' : ''}
          <Text span inherit ff="monospace">{location.latitude}, {location.longitude}</Text>
        </Text>
      ) : null}
      {message.body ? <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{message.body}</Text> : null}
    </Stack>
  );
}
