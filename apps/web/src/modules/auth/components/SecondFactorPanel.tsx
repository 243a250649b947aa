import { useForm } from '@mantine/form';
import type { MfaEnrolmentResultDto } from '@mayak/api-client';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorsOf } from '@web/modules/api/errors';
import { useFormatDateTime } from '@web/modules/i18n/format';
import { Button, ErrorAlert, LoadingState, PasswordField, Stack, Text, TextInput } from '@web/modules/ui';
import { useRenewRecoveryCodes, useSecondFactor, useSecondFactorChanged } from '../hooks/use-auth-actions';
import { acceptSession } from '../session';
import { EnrolmentForm } from './EnrolmentForm';
import { RecoveryCodes } from './RecoveryCodes';
import { ONE_TIME_CODE_FIELD } from './one-time-code';

const SIX_DIGITS = /^\s*\d{3}\s?\d{3}\s*$/;

/** Whether the account has a second factor; sets one up, or renews the recovery codes. */
export function SecondFactorPanel() {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const secondFactor = useSecondFactor();
  const changed = useSecondFactorChanged();
  const queryClient = useQueryClient();
  const [enrolling, setEnrolling] = useState(false);
  const [codes, setCodes] = useState<string[] | null>(null);

  if (codes) {
    return (
      <Stack>
        <Text fw={500}>{t('auth.enrol.recoveryTitle')}</Text>
        <RecoveryCodes codes={codes} onDone={() => setCodes(null)} />
      </Stack>
    );
  }
  if (secondFactor.isPending) return <LoadingState />;
  if (secondFactor.isError) return <ErrorAlert error={secondFactor.error} />;

  if (!secondFactor.data.enrolled) {
    if (enrolling) {
      return (
        <EnrolmentForm
          intro={t('account.secondFactor.enrolIntro')}
          onConfirmed={(result: MfaEnrolmentResultDto) => {
            acceptSession(queryClient, result.session);
            setEnrolling(false);
            setCodes(result.recoveryCodes);
            void changed();
          }}
        />
      );
    }
    return (
      <Stack align="flex-start">
        <Text data-testid="second-factor-status">{t('account.secondFactor.notEnrolled')}</Text>
        <Button onClick={() => setEnrolling(true)} data-testid="start-enrolment">
          {t('account.secondFactor.enrol')}
        </Button>
      </Stack>
    );
  }

  return (
    <Stack>
      <Text data-testid="second-factor-status">
        {t('account.secondFactor.enrolled', { date: secondFactor.data.enrolledAt ? formatDateTime(secondFactor.data.enrolledAt) : '' })}{' '}
        {t('account.secondFactor.codesLeft', { count: secondFactor.data.recoveryCodesLeft })}
      </Text>
      <Text size="sm" c="dimmed">
        {t('account.secondFactor.lostPhone')}
      </Text>
      <RenewRecoveryCodesForm onRenewed={setCodes} />
    </Stack>
  );
}

function RenewRecoveryCodesForm({ onRenewed }: { onRenewed: (codes: string[]) => void }) {
  const { t } = useTranslation();
  const renew = useRenewRecoveryCodes();
  const form = useForm({
    initialValues: { password: '', code: '' },
    validate: {
      password: (value) => (value.length > 0 ? null : t('fieldErrors.required')),
      code: (value) => (SIX_DIGITS.test(value) ? null : t('fieldErrors.codeFormat')),
    },
  });
  const submit = form.onSubmit((values) =>
    renew.mutate(
      { password: values.password, code: values.code.replace(/\s/g, '') },
      {
        onSuccess: (result) => onRenewed(result.recoveryCodes),
        onError: (error) => {
          form.setErrors(fieldErrorsOf(t, error));
          form.setFieldValue('code', '');
        },
      },
    ),
  );
  return (
    <form onSubmit={submit} noValidate aria-label={t('account.secondFactor.renewTitle')}>
      <Stack maw={420}>
        <Text fw={500} component="h3" size="md">
          {t('account.secondFactor.renewTitle')}
        </Text>
        <Text size="sm">{t('account.secondFactor.renewIntro')}</Text>
        <ErrorAlert error={renew.error} />
        <PasswordField label={t('auth.stepUp.password')} name="password" autoComplete="current-password" required {...form.getInputProps('password')} />
        <TextInput label={t('auth.enrol.code')} description={t('auth.mfa.codeHint')} {...ONE_TIME_CODE_FIELD} {...form.getInputProps('code')} />
        <Button type="submit" loading={renew.isPending} data-testid="renew-recovery-codes">
          {t('account.secondFactor.renew')}
        </Button>
      </Stack>
    </form>
  );
}
