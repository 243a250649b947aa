import { useForm } from '@mantine/form';
import type { CaseStatus, ClosureReason } from '@mayak/domain';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorsOf, problemCode } from '@web/modules/api/errors';
import { useCan } from '@web/modules/auth/hooks/use-can';
import { useCodes } from '@web/modules/i18n/codes';
import { Alert, Button, Dialog, ErrorAlert, Group, NativeSelect, notifySuccess, Paper, Stack, Text, Textarea, Title } from '@web/modules/ui';
import { useApproveClosure, useChangeStatus, useRequestClosureApproval } from '../hooks/use-cases';
import type { CaseDto } from '../types';

/** The words on a transition button: what the move does, not just the target's name. */
function transitionKey(from: string, to: CaseStatus): string {
  return from === 'closed' && to === 'open' ? 'cases.transition.reopen' : `cases.transition.${to}`;
}

/** A refused change with what the user can do about it (ask a supervisor for a critical case). */
function StatusProblem({ c, error }: { c: CaseDto; error: unknown }) {
  const { t } = useTranslation();
  const request = useRequestClosureApproval(c.id);
  if (!error) return null;
  if (problemCode(error) === 'supervisor_approval_required') {
    return (
      <Alert color="orange" role="alert" title={t('cases.approval.requiredTitle')} data-testid="approval-required">
        <Stack gap="xs">
          <Text size="sm">{t('cases.approval.requiredDetail')}</Text>
          <ErrorAlert error={request.error} />
          {c.canManage ? (
            <Group>
              <Button
                size="xs"
                loading={request.isPending}
                onClick={() =>
                  request.mutate(undefined, {
                    onSuccess: (result) =>
                      notifySuccess(result.notified ? t('cases.approval.requested', { n: result.notified }) : t('cases.approval.alreadyRequested')),
                  })
                }
              >
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

/**
 * Status changes offered from the case's own `allowedTransitions` (never a free choice);
 * closing asks for a reason and a note, reopening for a reason. Only for those who may
 * manage the case. Critical cases need a supervisor's approval to close: case workers can
 * ask for it, supervisors give it.
 */
export function CaseStatusControl({ c }: { c: CaseDto }) {
  const { t } = useTranslation();
  const can = useCan();
  const codes = useCodes();
  const change = useChangeStatus(c.id);
  const approve = useApproveClosure(c.id);
  const request = useRequestClosureApproval(c.id);
  const [dialog, setDialog] = useState<'close' | 'reopen' | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [announcement, setAnnouncement] = useState('');
  const closeForm = useForm<{ closureReason: ClosureReason | ''; closureNote: string }>({
    initialValues: { closureReason: '', closureNote: '' },
    validate: { closureReason: (value) => (value ? null : t('fieldErrors.required')) },
  });
  const reopenForm = useForm({
    initialValues: { reopenReason: '' },
    validate: { reopenReason: (value) => (value.trim() ? null : t('fieldErrors.required')) },
  });
  useEffect(() => {
    if (dialog === 'close') closeForm.reset();
    if (dialog === 'reopen') reopenForm.reset();
  }, [dialog]);

  const criticalOpen = c.priority === 'critical' && c.status !== 'closed';
  const isApprover = can('cases.approve_closure');
  const moved = (status: CaseStatus) => {
    setDialog(null);
    const message = t('cases.statusChanged', { status: t(`cases.status.${status}`) });
    setAnnouncement(message);
    notifySuccess(message);
    // The button pressed is gone (the next moves differ): keep the keyboard user here.
    window.setTimeout(() => headingRef.current?.focus(), 0);
  };
  const move = (status: CaseStatus) => {
    if (status === 'closed') {
      change.reset();
      setDialog('close');
    } else if (c.status === 'closed') {
      change.reset();
      setDialog('reopen');
    } else {
      change.mutate({ version: c.version, status }, { onSuccess: () => moved(status) });
    }
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="case-status-title" data-testid="status-control">
      <Stack gap="sm">
        <Title order={2} size="h4" id="case-status-title" ref={headingRef} tabIndex={-1}>
          {t('cases.statusTitle')}
        </Title>
        <Text size="sm" role="status" aria-live="polite" style={{ position: 'absolute', left: -10000, width: 1, height: 1, overflow: 'hidden' }}>
          {announcement}
        </Text>
        {c.canManage ? (
          c.allowedTransitions.length ? (
            <Group gap="xs" wrap="wrap" role="group" aria-label={t('cases.changeStatus')}>
              {c.allowedTransitions.map((status) => (
                <Button
                  key={status}
                  size="sm"
                  variant={status === 'closed' ? 'outline' : 'light'}
                  color={status === 'closed' ? 'gray' : undefined}
                  loading={change.isPending && change.variables?.status === status}
                  disabled={change.isPending}
                  onClick={() => move(status)}
                  data-transition={status}
                >
                  {t(transitionKey(c.status, status))}
                </Button>
              ))}
            </Group>
          ) : null
        ) : (
          <Text size="sm" c="dimmed">
            {t('cases.cannotManage')}
          </Text>
        )}
        {!dialog ? <StatusProblem c={c} error={change.error} /> : null}
        {criticalOpen ? (
          c.closureApprovedBy ? (
            <Text size="sm" data-testid="closure-approved">
              {t('cases.approval.approvedBy', { name: c.closureApprovedBy.displayName })}
            </Text>
          ) : isApprover ? (
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
          ) : c.canManage ? (
            <Group gap="xs" wrap="wrap">
              <Text size="sm" c="dimmed">
                {t('cases.approval.hint')}
              </Text>
              <Button
                size="xs"
                variant="subtle"
                loading={request.isPending}
                onClick={() =>
                  request.mutate(undefined, {
                    onSuccess: (result) =>
                      notifySuccess(result.notified ? t('cases.approval.requested', { n: result.notified }) : t('cases.approval.alreadyRequested')),
                  })
                }
              >
                {t('cases.approval.ask')}
              </Button>
              <ErrorAlert error={request.error} />
            </Group>
          ) : null
        ) : null}
      </Stack>

      <Dialog opened={dialog === 'close'} onClose={() => setDialog(null)} title={t('cases.close.title', { reference: c.reference })}>
        <form
          noValidate
          data-testid="close-case-form"
          onSubmit={closeForm.onSubmit((values) =>
            change.mutate(
              {
                version: c.version,
                status: 'closed',
                closureReason: values.closureReason as ClosureReason,
                ...(values.closureNote.trim() ? { closureNote: values.closureNote.trim() } : {}),
              },
              { onSuccess: () => moved('closed'), onError: (error) => closeForm.setErrors(fieldErrorsOf(t, error)) },
            ),
          )}
        >
          <Stack>
            <StatusProblem c={c} error={change.error} />
            <NativeSelect
              label={t('cases.close.reason')}
              required
              data-autofocus
              data={codes.withEmpty('closureReason', t('common.choose'))}
              {...closeForm.getInputProps('closureReason')}
            />
            <Textarea
              label={t('cases.close.note')}
              description={t('cases.close.noteHint')}
              autosize
              minRows={3}
              maxLength={2000}
              {...closeForm.getInputProps('closureNote')}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setDialog(null)}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" color="red" loading={change.isPending}>
                {t('cases.close.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Dialog>

      <Dialog opened={dialog === 'reopen'} onClose={() => setDialog(null)} title={t('cases.reopen.title', { reference: c.reference })}>
        <form
          noValidate
          data-testid="reopen-case-form"
          onSubmit={reopenForm.onSubmit((values) =>
            change.mutate(
              { version: c.version, status: 'open', reopenReason: values.reopenReason.trim() },
              { onSuccess: () => moved('open'), onError: (error) => reopenForm.setErrors(fieldErrorsOf(t, error)) },
            ),
          )}
        >
          <Stack>
            <StatusProblem c={c} error={change.error} />
            <Textarea
              label={t('cases.reopen.reason')}
              required
              autosize
              minRows={3}
              maxLength={2000}
              data-autofocus
              {...reopenForm.getInputProps('reopenReason')}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setDialog(null)}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={change.isPending}>
                {t('cases.reopen.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Dialog>
    </Paper>
  );
}
