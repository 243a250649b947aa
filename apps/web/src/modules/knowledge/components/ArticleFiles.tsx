import type { KnowledgeFileDto } from '@mayak/api-client';
import { KNOWLEDGE_FILE_TYPES } from '@mayak/domain';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormatFileSize } from '@web/modules/i18n/format';
import { Anchor, Button, ConfirmDialog, ErrorAlert, Group, List, notifySuccess, Stack, Text, Title } from '@web/modules/ui';
import { useKnowledgeFiles, useRemoveKnowledgeFile, useUploadKnowledgeFile } from '../hooks/use-knowledge';

/** The files of an article that operators send to people; editors add and remove them. */
export function ArticleFiles({ articleId, canManage }: { articleId: string; canManage: boolean }) {
  const { t } = useTranslation();
  const formatSize = useFormatFileSize();
  const files = useKnowledgeFiles({ articleId, limit: 50, ...(canManage ? { includeDrafts: true } : {}) });
  const upload = useUploadKnowledgeFile(articleId);
  const remove = useRemoveKnowledgeFile();
  const input = useRef<HTMLInputElement>(null);
  const [removing, setRemoving] = useState<KnowledgeFileDto | null>(null);
  const inputId = `article-${articleId}-file`;
  const items = files.data?.items ?? [];
  if (!canManage && !items.length) return null;

  return (
    <Stack gap={4} component="section" aria-labelledby={`article-${articleId}-files`} data-testid="article-files">
      <Title order={3} size="h6" id={`article-${articleId}-files`}>
        {t('knowledge.files.title')}
      </Title>
      <ErrorAlert error={files.error} />
      {items.length ? (
        <List size="sm" spacing={4} listStyleType="none" ml={0} pl={0}>
          {items.map((file) => (
            <List.Item key={file.id} data-testid="article-file">
              <Group gap="xs" wrap="wrap">
                <Anchor href={`/api/v1/knowledge/files/${file.id}/content`} target="_blank" rel="noopener noreferrer" size="sm">
                  {file.fileName}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {formatSize(file.sizeBytes)}
                </Text>
                {canManage ? (
                  <Button
                    size="compact-xs"
                    variant="default"
                    onClick={() => {
                      remove.reset();
                      setRemoving(file);
                    }}
                    aria-label={t('knowledge.files.removeNamed', { name: file.fileName })}
                    data-testid="article-file-remove"
                  >
                    {t('knowledge.remove')}
                  </Button>
                ) : null}
              </Group>
            </List.Item>
          ))}
        </List>
      ) : (
        <Text size="sm" c="dimmed">
          {t('knowledge.files.none')}
        </Text>
      )}
      {canManage ? (
        <form
          noValidate
          aria-label={t('knowledge.files.add')}
          onSubmit={(event) => {
            event.preventDefault();
            const chosen = input.current?.files?.[0];
            if (chosen)
              upload.mutate(chosen, {
                onSuccess: (file) => {
                  notifySuccess(t('knowledge.files.added', { name: file.fileName }));
                  if (input.current) input.current.value = '';
                },
              });
          }}
        >
          <Stack gap={4} mt="xs">
            <label htmlFor={inputId}>
              <Text size="sm" fw={500} component="span">
                {t('knowledge.files.choose')}
              </Text>
            </label>
            <input
              id={inputId}
              ref={input}
              type="file"
              accept={[...KNOWLEDGE_FILE_TYPES, '.pdf', '.jpg', '.jpeg', '.png'].join(',')}
              aria-describedby={`${inputId}-hint`}
              data-testid="article-file-input"
            />
            <Text size="xs" c="dimmed" id={`${inputId}-hint`}>
              {t('knowledge.files.hint')}
            </Text>
            <ErrorAlert error={upload.error} />
            <Group>
              <Button type="submit" size="xs" loading={upload.isPending} data-testid="article-file-upload">
                {t('knowledge.files.add')}
              </Button>
            </Group>
          </Stack>
        </form>
      ) : null}
      <ConfirmDialog
        opened={removing !== null}
        title={t('knowledge.files.removeTitle')}
        message={t('knowledge.files.removeDetail', { name: removing?.fileName ?? '' })}
        confirmLabel={t('knowledge.remove')}
        danger
        loading={remove.isPending}
        error={remove.error}
        onConfirm={() =>
          removing &&
          remove.mutate(removing.id, {
            onSuccess: () => {
              notifySuccess(t('knowledge.files.removed'));
              setRemoving(null);
            },
          })
        }
        onClose={() => setRemoving(null)}
      />
    </Stack>
  );
}
