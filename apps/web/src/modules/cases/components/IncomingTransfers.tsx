import { TRANSFER_REASON_MAX, TRANSFER_REASON_MIN } from '@mayak/domain';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { fieldErrorsOf } from '@web/modules/api/errors';
import { useCan } from '@web/modules/auth/hooks/use-can';
import { useCodes } from '@web/modules/i18n/codes';
import { useFormatDateTime } from '@web/modules/i18n/format';
import { Button, Dialog, ErrorAlert, Group, NativeSelect, notifySuccess, Paper, Stack, Text, Textarea, Title } from '@web/modules/ui';
import { useAcceptTransfer, useDeclineTransfer, useIncomingTransfers, type CaseTransferDto } from '../hooks/use-case-transfers';
import { useAssignableUsers } from '../hooks/use-cases';
import { PriorityBadge } from '../labels';

/** Accepting: the case moves to this office now, to the chosen case worker or to nobody yet. */
function AcceptDialog({ transfer, onClose }: { transfer: CaseTransferDto | null; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const users = useAssignableUsers(transfer?.toOffice.id, !!transfer);
  const accept = useAcceptTransfer();
  const [assigneeId, setAssigneeId] = useState('');
  const close = () => {
    setAssigneeId('');
    accept.reset();
    onClose();
  };
  const caseWorkers = (users.data ?? []).filter((user) => user.roles.includes('case_worker'));
  const others = (users.data ?? []).filter((user) => !user.roles.includes('case_worker'));
  return (
    <Dialog opened={!!transfer} onClose={close} title={transfer ? t('transfers.acceptTitle', { reference: transfer.caseReference }) : ''} size="md">
      {transfer ? (
        <form
          noValidate
          data-testid="transfer-accept-form"
          onSubmit={(event) => {
            event.preventDefault();
            accept.mutate(
              { id: transfer.id, assigneeId: assigneeId || null },
              {
                onSuccess: (done) => {
                  notifySuccess(t('transfers.accepted', { reference: done.caseReference }));
                  close();
                  void navigate(`/cases/${done.caseId}`);
                },
              },
            );
          }}
        >
          <Stack gap="sm">
            <Text size="sm">{t('transfers.acceptHelp', { office: transfer.fromOffice.name })}</Text>
            {users.isError ? <ErrorAlert error={users.error} /> : null}
            <NativeSelect
              label={t('transfers.assignTo')}
              value={assigneeId}
              data={[{ value: '', label: t('cases.unassigned') }, ...[...caseWorkers, ...others].map((user) => ({ value: user.id, label: user.displayName }))]}
              onChange={(event) => setAssigneeId(event.currentTarget.value)}
              error={fieldErrorsOf(t, accept.error).assigneeId}
              data-testid="transfer-accept-assignee"
              data-autofocus
            />
            <ErrorAlert error={fieldErrorsOf(t, accept.error).assigneeId ? null : accept.error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={accept.isPending} data-testid="transfer-accept-submit">
                {t('transfers.acceptConfirm')}
              </Button>
            </Group>
          </Stack>
        </form>
      ) : null}
    </Dialog>
  );
}

/** Declining: the case stays where it is; the reason is on its timeline for the office that asked. */
function DeclineDialog({ transfer, onClose }: { transfer: CaseTransferDto | null; onClose: () => void }) {
  const { t } = useTranslation();
  const decline = useDeclineTransfer();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const close = () => {
    setReason('');
    setError(null);
    decline.reset();
    onClose();
  };
  return (
    <Dialog opened={!!transfer} onClose={close} title={transfer ? t('transfers.declineTitle', { reference: transfer.caseReference }) : ''} size="md">
      {transfer ? (
        <form
          noValidate
          data-testid="transfer-decline-form"
          onSubmit={(event) => {
            event.preventDefault();
            const length = reason.trim().length;
            if (length < TRANSFER_REASON_MIN || length > TRANSFER_REASON_MAX) {
              setError(t('transfers.reasonLength', { min: TRANSFER_REASON_MIN, max: TRANSFER_REASON_MAX }));
              return;
            }
            setError(null);
            decline.mutate(
              { id: transfer.id, reason: reason.trim() },
              {
                onSuccess: () => {
                  notifySuccess(t('transfers.declined'));
                  close();
                },
                onError: (failure) => setError(fieldErrorsOf(t, failure).reason ?? null),
              },
            );
          }}
        >
          <Stack gap="sm">
            <Textarea
              label={t('transfers.declineReason')}
              required
              autosize
              minRows={3}
              maxLength={TRANSFER_REASON_MAX}
              value={reason}
              error={error}
              onChange={(event) => setReason(event.currentTarget.value)}
              data-testid="transfer-decline-reason"
              data-autofocus
            />
            <ErrorAlert error={error ? null : decline.error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" color="red" loading={decline.isPending} data-testid="transfer-decline-submit">
                {t('transfers.decline')}
              </Button>
            </Group>
          </Stack>
        </form>
      ) : null}
    </Dialog>
  );
}

/**
 * Requests from other offices to take a case, for the receiving office's supervisors: what they
 * may know before accepting (reference, type, priority, who asks and why), and Accept or Decline.
 * Shown only while something waits.
 */
export function IncomingTransfers() {
  const { t } = useTranslation();
  const can = useCan();
  const codes = useCodes();
  const formatDateTime = useFormatDateTime();
  const incoming = useIncomingTransfers(can('cases.assign'));
  const [accepting, setAccepting] = useState<CaseTransferDto | null>(null);
  const [declining, setDeclining] = useState<CaseTransferDto | null>(null);
  const items = incoming.data?.items ?? [];
  // Kept while a dialog is open: the answered request leaves the list before the dialog is done with it.
  if (!can('cases.assign') || (!incoming.isError && !items.length && !accepting && !declining)) return null;

  return (
    <Paper withBorder p="md" mb="md" component="section" id="incoming-transfers" aria-labelledby="incoming-transfers-title" data-testid="incoming-transfers">
      <Stack gap="sm">
        <Title order={2} size="h4" id="incoming-transfers-title">
          {t('transfers.incomingTitle', { count: incoming.data?.total ?? items.length })}
        </Title>
        <Text size="sm" c="dimmed">
          {t('transfers.incomingHelp')}
        </Text>
        <ErrorAlert error={incoming.error} />
        <Stack component="ul" gap="sm" m={0} p={0} style={{ listStyle: 'none' }}>
          {items.map((transfer) => (
            <li key={transfer.id} data-testid="incoming-transfer" data-reference={transfer.caseReference}>
              <Stack gap={4} pt="xs" style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
                <Group gap="xs" wrap="wrap">
                  <Text size="sm" fw={600} ff="monospace">
                    {transfer.caseReference}
                  </Text>
                  <Text size="sm">{codes.label('caseType', transfer.caseType)}</Text>
                  <PriorityBadge priority={transfer.casePriority} />
                </Group>
                <Text size="sm">
                  {t('transfers.incomingFrom', {
                    office: transfer.fromOffice.name,
                    name: transfer.requestedBy.displayName,
                    time: formatDateTime(transfer.requestedAt),
                  })}
                </Text>
                <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
                  {t('transfers.becauseOf', { reason: transfer.reason })}
                </Text>
                {transfer.canAnswer ? (
                  <Group gap="xs">
                    <Button
                      size="xs"
                      onClick={() => setAccepting(transfer)}
                      data-testid="transfer-accept"
                      aria-label={t('transfers.acceptNamed', { reference: transfer.caseReference })}
                    >
                      {t('transfers.accept')}
                    </Button>
                    <Button
                      size="xs"
                      variant="default"
                      onClick={() => setDeclining(transfer)}
                      data-testid="transfer-decline"
                      aria-label={t('transfers.declineNamed', { reference: transfer.caseReference })}
                    >
                      {t('transfers.decline')}
                    </Button>
                  </Group>
                ) : null}
              </Stack>
            </li>
          ))}
        </Stack>
      </Stack>
      <AcceptDialog transfer={accepting} onClose={() => setAccepting(null)} />
      <DeclineDialog transfer={declining} onClose={() => setDeclining(null)} />
    </Paper>
  );
}
