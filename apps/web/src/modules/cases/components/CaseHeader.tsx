import { useTranslation } from 'react-i18next';
import { useCodes } from '@web/modules/i18n/codes';
import { useFormatDateTime } from '@web/modules/i18n/format';
import { Badge, Group, Paper, SimpleGrid, Stack, Text, Title } from '@web/modules/ui';
import { CaseStatusBadge, PriorityBadge } from '../labels';
import type { CaseDto } from '../types';

/** Reference, status, priority, type, who has it and who it is for. */
export function CaseHeader({ c }: { c: CaseDto }) {
  const { t } = useTranslation();
  const codes = useCodes();
  const formatDateTime = useFormatDateTime();
  return (
    <Paper withBorder p="md" mb="md" component="header" aria-labelledby="case-title">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="sm">
          <Title order={1} size="h2" id="case-title">
            <Text span inherit c="dimmed" fw={400}>
              {t('cases.caseLabel')}{' '}
            </Text>
            <Text span inherit ff="monospace" data-testid="case-reference">
              {c.reference}
            </Text>
          </Title>
          <Group gap="xs">
            <CaseStatusBadge status={c.status} testId="case-status" />
            <PriorityBadge priority={c.priority} />
            {c.canManage ? null : (
              <Badge color="gray" variant="outline" tt="none">
                {t('cases.readOnly')}
              </Badge>
            )}
          </Group>
        </Group>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
          <div>
            <Text size="xs" c="dimmed" fw={600}>
              {t('cases.type')}
            </Text>
            <Text size="sm">{codes.label('caseType', c.type)}</Text>
          </div>
          <div>
            <Text size="xs" c="dimmed" fw={600}>
              {t('cases.assignee')}
            </Text>
            <Text size="sm" data-testid="case-assignee">
              {c.assignee?.displayName ?? t('cases.unassigned')}
            </Text>
          </div>
          <div>
            <Text size="xs" c="dimmed" fw={600}>
              {t('cases.client')}
            </Text>
            <Text size="sm" data-testid="case-client">
              {c.personName ?? t('cases.noClient')}
            </Text>
          </div>
          <div>
            <Text size="xs" c="dimmed" fw={600}>
              {t('cases.lastActivity')}
            </Text>
            <Text size="sm">{formatDateTime(c.lastActivityAt)}</Text>
          </div>
        </SimpleGrid>
        {c.summary ? (
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {c.summary}
          </Text>
        ) : null}
        <Text size="xs" c="dimmed">
          {t('cases.openedBy', { name: c.createdBy.displayName, time: formatDateTime(c.createdAt) })}
          {c.closedAt ? ` · ${t('cases.closedAt', { time: formatDateTime(c.closedAt), reason: codes.label('closureReason', c.closureReason) })}` : ''}
        </Text>
      </Stack>
    </Paper>
  );
}
