import { useForm } from '@mantine/form';
import type { SessionDto } from '@mayak/api-client';
import { useTranslation } from 'react-i18next';
import { fieldErrorsOf } from '../../api/errors';
import { Button, ErrorAlert, PasswordField, Stack, TextInput } from '../../ui';
import { useLogin } from '../hooks/use-auth-actions';

export function LoginForm({ onSignedIn }: { onSignedIn: (session: SessionDto) => void }) {
  const { t } = useTranslation();
  const login = useLogin();
  const form = useForm({
    initialValues: { email: '', password: '' },
    validate: {
      email: (value) => (/^\S+@\S+$/.test(value.trim()) ? null : t('fieldErrors.isEmail')),
      password: (value) => (value.length > 0 ? null : t('fieldErrors.required')),
    },
  });

  const submit = form.onSubmit((values) =>
    login.mutate(
      { email: values.email.trim(), password: values.password },
      {
        onSuccess: onSignedIn,
        onError: (error) => {
          form.setErrors(fieldErrorsOf(t, error));
          form.setFieldValue('password', '');
        },
      },
    ),
  );

  return (
    <form onSubmit={submit} noValidate aria-label={t('auth.login.title')}>
      <Stack>
        <ErrorAlert error={login.error} />
        <TextInput
          label={t('auth.login.email')}
          type="email"
          name="email"
          autoComplete="username"
          required
          {...form.getInputProps('email')}
        />
        <PasswordField
          label={t('auth.login.password')}
          name="password"
          autoComplete="current-password"
          required
          {...form.getInputProps('password')}
        />
        <Button type="submit" loading={login.isPending} fullWidth>
          {t('auth.login.submit')}
        </Button>
      </Stack>
    </form>
  );
}
