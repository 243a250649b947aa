import type { UseFormReturnType } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { useCodes } from '@web/modules/i18n/codes';
import { Button, Dialog, Group, NativeSelect, Stack, Textarea } from '@web/modules/ui';
import type { CaseDto } from '../types';
import type { CloseCaseValues, ReopenCaseValues } from './case-status';
import { StatusProblem } from './CaseClosureApproval';

interface StatusDialogProps<Values> {
  c: CaseDto;
  opened: boolean;
  form: UseFormReturnType<Values>;
  pending: boolean;
  error: unknown;
  onClose: () => void;
  onSubmit: (values: Values) => void;
}

/** The dialog's Cancel and submit buttons. */
function DialogButtons({ onCancel, pending, submitLabel, danger }: { onCancel: () => void; pending: boolean; submitLabel: string; danger?: boolean }) {
  const { t } = useTranslation();
  return (
    <Group justify="flex-end">
      <Button variant="default" onClick={onCancel}>
        {t('common.cancel')}
      </Button>
      <Button type="submit" color={danger ? 'red' : undefined} loading={pending}>
        {submitLabel}
      </Button>
    </Group>
  );
}

/** Closing a case: a closure reason (required) and a note. */
export function CloseCaseDialog({ c, opened, form, pending, error, onClose, onSubmit }: StatusDialogProps<CloseCaseValues>) {
  const { t } = useTranslation();
  const codes = useCodes();
  return (
    <Dialog opened={opened} onClose={onClose} title={t('cases.close.title', { reference: c.reference })}>
      <form noValidate data-testid="close-case-form" onSubmit={form.onSubmit(onSubmit)}>
        <Stack>
          <StatusProblem c={c} error={error} />
          <NativeSelect
            label={t('cases.close.reason')}
            required
            data-autofocus
            data={codes.withEmpty('closureReason', t('common.choose'))}
            {...form.getInputProps('closureReason')}
          />
          <Textarea
            label={t('cases.close.note')}
            description={t('cases.close.noteHint')}
            autosize
            minRows={3}
            maxLength={2000}
            {...form.getInputProps('closureNote')}
          />
          <DialogButtons onCancel={onClose} pending={pending} submitLabel={t('cases.close.submit')} danger />
        </Stack>
      </form>
    </Dialog>
  );
}

/** Reopening a closed case: a reason (required). */
export function ReopenCaseDialog({ c, opened, form, pending, error, onClose, onSubmit }: StatusDialogProps<ReopenCaseValues>) {
  const { t } = useTranslation();
  return (
    <Dialog opened={opened} onClose={onClose} title={t('cases.reopen.title', { reference: c.reference })}>
      <form noValidate data-testid="reopen-case-form" onSubmit={form.onSubmit(onSubmit)}>
        <Stack>
          <StatusProblem c={c} error={error} />
          <Textarea label={t('cases.reopen.reason')} required autosize minRows={3} maxLength={2000} data-autofocus {...form.getInputProps('reopenReason')} />
          <DialogButtons onCancel={onClose} pending={pending} submitLabel={t('cases.reopen.submit')} />
        </Stack>
      </form>
    </Dialog>
  );
}
