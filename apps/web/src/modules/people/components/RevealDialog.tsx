import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { Button, Dialog, ErrorAlert, Group, Stack, Text, Textarea } from '@web/modules/ui';
import { useDialogForm } from '@web/modules/ui/use-dialog-form';

interface RevealDialogProps {
  opened: boolean;
  /** What is being revealed, e.g. "the caller's number". */
  subject: string;
  loading: boolean;
  error: unknown;
  onReveal: (reason: string) => void;
  onClose: () => void;
}

/**
 * Asks why the user needs to see a masked name or number; the reason goes to the audit
 * log with the reveal. What is revealed is shown in the view that asked, never kept.
 */
export function RevealDialog({ opened, subject, loading, error, onReveal, onClose }: RevealDialogProps) {
  const { t } = useTranslation();
  const form = useForm({
    initialValues: { reason: '' },
    validate: { reason: (value) => (value.trim().length >= 5 ? null : t('fieldErrors.reasonTooShort')) },
  });
  useDialogForm(form, opened, error);

  return (
    <Dialog opened={opened} onClose={onClose} title={t('people.reveal.title')} size="md">
      <form onSubmit={form.onSubmit((values) => onReveal(values.reason.trim()))} noValidate data-testid="reveal-form">
        <Stack>
          <Text size="sm">{t('people.reveal.intro', { subject })}</Text>
          <ErrorAlert error={error} />
          <Textarea
            label={t('people.reveal.reason')}
            description={t('people.reveal.reasonHint')}
            required
            autosize
            minRows={2}
            data-autofocus
            {...form.getInputProps('reason')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={loading}>
              {t('people.reveal.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Dialog>
  );
}
