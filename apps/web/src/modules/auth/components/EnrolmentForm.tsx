import { useForm } from '@mantine/form';
import type { MfaEnrolmentDto, MfaEnrolmentResultDto } from '@mayak/api-client';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorsOf } from '@web/modules/api/errors';
import { Button, Code, ErrorAlert, Image, Stack, Text, TextInput, useThemeOther } from '@web/modules/ui';
import { useConfirmEnrolment, useStartEnrolment } from '../hooks/use-auth-actions';
import { StepUpPasswordForm } from './StepUpPasswordForm';
import { ONE_TIME_CODE_FIELD } from './one-time-code';

const SIX_DIGITS = /^\s*\d{3}\s?\d{3}\s*$/;

/**
 * Asks for the password again (a session left open must not enrol someone else's phone),
 * then shows the new secret (QR code and text) and confirms it with a first code.
 */
export function EnrolmentForm({ intro, onConfirmed }: { intro: string; onConfirmed: (result: MfaEnrolmentResultDto) => void }) {
  const { t } = useTranslation();
  const start = useStartEnrolment();
  const [enrolment, setEnrolment] = useState<MfaEnrolmentDto | null>(null);

  if (!enrolment) {
    return (
      <Stack>
        <Text>{intro}</Text>
        <StepUpPasswordForm
          label={t('auth.enrol.title')}
          submitLabel={t('auth.stepUp.continue')}
          pending={start.isPending}
          error={start.error}
          onSubmit={(password, form) =>
            start.mutate(password, {
              onSuccess: setEnrolment,
              onError: (error) => form.setErrors({ password: fieldErrorsOf(t, error).password ?? null }),
            })
          }
        />
      </Stack>
    );
  }
  return <ConfirmEnrolment enrolment={enrolment} onConfirmed={onConfirmed} />;
}

function ConfirmEnrolment({ enrolment, onConfirmed }: { enrolment: MfaEnrolmentDto; onConfirmed: (result: MfaEnrolmentResultDto) => void }) {
  const { t } = useTranslation();
  const other = useThemeOther();
  const confirm = useConfirmEnrolment();
  const form = useForm({
    initialValues: { code: '' },
    validate: { code: (value) => (SIX_DIGITS.test(value) ? null : t('fieldErrors.codeFormat')) },
  });

  const submit = form.onSubmit((values) =>
    confirm.mutate(values.code.replace(/\s/g, ''), {
      onSuccess: onConfirmed,
      onError: (error) => form.setErrors(fieldErrorsOf(t, error)),
    }),
  );

  return (
    <form onSubmit={submit} noValidate aria-label={t('auth.enrol.title')}>
      <Stack>
        <Text>{t('auth.enrol.scan')}</Text>
        <Image src={enrolment.qrCodeDataUrl} alt={t('auth.enrol.qrAlt')} w={other.qrCodeSize} h={other.qrCodeSize} fit="contain" data-testid="mfa-qr" />
        <div>
          <Text size="sm" id="mfa-secret-label">
            {t('auth.enrol.secretLabel')}
          </Text>
          <Code block data-testid="mfa-secret" aria-labelledby="mfa-secret-label">
            {enrolment.secret}
          </Code>
        </div>
        <ErrorAlert error={confirm.error} />
        <TextInput label={t('auth.enrol.code')} description={t('auth.mfa.codeHint')} {...ONE_TIME_CODE_FIELD} data-autofocus {...form.getInputProps('code')} />
        <Button type="submit" loading={confirm.isPending} fullWidth>
          {t('auth.enrol.submit')}
        </Button>
      </Stack>
    </form>
  );
}
