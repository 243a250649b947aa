import type { CaseStatus } from '@mayak/domain';
import { useTranslation } from 'react-i18next';
import { useCan } from '@web/modules/auth/hooks/use-can';
import { Button, Group, Paper, Stack, Text, Title } from '@web/modules/ui';
import { useCaseStatusControl } from '../hooks/use-case-status-control';
import type { useChangeStatus } from '../hooks/use-cases';
import type { CaseDto } from '../types';
import { transitionKey } from './case-status';
import { ClosureApproval, StatusProblem } from './CaseClosureApproval';
import { CloseCaseDialog, ReopenCaseDialog } from './CaseStatusDialogs';

/** Off screen, yet read out by screen readers. */
const VISUALLY_HIDDEN = { position: 'absolute', left: -10000, width: 1, height: 1, overflow: 'hidden' } as const;

/**
 * Status changes offered from the case's own `allowedTransitions` (never a free choice);
 * closing asks for a reason and a note, reopening for a reason. Only for those who may
 * manage the case. Critical cases need a supervisor's approval to close: case workers can
 * ask for it, supervisors give it.
 */
export function CaseStatusControl({ c }: { c: CaseDto }) {
  const { t } = useTranslation();
  const can = useCan();
  const control = useCaseStatusControl(c);
  const { change, dialog, closeDialog } = control;
  const criticalOpen = c.priority === 'critical' && c.status !== 'closed';

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="case-status-title" data-testid="status-control">
      <Stack gap="sm">
        <Title order={2} size="h4" id="case-status-title" ref={control.headingRef} tabIndex={-1}>
          {t('cases.statusTitle')}
        </Title>
        <Text size="sm" role="status" aria-live="polite" style={VISUALLY_HIDDEN}>
          {control.announcement}
        </Text>
        {c.canManage ? (
          <StatusTransitions c={c} change={change} onMove={control.move} />
        ) : (
          <Text size="sm" c="dimmed">
            {t('cases.cannotManage')}
          </Text>
        )}
        {!dialog ? <StatusProblem c={c} error={change.error} /> : null}
        {criticalOpen ? <ClosureApproval c={c} isApprover={can('cases.approve_closure')} approve={control.approve} request={control.request} /> : null}
      </Stack>

      <CloseCaseDialog
        c={c}
        opened={dialog === 'close'}
        form={control.closeForm}
        pending={change.isPending}
        error={change.error}
        onClose={closeDialog}
        onSubmit={control.submitClose}
      />
      <ReopenCaseDialog
        c={c}
        opened={dialog === 'reopen'}
        form={control.reopenForm}
        pending={change.isPending}
        error={change.error}
        onClose={closeDialog}
        onSubmit={control.submitReopen}
      />
    </Paper>
  );
}

interface StatusTransitionsProps {
  c: CaseDto;
  change: ReturnType<typeof useChangeStatus>;
  onMove: (status: CaseStatus) => void;
}

/** One button per allowed move; the one being made shows it is busy, and the others wait. */
function StatusTransitions({ c, change, onMove }: StatusTransitionsProps) {
  const { t } = useTranslation();
  if (!c.allowedTransitions.length) return null;
  return (
    <Group gap="xs" wrap="wrap" role="group" aria-label={t('cases.changeStatus')}>
      {c.allowedTransitions.map((status) => (
        <Button
          key={status}
          size="sm"
          variant={status === 'closed' ? 'outline' : 'light'}
          color={status === 'closed' ? 'gray' : undefined}
          loading={change.isPending && change.variables?.status === status}
          disabled={change.isPending}
          onClick={() => onMove(status)}
          data-transition={status}
        >
          {t(transitionKey(c.status, status))}
        </Button>
      ))}
    </Group>
  );
}
