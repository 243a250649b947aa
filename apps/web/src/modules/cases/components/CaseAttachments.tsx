import { useForm } from '@mantine/form';
import { CASE_ATTACHMENT_CATEGORIES, CASE_ATTACHMENT_DESCRIPTION_MAX, CASE_ATTACHMENT_TYPES, type CaseAttachmentCategory } from '@mayak/domain';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemCode } from '@web/modules/api/errors';
import { useCan } from '@web/modules/auth/hooks/use-can';
import { useCodes } from '@web/modules/i18n/codes';
import { useFormatDateTime, useFormatFileSize } from '@web/modules/i18n/format';
import {
  Anchor,
  Badge,
  Box,
  Button,
  ConfirmDialog,
  ErrorAlert,
  FileInput,
  Group,
  LoadingState,
  NativeSelect,
  notifySuccess,
  Pager,
  Paper,
  Stack,
  Text,
  Textarea,
  Title,
  usePagination,
} from '@web/modules/ui';
import { caseAttachmentUrl, useCaseAttachments, useRemoveCaseAttachment, useUploadCaseAttachment, type CaseAttachmentDto } from '../hooks/use-case-attachments';
import type { CaseDto } from '../types';

/** What the file picker offers: the types the API keeps, by type and by extension (phones often go by the extension). */
const ACCEPT = [...CASE_ATTACHMENT_TYPES, '.pdf', '.jpg', '.jpeg', '.png', '.webp'].join(',');
/** Refusals about the file itself: shown beside the file field rather than above the form. */
const FILE_PROBLEMS: Record<string, string> = {
  payload_too_large: 'caseAttachments.tooLarge',
  unsupported_media_type: 'caseAttachments.typeNotAllowed',
  file_rejected: 'caseAttachments.rejected',
};

interface UploadValues {
  file: File | null;
  category: CaseAttachmentCategory | '';
  description: string;
}

/**
 * Files kept with a case (scans of documents, photos): listed with what they are and who added
 * them; each opens in a new tab (the API audits every opening). Those who work on the case add
 * them, those who manage it remove them.
 */
