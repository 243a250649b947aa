import { useForm } from '@mantine/form';
import type { MfaEnrolmentResultDto } from '@mayak/api-client';
import { useTranslation } from 'react-i18next';
import { fieldErrorsOf } from '../../api/errors';
import { Button, Code, ErrorAlert, Image, LoadingState, Stack, Text, TextInput, useThemeOther } from '../../ui';
import { useConfirmEnrolment, useMfaEnrolment } from '../hooks/use-auth-actions';

const SIX_DIGITS = /^\s*\d{3}\s?\d{3}\s*$/;

/** Shows the new secret (QR code and text) and confirms it with a first code. */
export function EnrolmentForm({ onConfirmed }: { onConfirmed: (result: MfaEnrolmentResultDto) => void }) {
  const { t } = useTranslation();
  const other = useThemeOther();
  const enrolment = useMfaEnrolment();
  const confirm = useConfirmEnrolment();
  const form = useForm({
    initialValues: { code: '' },
    validate: { code: (value) => (SIX_DIGITS.test(value) ? null : t('fieldErrors.codeFormat')) },
  });

  if (enrolment.isPending) return <LoadingState />;
  if (enrolment.isError) return <ErrorAlert error={enrolment.error} />;

  const submit = form.onSubmit((values) =>
    confirm.mutate(values.code.replace(/\s/g, ''), {
      onSuccess: onConfirmed,
      onError: (error) => form.setErrors(fieldErrorsOf(t, error)),
    }),
  );

  return (
    <form onSubmit={submit} noValidate aria-label={t('auth.enrol.title')}>
      <Stack>
        <Text>{t('auth.enrol.intro')}</Text>
        <Image
          src={enrolment.data.qrCodeDataUrl}
          alt={t('auth.enrol.qrAlt')}
          w={other.qrCodeSize}
          h={other.qrCodeSize}
          fit="contain"
          data-testid="mfa-qr"
        />
        <div>
          <Text size="sm" id="mfa-secret-label">{t('auth.enrol.secretLabel')}</Text>
          <Code block data-testid="mfa-secret" aria-labelledby="mfa-secret-label">
            {enrolment.data.secret}
          </Code>
        </div>
        <ErrorAlert error={confirm.error} />
        <TextInput
          label={t('auth.enrol.code')}
          description={t('auth.mfa.codeHint')}
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={7}
          required
          {...form.getInputProps('code')}
        />
        <Button type="submit" loading={confirm.isPending} fullWidth>
          {t('auth.enrol.submit')}
        </Button>
      </Stack>
    </form>
  );
}
