import { useForm } from '@mantine/form';
import type { SessionDto } from '@mayak/api-client';
import { normaliseRecoveryCode } from '@mayak/domain';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorsOf } from '@web/modules/api/errors';
import { Anchor, Button, ErrorAlert, Stack, Text, TextInput } from '@web/modules/ui';
import { useVerifyMfa } from '../hooks/use-auth-actions';
import { ONE_TIME_CODE_FIELD } from './one-time-code';

const SIX_DIGITS = /^\s*\d{3}\s?\d{3}\s*$/;

/** Second step of sign-in: the code from the authenticator app, or one recovery code. */
export function MfaForm({ onVerified }: { onVerified: (session: SessionDto) => void }) {
  const { t } = useTranslation();
  const verify = useVerifyMfa();
  const [useRecovery, setUseRecovery] = useState(false);
  const form = useForm({
    initialValues: { code: '', recoveryCode: '' },
    validate: {
      code: (value) => (useRecovery || SIX_DIGITS.test(value) ? null : t('fieldErrors.codeFormat')),
      recoveryCode: (value) => (!useRecovery || normaliseRecoveryCode(value).length >= 10 ? null : t('fieldErrors.recoveryCodeFormat')),
    },
  });

  const submit = form.onSubmit((values) => {
    const body = useRecovery ? { recoveryCode: values.recoveryCode.trim() } : { code: values.code.replace(/\s/g, '') };
    verify.mutate(body, {
      onSuccess: onVerified,
      onError: (error) => {
        const errors = fieldErrorsOf(t, error);
        // The API reports "give either" on `code`; show it on the field the user sees.
        if (useRecovery && errors.code) errors.recoveryCode = errors.code;
        form.setErrors(errors);
      },
    });
  });

  const toggle = () => {
    setUseRecovery((value) => !value);
    form.clearErrors();
    verify.reset();
  };

  return (
    <form onSubmit={submit} noValidate aria-label={t('auth.mfa.title')}>
      <Stack>
        <Text>{useRecovery ? t('auth.mfa.recoveryIntro') : t('auth.mfa.intro')}</Text>
        <ErrorAlert error={verify.error} />
        {useRecovery ? (
          <TextInput
            key="recovery"
            label={t('auth.mfa.recoveryCode')}
            name="recoveryCode"
            autoComplete="off"
            required
            {...form.getInputProps('recoveryCode')}
          />
        ) : (
          <TextInput key="code" label={t('auth.mfa.code')} description={t('auth.mfa.codeHint')} {...ONE_TIME_CODE_FIELD} {...form.getInputProps('code')} />
        )}
        <Button type="submit" loading={verify.isPending} fullWidth>
          {t('auth.mfa.submit')}
        </Button>
        <Anchor component="button" type="button" onClick={toggle} size="sm" data-testid="mfa-toggle-recovery">
          {useRecovery ? t('auth.mfa.useCode') : t('auth.mfa.useRecovery')}
        </Anchor>
      </Stack>
    </form>
  );
}
