import { useForm } from '@mantine/form';
import type { SessionDto } from '@mayak/api-client';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, fieldErrorsOf, problemMessage } from '@web/modules/api/errors';
import { useLogin } from '../hooks/use-auth-actions';
import { SignInField } from './SignInField';
import classes from './sign-in.module.css';
import { ONE_TIME_CODE_FIELD } from './one-time-code';

const SIX_DIGITS = /^\s*\d{3}\s?\d{3}\s*$/;

/** Too many failures at this account, but the password with the app's code would be let in now. */
const secondFactorAccepted = (error: unknown) => error instanceof ApiError && error.problem?.secondFactorAccepted === true;

/** The login form: plain elements (see AuthFrame), the same rules and messages as every other form. */
export function LoginForm({ onSignedIn, initialEmail = '', notice }: { onSignedIn: (session: SessionDto) => void; initialEmail?: string; notice?: string }) {
  const { t } = useTranslation();
  const login = useLogin();
  // Once the API says the code would be accepted, the field stays for the rest of this visit.
  const [withCode, setWithCode] = useState(false);
  const form = useForm({
    initialValues: { email: initialEmail, password: '', code: '' },
    validate: {
      email: (value) => (/^\S+@\S+$/.test(value.trim()) ? null : t('fieldErrors.isEmail')),
      password: (value) => (value.length > 0 ? null : t('fieldErrors.required')),
      code: (value) => (!withCode || SIX_DIGITS.test(value) ? null : t('fieldErrors.codeFormat')),
    },
  });

  const submit = form.onSubmit((values) =>
    login.mutate(
      { email: values.email.trim(), password: values.password, ...(withCode ? { code: values.code.replace(/\s/g, '') } : {}) },
      {
        onSuccess: onSignedIn,
        onError: (error) => {
          form.setErrors(fieldErrorsOf(t, error));
          form.setFieldValue('password', '');
          form.setFieldValue('code', '');
          if (secondFactorAccepted(error)) setWithCode(true);
        },
      },
    ),
  );

  return (
    <form onSubmit={submit} noValidate aria-label={t('auth.login.title')} className={classes.form}>
      {login.error ? (
        <div role="alert" data-testid="error-alert" className={classes.alert}>
          <p className={classes.alertTitle}>{t('common.errorTitle')}</p>
          {problemMessage(t, login.error)}
        </div>
      ) : null}
      {notice && !login.error ? (
        <div role="status" data-testid="login-notice" className={classes.notice}>
          {notice}
        </div>
      ) : null}
      {withCode ? (
        <div role="status" data-testid="login-with-code" className={classes.notice}>
          {t('auth.login.withCodeIntro')}
        </div>
      ) : null}
      <SignInField label={t('auth.login.email')} type="email" name="email" autoComplete="username" required {...form.getInputProps('email')} />
      <SignInField label={t('auth.login.password')} secret name="password" autoComplete="current-password" required {...form.getInputProps('password')} />
      {withCode ? (
        <SignInField label={t('auth.login.code')} description={t('auth.mfa.codeHint')} {...ONE_TIME_CODE_FIELD} {...form.getInputProps('code')} />
      ) : null}
      <button type="submit" className={classes.submit} disabled={login.isPending} aria-busy={login.isPending || undefined}>
        {login.isPending ? <span className={classes.spinner} aria-hidden="true" /> : null}
        {t('auth.login.submit')}
      </button>
      <Link to="/login/forgot" className={classes.link} data-testid="login-forgot">
        {t('auth.login.forgot')}
      </Link>
    </form>
  );
}
