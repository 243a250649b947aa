import { useForm } from '@mantine/form';
import { PASSWORD_MIN_LENGTH } from '@mayak/domain';
import { useTranslation } from 'react-i18next';
import { fieldErrorsOf } from '@web/modules/api/errors';
import { Button, ErrorAlert, notifySuccess, PasswordField, Stack } from '@web/modules/ui';
import { useChangePassword } from '../hooks/use-auth-actions';
import { NewPasswordFields } from './NewPasswordFields';

/** One's own password, changed given the current one; every other session of the account ends. */
export function ChangePasswordForm() {
  const { t } = useTranslation();
  const change = useChangePassword();
  const form = useForm({
    initialValues: { currentPassword: '', newPassword: '', repeatPassword: '' },
    validate: {
      currentPassword: (value) => (value.length > 0 ? null : t('fieldErrors.required')),
      newPassword: (value) => ([...value].length >= PASSWORD_MIN_LENGTH ? null : t('fieldErrors.too_short')),
      repeatPassword: (value, values) => (value === values.newPassword ? null : t('fieldErrors.passwordsDiffer')),
    },
  });

  const submit = form.onSubmit((values) =>
    change.mutate(
      { currentPassword: values.currentPassword, newPassword: values.newPassword },
      {
        onSuccess: () => {
          form.reset();
          notifySuccess(t('account.password.changed'));
        },
        onError: (error) => form.setErrors(fieldErrorsOf(t, error)),
      },
    ),
  );

  return (
    <form onSubmit={submit} noValidate aria-label={t('account.password.title')}>
      <Stack maw={420}>
        <ErrorAlert error={change.error} />
        <PasswordField
          label={t('account.password.current')}
          name="currentPassword"
          autoComplete="current-password"
          required
          {...form.getInputProps('currentPassword')}
        />
        <NewPasswordFields password={form.getInputProps('newPassword')} repeat={form.getInputProps('repeatPassword')} />
        <Button type="submit" loading={change.isPending} data-testid="change-password">
          {t('account.password.submit')}
        </Button>
      </Stack>
    </form>
  );
}
