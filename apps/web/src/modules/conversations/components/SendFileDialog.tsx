import type { ConversationMessageDto } from '@mayak/api-client';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormatFileSize } from '@web/modules/i18n/format';
import { useKnowledgeFiles } from '@web/modules/knowledge/hooks/use-knowledge';
import { Button, Dialog, ErrorAlert, Group, LoadingState, Radio, Stack, Text, Textarea, TextInput } from '@web/modules/ui';
import { MESSAGE_MAX_LENGTH, useSendFile } from '../hooks/use-conversations';

const SHOWN = 20;

/** Sends a file of the knowledge base (a leaflet, a map) in the conversation: find it, add a few words, send. */
export function SendFileDialog({
  opened,
  conversationId,
  onClose,
  onSent,
}: {
  opened: boolean;
  conversationId: string;
  onClose: () => void;
  onSent: (message: ConversationMessageDto) => void;
}) {
  const { t } = useTranslation();
  const formatSize = useFormatFileSize();
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q.trim(), 250);
  const files = useKnowledgeFiles({ q: debounced || undefined, limit: SHOWN }, opened);
  const [fileId, setFileId] = useState('');
  const [caption, setCaption] = useState('');
  const send = useSendFile(conversationId);

  useEffect(() => {
    if (opened) {
      setQ('');
      setFileId('');
      setCaption('');
      send.reset();
    }
  }, [opened]);

  return (
    <Dialog opened={opened} onClose={onClose} title={t('conversations.sendFile.title')} size="lg">
      <form
        noValidate
        data-testid="send-file-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (fileId)
            send.mutate(
              { fileId, ...(caption.trim() ? { caption: caption.trim() } : {}) },
              {
                onSuccess: (message) => {
                  onSent(message);
                  onClose();
                },
              },
            );
        }}
      >
        <Stack gap="sm">
          <TextInput
            label={t('conversations.sendFile.search')}
            value={q}
            onChange={(event) => setQ(event.currentTarget.value)}
            data-autofocus
            data-testid="send-file-search"
          />
          <ErrorAlert error={files.error ?? send.error} />
          {files.isPending ? (
            <LoadingState />
          ) : files.data?.items.length ? (
            <Radio.Group label={t('conversations.sendFile.file')} value={fileId} onChange={setFileId} data-testid="send-file-options">
              <Stack gap={6} mt={4}>
                {files.data.items.map((file) => (
                  <Radio
                    key={file.id}
                    value={file.id}
                    data-testid="send-file-option"
                    label={file.fileName}
                    description={`${file.articleTitle} · ${formatSize(file.sizeBytes)}`}
                  />
                ))}
              </Stack>
            </Radio.Group>
          ) : (
            <Text size="sm" c="dimmed" data-testid="send-file-none">
              {t('conversations.sendFile.none')}
            </Text>
          )}
          {files.data && files.data.total > files.data.items.length ? (
            <Text size="xs" c="dimmed">
              {t('conversations.sendFile.more', { n: files.data.total - files.data.items.length })}
            </Text>
          ) : null}
          <Textarea
            label={t('conversations.sendFile.caption')}
            autosize
            minRows={2}
            maxRows={5}
            maxLength={MESSAGE_MAX_LENGTH}
            value={caption}
            onChange={(event) => setCaption(event.currentTarget.value)}
            data-testid="send-file-caption"
          />
          <Text size="xs" c="dimmed">
            {t('conversations.sendFile.how')}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" disabled={!fileId} loading={send.isPending} data-testid="send-file-send">
              {t('conversations.sendFile.send')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Dialog>
  );
}
