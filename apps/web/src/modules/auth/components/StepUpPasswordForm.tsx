import { useForm, type UseFormReturnType } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { Button, ErrorAlert, PasswordField, Stack } from '@web/modules/ui';

type PasswordForm = UseFormReturnType<{ password: string }>;

/** The current password, asked again before a change to how the account signs in. */
export function StepUpPasswordForm({
  label,
  submitLabel,
  pending,
  error,
  onSubmit,
}: {
  label: string;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (password: string, form: PasswordForm) => void;
}) {
  const { t } = useTranslation();
  const form = useForm({
    initialValues: { password: '' },
    validate: { password: (value) => (value.length > 0 ? null : t('fieldErrors.required')) },
  });
  return (
    <form onSubmit={form.onSubmit((values) => onSubmit(values.password, form))} noValidate aria-label={label}>
      <Stack>
        <ErrorAlert error={error} />
        <PasswordField
          label={t('auth.stepUp.password')}
          description={t('auth.stepUp.why')}
          name="password"
          autoComplete="current-password"
          required
          {...form.getInputProps('password')}
        />
        <Button type="submit" loading={pending}>
          {submitLabel}
        </Button>
      </Stack>
    </form>
  );
}
