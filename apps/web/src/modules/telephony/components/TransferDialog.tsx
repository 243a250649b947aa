import { useForm } from '@mantine/form';
import type { CallDto, OperatorOnDutyDto } from '@mayak/api-client';
import { TRANSFER_MODES } from '@mayak/domain';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorsOf } from '@web/modules/api/errors';
import { useCodes } from '@web/modules/i18n/codes';
import { Alert, Button, Dialog, ErrorAlert, Group, LoadingState, Radio, Stack, Text } from '@web/modules/ui';
import { useCancelTransfer, useCompleteTransfer, useOperators, useTransferCall, type TransferMode } from '../hooks/use-telephony';

const PRESENCE_ORDER: Record<string, number> = { available: 0, busy: 1, away: 2 };

interface TransferDialogProps {
  opened: boolean;
  call: CallDto | null;
  me: string;
  onClose: () => void;
  /** Saves the intake first: nothing typed may be lost when the contact changes hands. */
  beforeTransfer: () => Promise<unknown>;
  /** The call (and its contact) is the colleague's now. */
  onHandedOver: (call: CallDto) => void;
}

/**
 * Hand a live call to a colleague. Cold: put through at once. Warm: the caller waits on hold
 * while I talk to the colleague, then I complete the transfer (or cancel it and take the
 * caller back). The intake is saved before either, so the colleague opens it as I left it.
 */
export function TransferDialog({ opened, call, me, onClose, beforeTransfer, onHandedOver }: TransferDialogProps) {
  const { t } = useTranslation();
  const codes = useCodes();
  const operators = useOperators(opened);
  const transfer = useTransferCall();
  const complete = useCompleteTransfer();
  const cancel = useCancelTransfer();
  const form = useForm({
    initialValues: { toUserId: '', mode: 'warm' as TransferMode },
    validate: { toUserId: (value) => (value ? null : t('telephony.transfer.chooseColleague')) },
  });
  const { toUserId, mode } = form.values;
  const choiceError = form.errors.toUserId;
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!opened) return;
    form.reset();
    setError(null);
  }, [opened]);

  const colleagues: OperatorOnDutyDto[] = (operators.data ?? [])
    .filter((o) => o.user.id !== me)
    .sort((a, b) => (PRESENCE_ORDER[a.status] ?? 3) - (PRESENCE_ORDER[b.status] ?? 3) || a.user.displayName.localeCompare(b.user.displayName));
  const chosen = colleagues.find((o) => o.user.id === toUserId);
  const waitingOn = call && call.state === 'on_hold' && call.transferTo ? call.transferTo : null;

  const flushThen = async (work: () => Promise<CallDto>) => {
    if (!call) return;
    setError(null);
    setSaving(true);
    try {
      await beforeTransfer();
    } catch (failure) {
      setSaving(false);
      setError(failure);
      return;
    }
    setSaving(false);
    try {
      const result = await work();
      if (result.operator && result.operator.id !== me) {
        onHandedOver(result);
        onClose();
      }
    } catch (failure) {
      setError(failure);
      const fields = fieldErrorsOf(t, failure);
      if (fields.toUserId) form.setFieldError('toUserId', fields.toUserId);
    }
  };

  const start = () => {
    if (!call) return;
    if (form.validate().hasErrors) return;
    void flushThen(() => transfer.mutateAsync({ id: call.id, toUserId, mode }));
  };

  return (
    <Dialog opened={opened} onClose={onClose} title={t('telephony.transfer.title')} size="md">
      <div data-testid="transfer-dialog" data-step={waitingOn ? 'waiting' : 'choose'}>
        {waitingOn && call ? (
          <Stack>
            <Alert color="orange" title={t('telephony.transfer.waitingTitle')} role="status">
              {t('telephony.transfer.waitingDetail', { name: waitingOn.displayName })}
            </Alert>
            <ErrorAlert error={error} />
            <Group justify="flex-end" wrap="wrap">
              <Button
                variant="default"
                loading={cancel.isPending}
                onClick={() => {
                  setError(null);
                  cancel.mutate(call.id, { onSuccess: onClose, onError: setError });
                }}
                data-testid="transfer-cancel"
              >
                {t('telephony.transfer.cancel')}
              </Button>
              <Button
                color="green"
                loading={saving || complete.isPending}
                onClick={() => void flushThen(() => complete.mutateAsync(call.id))}
                data-testid="transfer-complete"
                data-autofocus
              >
                {t('telephony.transfer.complete', { name: waitingOn.displayName })}
              </Button>
            </Group>
          </Stack>
        ) : (
          <form
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              start();
            }}
          >
            <Stack>
              {operators.isPending ? (
                <LoadingState />
              ) : operators.isError ? (
                <ErrorAlert error={operators.error} />
              ) : colleagues.length === 0 ? (
                <Text size="sm">{t('telephony.transfer.noColleagues')}</Text>
              ) : (
                <Radio.Group
                  label={t('telephony.transfer.colleague')}
                  name="toUserId"
                  value={toUserId}
                  onChange={(value) => form.setFieldValue('toUserId', value)}
                  error={choiceError}
                  required
                >
                  <Stack gap="xs" mt="xs" data-testid="transfer-colleagues">
                    {colleagues.map((o, index) => (
                      <Radio
                        key={o.user.id}
                        value={o.user.id}
                        label={o.user.displayName}
                        description={codes.label('presenceStatus', o.status)}
                        data-autofocus={index === 0 ? true : undefined}
                        data-status={o.status}
                      />
                    ))}
                  </Stack>
                </Radio.Group>
              )}
              {chosen && chosen.status !== 'available' ? (
                <Text size="sm" c="orange.8">
                  {t('telephony.transfer.notAvailable', { name: chosen.user.displayName, status: codes.label('presenceStatus', chosen.status) })}
                </Text>
              ) : null}
              <Radio.Group
                label={t('telephony.transfer.mode')}
                name="mode"
                value={mode}
                onChange={(value) => form.setFieldValue('mode', value as TransferMode)}
              >
                <Stack gap="xs" mt="xs">
                  {TRANSFER_MODES.map((value) => (
                    <Radio key={value} value={value} label={codes.label('transferMode', value)} description={t(`telephony.transfer.modeHint.${value}`)} />
                  ))}
                </Stack>
              </Radio.Group>
              {!choiceError ? <ErrorAlert error={error} /> : null}
              <Group justify="flex-end">
                <Button variant="default" onClick={onClose}>
                  {t('common.cancel')}
                </Button>
                <Button type="submit" loading={saving || transfer.isPending} disabled={!colleagues.length} data-testid="transfer-submit">
                  {mode === 'cold' ? t('telephony.transfer.submitCold') : t('telephony.transfer.submitWarm')}
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </div>
    </Dialog>
  );
}
