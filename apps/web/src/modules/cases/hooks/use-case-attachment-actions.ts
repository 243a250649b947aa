import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notifySuccess } from '@web/modules/ui';
import { fileCheck, fileProblemKey, uploadOf, type UploadValues } from '../components/case-attachments';
import { useRemoveCaseAttachment, useUploadCaseAttachment, type CaseAttachmentDto } from './use-case-attachments';

/**
 * The form that adds a file to a case and its upload. `maxSize` is the API's limit as shown
 * (empty until it is known); a refusal of the file itself is shown on the file field.
 */
export function useAttachmentUpload(caseId: string, maxBytes: number | null, maxSize: string) {
  const { t } = useTranslation();
  const upload = useUploadCaseAttachment(caseId);
  const form = useForm<UploadValues>({
    initialValues: { file: null, category: '', description: '' },
    validate: {
      file: (file) => {
        const problem = fileCheck(file, maxBytes);
        if (problem === 'missing') return t('caseAttachments.fileRequired');
        // Said at once rather than after sending it all; the API holds the same limit.
        if (problem === 'tooLarge') return t('caseAttachments.tooLarge', { size: maxSize });
        return null;
      },
      category: (category) => (category ? null : t('fieldErrors.required')),
    },
  });
  const fileProblem = fileProblemKey(upload.error);

  const submit = (values: UploadValues) => {
    const body = uploadOf(values);
    if (!body) return;
    upload.mutate(body, {
      onSuccess: (added) => {
        form.reset();
        notifySuccess(t('caseAttachments.added', { name: added.fileName }));
      },
      onError: (error) => {
        const key = fileProblemKey(error);
        if (key) form.setFieldError('file', t(key, { size: maxSize }));
      },
    });
  };

  return { form, upload, fileProblem, submit };
}

/** Removing a file: the file asked about (the confirmation is open while there is one) and the removal. */
export function useAttachmentRemoval(caseId: string) {
  const { t } = useTranslation();
  const remove = useRemoveCaseAttachment(caseId);
  const [removing, setRemoving] = useState<CaseAttachmentDto | null>(null);

  const ask = (file: CaseAttachmentDto) => {
    remove.reset();
    setRemoving(file);
  };
  const cancel = () => setRemoving(null);
  const confirm = () =>
    removing &&
    remove.mutate(removing.id, {
      onSuccess: () => {
        notifySuccess(t('caseAttachments.removed', { name: removing.fileName }));
        setRemoving(null);
      },
    });

  return { remove, removing, ask, cancel, confirm };
}
