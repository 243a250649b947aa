import { mayRequestTransfer, TRANSFER_REASON_MAX, TRANSFER_REASON_MIN } from '@mayak/domain';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorsOf } from '@web/modules/api/errors';
import { useCan } from '@web/modules/auth/hooks/use-can';
import { useSession } from '@web/modules/auth/hooks/use-session';
import { useFormatDateTime } from '@web/modules/i18n/format';
import { Badge, Button, ConfirmDialog, Dialog, ErrorAlert, Group, NativeSelect, notifySuccess, Paper, Stack, Text, Textarea, Title } from '@web/modules/ui';
import { useCaseTransfers, useRequestTransfer, useTransferOffices, useWithdrawTransfer, type CaseTransferDto } from '../hooks/use-case-transfers';
import type { CaseDto } from '../types';

/** The dialog that asks another office to take the case: which office, and why. */
function RequestTransferDialog({ c, opened, onClose }: { c: CaseDto; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const offices = useTransferOffices(opened);
  const request = useRequestTransfer(c.id);
  const [toOfficeId, setToOfficeId] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const choices = (offices.data ?? []).filter((office) => office.id !== c.officeId);

  const close = () => {
    setToOfficeId('');
    setReason('');
    setErrors({});
    request.reset();
    onClose();
  };
  const submit = () => {
    const problems: Record<string, string> = {};
    if (!toOfficeId) problems.toOfficeId = t('fieldErrors.required');
    const length = reason.trim().length;
    if (length < TRANSFER_REASON_MIN || length > TRANSFER_REASON_MAX)
      problems.reason = t('transfers.reasonLength', { min: TRANSFER_REASON_MIN, max: TRANSFER_REASON_MAX });
    setErrors(problems);
    if (Object.keys(problems).length) return;
    request.mutate(
      { toOfficeId, reason: reason.trim() },
      {
        onSuccess: (sent) => {
          notifySuccess(t('transfers.requested', { office: sent.toOffice.name }));
          close();
        },
        onError: (error) => setErrors(fieldErrorsOf(t, error)),
      },
    );
  };

  return (
    <Dialog opened={opened} onClose={close} title={t('transfers.requestTitle', { reference: c.reference })} size="md">
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
        data-testid="case-transfer-form"
      >
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {t('transfers.requestHelp')}
          </Text>
          {offices.isError ? <ErrorAlert error={offices.error} /> : null}
          <NativeSelect
            label={t('transfers.toOffice')}
            required
            value={toOfficeId}
            error={errors.toOfficeId}
            data={[{ value: '', label: t('common.choose') }, ...choices.map((office) => ({ value: office.id, label: office.name }))]}
            onChange={(event) => setToOfficeId(event.currentTarget.value)}
            data-testid="case-transfer-office"
            data-autofocus
          />
          <Textarea
            label={t('transfers.reason')}
            description={t('transfers.reasonHelp')}
            required
            autosize
            minRows={3}
            maxLength={TRANSFER_REASON_MAX}
            value={reason}
            error={errors.reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            data-testid="case-transfer-reason"
          />
          <ErrorAlert error={Object.keys(errors).length ? null : request.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={request.isPending} data-testid="case-transfer-submit">
              {t('transfers.send')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Dialog>
  );
}

/** One answered request, in a line. */
function AnsweredTransfer({ transfer }: { transfer: CaseTransferDto }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const when = formatDateTime(transfer.decidedAt ?? transfer.requestedAt);
  return (
    <Text size="sm" data-testid="case-transfer-answered" data-status={transfer.status}>
      {t(`transfers.answered.${transfer.status}`, { from: transfer.fromOffice.name, to: transfer.toOffice.name, time: when })}
      {transfer.declineReason ? ` ${t('transfers.becauseOf', { reason: transfer.declineReason })}` : ''}
    </Text>
  );
}

/**
 * Which office has the case, and moving it to another: a request (office, reason) that stays
 * pending until a supervisor there accepts or declines it; the requester may withdraw it. The
 * case can still be worked while it waits.
 */
export function CaseTransfer({ c }: { c: CaseDto }) {
  const { t } = useTranslation();
  const can = useCan();
  const session = useSession();
  const formatDateTime = useFormatDateTime();
  const transfers = useCaseTransfers(c.id);
  const withdraw = useWithdrawTransfer();
  const [asking, setAsking] = useState(false);
  const [withdrawing, setWithdrawing] = useState<CaseTransferDto | null>(null);
  const user = session.data?.user;
  const items = transfers.data ?? [];
  const pending = items.find((transfer) => transfer.status === 'pending');
  const answered = items.filter((transfer) => transfer.status !== 'pending').slice(0, 3);
  const officeName = user?.offices.find((office) => office.id === c.officeId)?.name ?? items.find((x) => x.status === 'accepted')?.toOffice.name;
  const worksOnCase = !!user && (c.assignee?.id === user.id || c.sharedWith.some((shared) => shared.id === user.id));
  const mayAsk =
    !!user &&
    can('cases.manage') &&
    c.status !== 'closed' &&
    !pending &&
    mayRequestTransfer({ userId: user.id, roles: user.roles, officeIds: user.offices.map((office) => office.id) }, c.officeId, worksOnCase);

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="case-transfer-title" data-testid="case-transfer">
      <Stack gap="sm">
        <Group justify="space-between" gap="xs">
          <Title order={2} size="h4" id="case-transfer-title">
            {t('transfers.title')}
          </Title>
          {pending ? (
            <Badge color="orange" variant="light" tt="none" data-testid="case-transfer-state">
              {t('transfers.pendingBadge')}
            </Badge>
          ) : null}
        </Group>
        {officeName ? (
          <Text size="sm" data-testid="case-office">
            {t('transfers.office', { office: officeName })}
          </Text>
        ) : null}
        {transfers.isError ? <ErrorAlert error={transfers.error} /> : null}
        {pending ? (
          <Stack gap={4} data-testid="case-transfer-pending">
            <Text size="sm">
              {t('transfers.pending', { office: pending.toOffice.name, name: pending.requestedBy.displayName, time: formatDateTime(pending.requestedAt) })}
            </Text>
            <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
              {t('transfers.becauseOf', { reason: pending.reason })}
            </Text>
            {pending.canWithdraw ? (
              <Group>
                <Button size="sm" variant="subtle" color="red" onClick={() => setWithdrawing(pending)} data-testid="case-transfer-withdraw">
                  {t('transfers.withdraw')}
                </Button>
              </Group>
            ) : null}
          </Stack>
        ) : null}
        {answered.map((transfer) => (
          <AnsweredTransfer key={transfer.id} transfer={transfer} />
        ))}
        {mayAsk ? (
          <Group>
            <Button size="sm" variant="light" onClick={() => setAsking(true)} data-testid="case-transfer-open">
              {t('transfers.open')}
            </Button>
          </Group>
        ) : null}
        <ErrorAlert error={withdrawing ? null : withdraw.error} />
      </Stack>
      <RequestTransferDialog c={c} opened={asking} onClose={() => setAsking(false)} />
      <ConfirmDialog
        opened={!!withdrawing}
        title={t('transfers.withdrawTitle')}
        message={withdrawing ? t('transfers.withdrawMessage', { office: withdrawing.toOffice.name }) : ''}
        confirmLabel={t('transfers.withdraw')}
        danger
        loading={withdraw.isPending}
        error={withdraw.error}
        onClose={() => {
          setWithdrawing(null);
          withdraw.reset();
        }}
        onConfirm={() =>
          withdrawing &&
          withdraw.mutate(withdrawing.id, {
            onSuccess: () => {
              setWithdrawing(null);
              notifySuccess(t('transfers.withdrawn'));
            },
          })
        }
      />
    </Paper>
  );
}
