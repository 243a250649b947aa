import { useForm } from '@mantine/form';
import { REFERRAL_OUTCOMES } from '@mayak/domain';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorsOf } from '@web/modules/api/errors';
import { useCodes } from '@web/modules/i18n/codes';
import { Button, Dialog, ErrorAlert, Group, NativeSelect, Stack, Textarea } from '@web/modules/ui';
import type { ChangeReferralStatusBody, ReferralOutcome, ReferralStatus } from '../hooks/use-referrals';

export type MoveDetails = Pick<ChangeReferralStatusBody, 'reason' | 'outcome' | 'note'>;

/**
 * One status move with what it needs: a reason to decline or cancel, an outcome to complete,
 * and an optional note (the partner's answer in their words).
 */
export function ReferralMoveDialog({
  target,
  title,
  pending,
  error,
  onSubmit,
  onClose,
}: {
  target: ReferralStatus | null;
  title: string;
  pending: boolean;
  error: unknown;
  onSubmit: (details: MoveDetails, onError: (error: unknown) => void) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const codes = useCodes();
  const needsReason = target === 'declined' || target === 'cancelled';
  const needsOutcome = target === 'completed';
  const form = useForm<{ reason: string; outcome: ReferralOutcome | ''; note: string }>({
    initialValues: { reason: '', outcome: '', note: '' },
    validate: {
      reason: (value) => (needsReason && !value.trim() ? t('fieldErrors.required') : null),
      outcome: (value) => (needsOutcome && !value ? t('fieldErrors.required') : null),
    },
  });
  useEffect(() => {
    if (target) form.reset();
  }, [target]);

  return (
    <Dialog opened={target !== null} onClose={onClose} title={title} size="md">
      <form
        noValidate
        data-testid="referral-move-form"
        onSubmit={form.onSubmit((values) =>
          onSubmit(
            {
              ...(needsReason ? { reason: values.reason.trim() } : {}),
              ...(needsOutcome && values.outcome ? { outcome: values.outcome } : {}),
              ...(values.note.trim() ? { note: values.note.trim() } : {}),
            },
            (failure) => form.setErrors(fieldErrorsOf(t, failure)),
          ),
        )}
      >
        <Stack>
          <ErrorAlert error={error} />
          {needsReason ? (
            <Textarea label={t('referrals.reason')} required autosize minRows={2} maxLength={1000} data-autofocus {...form.getInputProps('reason')} />
          ) : null}
          {needsOutcome ? (
            <NativeSelect
              label={t('referrals.outcome')}
              required
              data-autofocus
              data={[{ value: '', label: t('common.choose') }, ...REFERRAL_OUTCOMES.map((value) => ({ value, label: codes.label('referralOutcome', value) }))]}
              {...form.getInputProps('outcome')}
            />
          ) : null}
          <Textarea
            label={t('referrals.note')}
            description={t('referrals.noteHint')}
            autosize
            minRows={2}
            maxLength={2000}
            data-autofocus={!needsReason && !needsOutcome ? true : undefined}
            {...form.getInputProps('note')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={pending} color={needsReason ? 'red' : undefined}>
              {t('referrals.confirmMove')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Dialog>
  );
}

/** Colour of a referral status badge. */
export function referralStatusColor(status: string): string {
  switch (status) {
    case 'sent':
      return 'blue';
    case 'accepted':
      return 'teal';
    case 'in_progress':
      return 'cyan';
    case 'completed':
      return 'green';
    case 'declined':
      return 'red';
    case 'cancelled':
      return 'gray';
    default:
      return 'yellow';
  }
}
