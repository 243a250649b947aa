import { useForm } from '@mantine/form';
import { PASSWORD_MIN_LENGTH } from '@mayak/domain';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ApiError, fieldErrorsOf } from '../modules/api/errors';
import { AuthFrame } from '../modules/auth/components/AuthFrame';
import { useAccountLink, useCompleteAccountLink } from '../modules/auth/hooks/use-account-links';
import { useFormatDateTime } from '../modules/i18n/format';
import { NewPasswordFields } from '../modules/auth/components/NewPasswordFields';
import { Alert, Anchor, Button, ErrorAlert, LoadingState, Stack, Text } from '../modules/ui';

/** The state the sign-in page is opened with after a password was chosen here. */
export interface PasswordSetNotice {
  passwordSetFor: string;
}

const tokenOfLocation = () => {
  const token = window.location.hash.slice(1);
  return token ? token : null;
};

/**
 * Where invitation and reset mails lead: the token comes in the address's fragment (never sent
 * to a server); it is taken from there at once, so the address bar and history no longer hold it.
 */
export function AccountLinkPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const formatDateTime = useFormatDateTime();
  const [token] = useState(tokenOfLocation);
  useEffect(() => {
    if (window.location.hash) window.history.replaceState(window.history.state, '', window.location.pathname);
  }, []);
  const link = useAccountLink(token);
  const complete = useCompleteAccountLink();
  const form = useForm({
    initialValues: { password: '', repeat: '' },
    validate: {
      password: (value) => ([...value].length >= PASSWORD_MIN_LENGTH ? null : t('fieldErrors.too_short')),
      repeat: (value, values) => (value === values.password ? null : t('fieldErrors.passwordsDiffer')),
    },
  });

  const refused =
    (link.error instanceof ApiError && link.error.problem?.code === 'link_invalid') ||
    (complete.error instanceof ApiError && complete.error.problem?.code === 'link_invalid');
  if (token === null || refused) {
    return (
      <AuthFrame title={t('auth.link.invalidTitle')}>
        <Stack data-testid="account-link-invalid">
          <Text>{t('auth.link.invalidText')}</Text>
          <Anchor component={Link} to="/login/forgot">
            {t('auth.link.askNew')}
          </Anchor>
          <Anchor component={Link} to="/login" size="sm">
            {t('auth.forgot.back')}
          </Anchor>
        </Stack>
      </AuthFrame>
    );
  }
  if (link.isPending)
    return (
      <AuthFrame title={t('auth.link.titleReset')}>
        <LoadingState />
      </AuthFrame>
    );
  if (link.isError)
    return (
      <AuthFrame title={t('auth.link.titleReset')}>
        <ErrorAlert error={link.error} />
      </AuthFrame>
    );

  const view = link.data;
  const submit = form.onSubmit((values) =>
    complete.mutate(
      { token, password: values.password },
      {
        onSuccess: (done) => navigate('/login', { replace: true, state: { passwordSetFor: done.email } satisfies PasswordSetNotice }),
        onError: (error) => form.setErrors(fieldErrorsOf(t, error)),
      },
    ),
  );

  return (
    <AuthFrame title={view.purpose === 'invitation' ? t('auth.link.titleInvitation') : t('auth.link.titleReset')}>
      <form onSubmit={submit} noValidate aria-label={t('auth.link.submit')} data-testid="account-link-form">
        <Stack>
          <Text>
            {view.purpose === 'invitation'
              ? t('auth.link.introInvitation', { name: view.displayName, email: view.email })
              : t('auth.link.introReset', { email: view.email })}
          </Text>
          {view.secondFactorRequired ? <Alert color="blue">{t('auth.link.secondFactor')}</Alert> : null}
          <ErrorAlert error={complete.error} />
          {/* The account's address, for password managers to file the new password under. */}
          <input type="email" name="username" autoComplete="username" value={view.email} readOnly hidden />
          <NewPasswordFields
            password={form.getInputProps('password')}
            repeat={form.getInputProps('repeat')}
            names={{ password: 'password', repeat: 'repeat' }}
          />
          <Text size="sm" c="dimmed">
            {t('auth.link.expires', { at: formatDateTime(view.expiresAt) })}
          </Text>
          <Button type="submit" loading={complete.isPending}>
            {t('auth.link.submit')}
          </Button>
        </Stack>
      </form>
    </AuthFrame>
  );
}
