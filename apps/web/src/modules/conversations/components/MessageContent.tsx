import type { ConversationMessageDto, MessageChannel } from '@mayak/api-client';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormatFileSize } from '@web/modules/i18n/format';
import { Anchor, Badge, Button, Group, Image, Loader, Stack, Text } from '@web/modules/ui';

type Attachment = ConversationMessageDto['attachments'][number];

const CHANNEL_COLOURS: Record<MessageChannel, string> = { sms: 'gray', whatsapp: 'green', telegram: 'blue', webchat: 'violet' };

/** The channel a conversation is on, in words (never colour alone). */
export function ChannelBadge({ channel }: { channel: MessageChannel }) {
  const { t } = useTranslation();
  // A dot badge: the channel's colour on the dot, the name in the text colour (readable contrast).
  return (
    <Badge variant="dot" color={CHANNEL_COLOURS[channel]} tt="none" data-testid="channel-badge" data-channel={channel}>
      {t(`conversations.channel.${channel}`)}
    </Badge>
  );
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
              {t(`conversations.content.${message.contentKind}`)}
              {details && details.mediaTypes.length > 1 ? ` ×${details.mediaTypes.length}` : ''}
            </Badge>
          ) : null}
          {details?.forwarded ? (
            <Badge variant="light" color="gray" tt="none">
              {t('conversations.content.forwarded')}
            </Badge>
          ) : null}
        </Group>
      ) : null}
      {location ? (
        <Text size="sm" data-testid="message-location">
          {[location.label, location.address].filter(Boolean).join(', ')}
          {location.label || location.address ? ' · ' : ''}
          <Text span inherit ff="monospace">
            {location.latitude}, {location.longitude}
          </Text>
        </Text>
      ) : null}
      {message.attachments.map((file) => (
        <AttachmentView key={file.id} file={file} />
      ))}
      {message.file ? <SentFile file={message.file} /> : null}
      {message.body ? (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {message.body}
        </Text>
      ) : null}
    </Stack>
  );
}

/** A knowledge-base file the line sent: its name and size, and a link to see what was sent. */
function SentFile({ file }: { file: NonNullable<ConversationMessageDto['file']> }) {
  const { t } = useTranslation();
  const formatSize = useFormatFileSize();
  return (
    <Group gap="xs" wrap="wrap" data-testid="sent-file">
      <Text size="sm">{t('conversations.file.sent', { name: file.name, size: formatSize(file.sizeBytes) })}</Text>
      <Anchor href={`/api/v1/knowledge/files/${file.id}/content`} target="_blank" rel="noopener noreferrer" size="sm">
        {t('conversations.file.open')}
      </Anchor>
    </Group>
  );
}

/**
 * A file from the person. Nothing is shown until asked for (a passport page should not sit
 * on a screen someone else can see), and every opening is audited by the API.
 */
function AttachmentView({ file }: { file: Attachment }) {
  const { t } = useTranslation();
  const formatSize = useFormatFileSize();
  const [shown, setShown] = useState(false);
  const url = `/api/v1/attachments/${file.id}/content`;
  const kind = file.contentType.split('/')[0];
  const describe = `${t(`conversations.file.kinds.${kind === 'image' || kind === 'audio' || kind === 'video' ? kind : 'document'}`)}${file.sizeBytes !== null ? `, ${formatSize(file.sizeBytes)}` : ''}`;
  if (file.status === 'pending') {
    return (
      <Group gap={6} data-testid="attachment" data-status="pending">
        <Loader size="xs" />
        <Text size="sm">{t('conversations.file.pending')}</Text>
      </Group>
    );
  }
  if (file.status !== 'stored') {
    const why =
      file.status === 'rejected' ? t(`conversations.file.notKept.${file.rejectReason ?? 'type_not_allowed'}`) : t(`conversations.file.${file.status}`);
    return (
      <Text size="sm" c="dimmed" data-testid="attachment" data-status={file.status}>
        {why}
      </Text>
    );
  }
  return (
    <Stack gap={4} data-testid="attachment" data-status="stored">
      <Group gap="xs" wrap="wrap">
        <Text size="sm">{describe}</Text>
        {kind === 'image' || kind === 'audio' || kind === 'video' ? (
          <Button size="compact-xs" variant="light" onClick={() => setShown((v) => !v)} aria-expanded={shown} data-testid="attachment-show">
            {shown ? t('conversations.file.hide') : t('conversations.file.show')}
          </Button>
        ) : null}
        <Anchor href={url} target="_blank" rel="noopener noreferrer" size="sm" data-testid="attachment-open">
          {t('conversations.file.open')}
        </Anchor>
      </Group>
      {shown && kind === 'image' ? <Image src={url} alt={t('conversations.file.photoAlt')} maw={320} radius="sm" data-testid="attachment-image" /> : null}
      {shown && kind === 'audio' ? <audio controls src={url} aria-label={t('conversations.file.kinds.audio')} /> : null}
      {shown && kind === 'video' ? <video controls src={url} style={{ maxWidth: 320 }} aria-label={t('conversations.file.kinds.video')} /> : null}
    </Stack>
  );
}
