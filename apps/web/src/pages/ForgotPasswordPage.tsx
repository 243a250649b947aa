import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fieldErrorsOf } from '../modules/api/errors';
import { AuthFrame } from '../modules/auth/components/AuthFrame';
import { useRequestPasswordReset } from '../modules/auth/hooks/use-account-links';
import { Alert, Anchor, Button, ErrorAlert, Stack, Text, TextInput } from '../modules/ui';

/** Asks for a reset mail; says the same whatever address is given, as the API does. */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const request = useRequestPasswordReset();
  const form = useForm({
    initialValues: { email: '' },
    validate: { email: (value) => (/^\S+@\S+$/.test(value.trim()) ? null : t('fieldErrors.isEmail')) },
  });
  const submit = form.onSubmit((values) => request.mutate(values.email.trim(), { onError: (error) => form.setErrors(fieldErrorsOf(t, error)) }));

  return (
    <AuthFrame title={t('auth.forgot.title')}>
      <Stack>
        {request.isSuccess ? (
          <Alert color="green" role="status" data-testid="reset-requested">
            {t('auth.forgot.sent')}
          </Alert>
        ) : (
          <form onSubmit={submit} noValidate aria-label={t('auth.forgot.title')}>
            <Stack>
              <Text size="sm">{t('auth.forgot.intro')}</Text>
              <ErrorAlert error={request.error} />
              <TextInput label={t('auth.login.email')} type="email" name="email" autoComplete="username" required {...form.getInputProps('email')} />
              <Button type="submit" loading={request.isPending}>
                {t('auth.forgot.submit')}
              </Button>
            </Stack>
          </form>
        )}
        <Anchor component={Link} to="/login" size="sm">
          {t('auth.forgot.back')}
        </Anchor>
      </Stack>
    </AuthFrame>
  );
}
