import type { UseFormReturnType } from '@mantine/form';
import { CASE_ATTACHMENT_CATEGORIES, CASE_ATTACHMENT_DESCRIPTION_MAX } from '@mayak/domain';
import { useTranslation } from 'react-i18next';
import { useCodes } from '@web/modules/i18n/codes';
import { Button, ErrorAlert, FileInput, Group, NativeSelect, Stack, Textarea, Title } from '@web/modules/ui';
import { ACCEPT, type UploadValues } from './case-attachments';

interface CaseAttachmentFormProps {
  form: UseFormReturnType<UploadValues>;
  onSubmit: (values: UploadValues) => void;
  uploading: boolean;
  /** Shown above the form unless it is about the file itself (then the file field says it). */
  error: unknown;
  fileProblem: string | undefined;
  /** The API's limit as shown ('' until known). */
  maxSize: string;
}

/** Adding a file: the file, its category (required) and a description. */
export function CaseAttachmentForm({ form, onSubmit, uploading, error, fileProblem, maxSize }: CaseAttachmentFormProps) {
  const { t } = useTranslation();
  const codes = useCodes();
  return (
    <form noValidate aria-labelledby="case-attachment-add-title" data-testid="case-attachment-form" onSubmit={form.onSubmit(onSubmit)}>
      <Stack gap="xs">
        <Title order={3} size="h6" id="case-attachment-add-title">
          {t('caseAttachments.add')}
        </Title>
        <ErrorAlert error={fileProblem ? null : error} />
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
          <Button type="submit" size="sm" loading={uploading} data-testid="case-attachment-upload">
            {t('caseAttachments.upload')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
