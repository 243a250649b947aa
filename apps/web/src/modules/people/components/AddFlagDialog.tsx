import { useForm } from '@mantine/form';
import { PERSON_FLAG_KINDS, type PersonFlagKind } from '@mayak/domain';
import { useTranslation } from 'react-i18next';
import { useCodes } from '@web/modules/i18n/codes';
import { Button, DateField, Dialog, ErrorAlert, Group, NativeSelect, Stack, Textarea } from '@web/modules/ui';
import { useDialogForm } from '@web/modules/ui/use-dialog-form';
import type { NewFlag } from '../hooks/use-people';
import { today as todayOnScreen } from '@web/modules/clock/console-clock';

interface AddFlagDialogProps {
  opened: boolean;
  /** Who or what is flagged, for the title: "the caller's number", "А. Н." */
  subject: string;
  loading: boolean;
  error: unknown;
  onSubmit: (flag: NewFlag) => void;
  onClose: () => void;
}

/** Kind, reason and an optional expiry date (the flag ends at the start of that day). */
export function AddFlagDialog({ opened, subject, loading, error, onSubmit, onClose }: AddFlagDialogProps) {
  const { t } = useTranslation();
  const codes = useCodes();
  const today = todayOnScreen();
  const form = useForm({
    initialValues: { kind: PERSON_FLAG_KINDS[0] as PersonFlagKind, reason: '', expiresOn: '' },
    validate: {
      reason: (value) => (value.trim().length >= 3 ? null : t('fieldErrors.reasonTooShort')),
      expiresOn: (value) => (!value || value > today ? null : t('fieldErrors.in_past')),
    },
  });
  useDialogForm(form, opened, error, { expiresAt: 'expiresOn' });

  return (
    <Dialog opened={opened} onClose={onClose} title={t('people.flags.addTitle', { subject })} size="md">
      <form
        noValidate
        data-testid="flag-form"
        onSubmit={form.onSubmit((values) =>
          onSubmit({
            kind: values.kind,
            reason: values.reason.trim(),
            ...(values.expiresOn ? { expiresAt: new Date(`${values.expiresOn}T00:00:00`).toISOString() } : {}),
          }),
        )}
      >
        <Stack>
          <ErrorAlert error={error} />
          <NativeSelect label={t('people.flags.kind')} data={codes.options('personFlagKind')} data-autofocus {...form.getInputProps('kind')} />
          <Textarea label={t('people.flags.reason')} required autosize minRows={2} {...form.getInputProps('reason')} />
          <DateField label={t('people.flags.expiresOn')} description={t('people.flags.expiresHint')} min={today} {...form.getInputProps('expiresOn')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={loading}>
              {t('people.flags.add')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Dialog>
  );
}
