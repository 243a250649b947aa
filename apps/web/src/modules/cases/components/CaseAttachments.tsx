import { useTranslation } from 'react-i18next';
import { useCan } from '@web/modules/auth/hooks/use-can';
import { useFormatFileSize } from '@web/modules/i18n/format';
import { ConfirmDialog, ErrorAlert, LoadingState, Pager, Paper, Stack, Text, Title, usePagination } from '@web/modules/ui';
import { useAttachmentRemoval, useAttachmentUpload } from '../hooks/use-case-attachment-actions';
import { useCaseAttachments } from '../hooks/use-case-attachments';
import type { CaseDto } from '../types';
import { CaseAttachmentForm } from './CaseAttachmentForm';
import { CaseAttachmentList } from './CaseAttachmentList';

/**
 * Files kept with a case (scans of documents, photos): listed with what they are and who added
 * them; each opens in a new tab (the API audits every opening). Those who work on the case add
 * them, those who manage it remove them.
 */
export function CaseAttachments({ c }: { c: CaseDto }) {
  const { t } = useTranslation();
  const can = useCan();
  const formatSize = useFormatFileSize();
  const pagination = usePagination(20);
  const list = useCaseAttachments(c.id, pagination);
  const maxBytes = list.data?.maxBytes ?? null;
  const maxSize = maxBytes === null ? '' : formatSize(maxBytes);
  const upload = useAttachmentUpload(c.id, maxBytes, maxSize);
  const removal = useAttachmentRemoval(c.id);
  const contributor = can('cases.contribute');
  const canAdd = contributor && c.status !== 'closed';
  const items = list.data?.items ?? [];

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
          <CaseAttachmentList caseId={c.id} items={items} canRemove={c.canManage && !c.legalHold} onRemove={removal.ask} />
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
          <CaseAttachmentForm
            form={upload.form}
            onSubmit={upload.submit}
            uploading={upload.upload.isPending}
            error={upload.upload.error}
            fileProblem={upload.fileProblem}
            maxSize={maxSize}
          />
        ) : null}
      </Stack>
      <ConfirmDialog
        opened={removal.removing !== null}
        title={t('caseAttachments.removeTitle')}
        message={t('caseAttachments.removeDetail', { name: removal.removing?.fileName ?? '' })}
        confirmLabel={t('caseAttachments.remove')}
        danger
        loading={removal.remove.isPending}
        error={removal.remove.error}
        onConfirm={removal.confirm}
        onClose={removal.cancel}
      />
    </Paper>
  );
}