export function CaseAttachments({ c }: { c: CaseDto }) {
  const { t } = useTranslation();
  const can = useCan();
  const codes = useCodes();
  const formatSize = useFormatFileSize();
  const formatDateTime = useFormatDateTime();
  const pagination = usePagination(20);
  const list = useCaseAttachments(c.id, pagination);
  const upload = useUploadCaseAttachment(c.id);
  const remove = useRemoveCaseAttachment(c.id);
  const [removing, setRemoving] = useState<CaseAttachmentDto | null>(null);
  const maxBytes = list.data?.maxBytes ?? null;
  const maxSize = maxBytes === null ? '' : formatSize(maxBytes);
  const contributor = can('cases.contribute');
  const canAdd = contributor && c.status !== 'closed';
  const canRemove = c.canManage && !c.legalHold;
  const form = useForm<UploadValues>({
    initialValues: { file: null, category: '', description: '' },
    validate: {
      file: (file) => {
        if (!file) return t('caseAttachments.fileRequired');
        // Said at once rather than after sending it all; the API holds the same limit.
        if (maxBytes !== null && file.size > maxBytes) return t('caseAttachments.tooLarge', { size: maxSize });
        return null;
      },
      category: (category) => (category ? null : t('fieldErrors.required')),
    },
  });
  const fileProblem = FILE_PROBLEMS[problemCode(upload.error) ?? ''];
  const items = list.data?.items ?? [];

  const submit = (values: UploadValues) => {
    if (!values.file || !values.category) return;
    upload.mutate(
      { file: values.file, category: values.category, description: values.description.trim() || undefined },
      {
        onSuccess: (added) => {
          form.reset();
          notifySuccess(t('caseAttachments.added', { name: added.fileName }));
        },
        onError: (error) => {
          const key = FILE_PROBLEMS[problemCode(error) ?? ''];
          if (key) form.setFieldError('file', t(key, { size: maxSize }));
        },
      },
    );
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="case-attachments-title" data-testid="case-attachments">
      <Stack gap="sm">
        <Title order={2} size="h4" id="case-attachments-title">
          {t('caseAttachments.title')}
        </Title>
        {list.isPending ? (
          <LoadingState />
        ) : list.isError ? (
          <ErrorAlert error={list.error} />
        ) : (
          <Box
            component="ul"
            aria-label={t('caseAttachments.listLabel')}
            data-testid="case-attachment-list"
            style={{ listStyle: 'none', margin: 0, padding: 0 }}
          >
            {items.length === 0 ? (
              <Text component="li" size="sm" c="dimmed">
                {t('caseAttachments.none')}
              </Text>
            ) : null}
            {items.map((file) => (
              <Box
                component="li"
                key={file.id}
                py="xs"
                data-testid="case-attachment"
                data-category={file.category}
                style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}
              >
                <Group justify="space-between" wrap="wrap" gap="xs" align="flex-start">
                  <Stack gap={2} style={{ minWidth: 0, flex: '1 1 12rem' }}>
                    <Anchor
                      href={caseAttachmentUrl(c.id, file.id)}
                      target="_blank"
                      rel="noopener noreferrer"
                      size="sm"
                      fw={600}
                      style={{ overflowWrap: 'anywhere' }}
                      aria-label={t('caseAttachments.openNamed', { name: file.fileName })}
                      data-testid="case-attachment-open"
                    >
                      {file.fileName}
                    </Anchor>
                    <Group gap={6} wrap="wrap">
                      <Badge variant="light" tt="none">
                        {codes.label('caseAttachmentCategory', file.category)}
                      </Badge>
                      <Text size="xs" c="dimmed">
                        {t('caseAttachments.meta', {
                          size: formatSize(file.sizeBytes),
                          name: file.uploadedBy.displayName,
                          time: formatDateTime(file.createdAt),
                        })}
                      </Text>
                    </Group>
                    {file.description ? (
                      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                        {file.description}
                      </Text>
                    ) : null}
                  </Stack>
                  {canRemove ? (
                    <Button
                      size="compact-sm"
                      variant="subtle"
                      color="red"
                      onClick={() => {
                        remove.reset();
                        setRemoving(file);
                      }}
                      aria-label={t('caseAttachments.removeNamed', { name: file.fileName })}
                      data-testid="case-attachment-remove"
                    >
                      {t('caseAttachments.remove')}
                    </Button>
                  ) : null}
                </Group>
              </Box>
            ))}
          </Box>
        )}
        {list.data && list.data.total > list.data.limit ? <Pager total={list.data.total} state={pagination} /> : null}
        {c.canManage && c.legalHold && items.length ? (
          <Text size="xs" c="dimmed">
            {t('caseAttachments.legalHoldHint')}
          </Text>
        ) : null}
        {contributor && c.status === 'closed' ? (
          <Text size="xs" c="dimmed">
            {t('caseAttachments.closedHint')}
          </Text>
        ) : null}
        {canAdd ? (
          <form noValidate aria-labelledby="case-attachment-add-title" data-testid="case-attachment-form" onSubmit={form.onSubmit(submit)}>
            <Stack gap="xs">
              <Title order={3} size="h6" id="case-attachment-add-title">
                {t('caseAttachments.add')}
              </Title>
              <ErrorAlert error={fileProblem ? null : upload.error} />
              <FileInput
                label={t('caseAttachments.file')}
                placeholder={t('caseAttachments.filePlaceholder')}
                description={t('caseAttachments.hint', { size: maxSize })}
                accept={ACCEPT}
                clearable
                withAsterisk
                // Mantine draws this placeholder as text (not a field's ::placeholder): it must read like any text.
                styles={{ placeholder: { color: 'var(--mantine-color-dimmed)' } }}
                data-testid="case-attachment-file"
                {...form.getInputProps('file')}
              />
              <NativeSelect
                label={t('caseAttachments.category')}
                withAsterisk
                data={[
                  { value: '', label: t('caseAttachments.categoryPlaceholder') },
                  ...CASE_ATTACHMENT_CATEGORIES.map((value) => ({ value, label: codes.label('caseAttachmentCategory', value) })),
                ]}
                data-testid="case-attachment-category"
                {...form.getInputProps('category')}
              />
              <Textarea
                label={t('caseAttachments.description')}
                autosize
                minRows={2}
                maxLength={CASE_ATTACHMENT_DESCRIPTION_MAX}
                data-testid="case-attachment-description"
                {...form.getInputProps('description')}
              />
              <Group>
                <Button type="submit" size="sm" loading={upload.isPending} data-testid="case-attachment-upload">
                  {t('caseAttachments.upload')}
                </Button>
              </Group>
            </Stack>
          </form>
        ) : null}
      </Stack>
      <ConfirmDialog
        opened={removing !== null}
        title={t('caseAttachments.removeTitle')}
        message={t('caseAttachments.removeDetail', { name: removing?.fileName ?? '' })}
        confirmLabel={t('caseAttachments.remove')}
        danger
        loading={remove.isPending}
        error={remove.error}
        onConfirm={() =>
          removing &&
          remove.mutate(removing.id, {
            onSuccess: () => {
              notifySuccess(t('caseAttachments.removed', { name: removing.fileName }));
              setRemoving(null);
            },
          })
        }
        onClose={() => setRemoving(null)}
      />
    </Paper>
  );
}
