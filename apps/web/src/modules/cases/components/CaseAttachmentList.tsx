import { useTranslation } from 'react-i18next';
import { useCodes } from '@web/modules/i18n/codes';
import { useFormatDateTime, useFormatFileSize } from '@web/modules/i18n/format';
import { Anchor, Badge, Box, Button, Group, Stack, Text } from '@web/modules/ui';
import { caseAttachmentUrl, type CaseAttachmentDto } from '../hooks/use-case-attachments';

interface CaseAttachmentListProps {
  caseId: string;
  items: CaseAttachmentDto[];
  /** Offer "Remove" on each file (those who manage the case, without a legal hold). */
  canRemove: boolean;
  onRemove: (file: CaseAttachmentDto) => void;
}

/** The case's files, one list item each ("none" when there are none). */
export function CaseAttachmentList({ caseId, items, canRemove, onRemove }: CaseAttachmentListProps) {
  const { t } = useTranslation();
  return (
    <Box component="ul" aria-label={t('caseAttachments.listLabel')} data-testid="case-attachment-list" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {items.length === 0 ? (
        <Text component="li" size="sm" c="dimmed">
          {t('caseAttachments.none')}
        </Text>
      ) : null}
      {items.map((file) => (
        <CaseAttachmentRow key={file.id} caseId={caseId} file={file} canRemove={canRemove} onRemove={onRemove} />
      ))}
    </Box>
  );
}

interface CaseAttachmentRowProps {
  caseId: string;
  file: CaseAttachmentDto;
  canRemove: boolean;
  onRemove: (file: CaseAttachmentDto) => void;
}

/** One file: its name opens it in a new tab; what it is, its size, who added it and when; its description. */
function CaseAttachmentRow({ caseId, file, canRemove, onRemove }: CaseAttachmentRowProps) {
  const { t } = useTranslation();
  const codes = useCodes();
  const formatSize = useFormatFileSize();
  const formatDateTime = useFormatDateTime();
  return (
    <Box
      component="li"
      py="xs"
      data-testid="case-attachment"
      data-category={file.category}
      style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}
    >
      <Group justify="space-between" wrap="wrap" gap="xs" align="flex-start">
        <Stack gap={2} style={{ minWidth: 0, flex: '1 1 12rem' }}>
          <Anchor
            href={caseAttachmentUrl(caseId, file.id)}
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
            onClick={() => onRemove(file)}
            aria-label={t('caseAttachments.removeNamed', { name: file.fileName })}
            data-testid="case-attachment-remove"
          >
            {t('caseAttachments.remove')}
          </Button>
        ) : null}
      </Group>
    </Box>
  );
}
