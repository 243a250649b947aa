import type { MantineColor } from '@mantine/core';
import type { CasePriority, CaseStatus } from '@mayak/domain';
import { useTranslation } from 'react-i18next';
import { Badge, StatusBadge } from '../ui';

export const STATUS_COLOR: Record<CaseStatus, MantineColor> = {
  new: 'blue',
  open: 'cyan',
  in_progress: 'indigo',
  referred: 'grape',
  follow_up: 'teal',
  closed: 'gray',
};

export function CaseStatusBadge({ status, testId }: { status: string; testId?: string }) {
  const { t } = useTranslation();
  return (
    <span data-testid={testId} data-status={status}>
      <StatusBadge color={STATUS_COLOR[status as CaseStatus] ?? 'gray'}>{t(`cases.status.${status}`)}</StatusBadge>
    </span>
  );
}

/** Critical is filled red with a mark that does not rely on colour alone. */
export function PriorityBadge({ priority }: { priority: string }) {
  const { t } = useTranslation();
  const p = priority as CasePriority;
  if (p === 'critical') {
    return (
      <Badge color="red" variant="filled" tt="none" data-priority="critical" styles={{ root: { minWidth: 'max-content' } }}>
        <span aria-hidden="true">⚠ </span>
        {t('cases.priority.critical')}
      </Badge>
    );
  }
  return (
    <Badge
      color={p === 'high' ? 'orange' : 'gray'}
      variant={p === 'high' ? 'light' : 'outline'}
      tt="none"
      data-priority={p}
      styles={{ root: { minWidth: 'max-content' } }}
    >
      {t(`cases.priority.${p}`)}
    </Badge>
  );
}
