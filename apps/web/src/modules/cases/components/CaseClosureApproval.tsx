import { useTranslation } from 'react-i18next';
import { problemCode } from '@web/modules/api/errors';
import { Alert, Button, ErrorAlert, Group, notifySuccess, Stack, Text } from '@web/modules/ui';
import { useApproveClosure, useRequestClosureApproval } from '../hooks/use-cases';
import type { CaseDto } from '../types';

type RequestApproval = ReturnType<typeof useRequestClosureApproval>;

/** Asks the supervisors to approve closing a critical case, and says whether anyone new was asked. */
function useAskForApproval(request: RequestApproval) {
  const { t } = useTranslation();
  return () =>
    request.mutate(undefined, {
      onSuccess: (result) => notifySuccess(result.notified ? t('cases.approval.requested', { n: result.notified }) : t('cases.approval.alreadyRequested')),
    });
}

/** A refused change with what the user can do about it (ask a supervisor for a critical case). */
export function StatusProblem({ c, error }: { c: CaseDto; error: unknown }) {
  const { t } = useTranslation();
  const request = useRequestClosureApproval(c.id);
  const ask = useAskForApproval(request);
  if (!error) return null;
  if (problemCode(error) === 'supervisor_approval_required') {
    return (
      <Alert color="orange" role="alert" title={t('cases.approval.requiredTitle')} data-testid="approval-required">
        <Stack gap="xs">
          <Text size="sm">{t('cases.approval.requiredDetail')}</Text>
          <ErrorAlert error={request.error} />
          {c.canManage ? (
            <Group>
              <Button size="xs" loading={request.isPending} onClick={ask}>
                {t('cases.approval.ask')}
              </Button>
            </Group>
          ) : null}
        </Stack>
      </Alert>
    );
  }
  return <ErrorAlert error={error} />;
}

interface ClosureApprovalProps {
  c: CaseDto;
  isApprover: boolean;
  approve: ReturnType<typeof useApproveClosure>;
  request: RequestApproval;
}

/** A critical case still open: who approved its closure, or the supervisor's "Approve", or the case worker's "Ask". */
export function ClosureApproval({ c, isApprover, approve, request }: ClosureApprovalProps) {
  const { t } = useTranslation();
  const ask = useAskForApproval(request);
  if (c.closureApprovedBy) {
    return (
      <Text size="sm" data-testid="closure-approved">
        {t('cases.approval.approvedBy', { name: c.closureApprovedBy.displayName })}
      </Text>
    );
  }
  if (isApprover) {
    return (
      <Group>
        <Button
          size="xs"
          color="orange"
          variant="light"
          loading={approve.isPending}
          onClick={() => approve.mutate(c.version, { onSuccess: () => notifySuccess(t('cases.approval.approved')) })}
        >
          {t('cases.approval.approve')}
        </Button>
        <ErrorAlert error={approve.error} />
      </Group>
    );
  }
  if (!c.canManage) return null;
  return (
    <Group gap="xs" wrap="wrap">
      <Text size="sm" c="dimmed">
        {t('cases.approval.hint')}
      </Text>
      <Button size="xs" variant="subtle" loading={request.isPending} onClick={ask}>
        {t('cases.approval.ask')}
      </Button>
      <ErrorAlert error={request.error} />
    </Group>
  );
}
