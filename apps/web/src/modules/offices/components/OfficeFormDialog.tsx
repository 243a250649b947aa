import { useForm } from '@mantine/form';
import type { OfficeDto } from '@mayak/api-client';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorsOf } from '@web/modules/api/errors';
import { MAX_WRAP_UP_SECONDS } from '@mayak/domain';
import { Button, Dialog, ErrorAlert, Group, NumberInput, Stack, TextInput } from '@web/modules/ui';
import { useCreateOffice, useUpdateOffice } from '../hooks/use-offices';

const CODE = /^[A-Z]{2,6}$/;
const DEFAULT_TIMEZONE = 'Asia/Almaty';

const DEFAULT_WRAP_UP_SECONDS = 60;

interface OfficeFormValues {
  name: string;
  code: string;
  timezone: string;
  wrapUpSeconds: number | string;
}

function valuesOf(office: OfficeDto | null): OfficeFormValues {
  return {
    name: office?.name ?? '',
    code: office?.code ?? '',
    timezone: office?.timezone ?? DEFAULT_TIMEZONE,
    wrapUpSeconds: office?.wrapUpSeconds ?? DEFAULT_WRAP_UP_SECONDS,
  };
}

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

interface OfficeFormDialogProps {
  opened: boolean;
  /** null: create a new office. */
  office: OfficeDto | null;
  onClose: () => void;
  onSaved: (office: OfficeDto) => void;
}

export function OfficeFormDialog({ opened, office, onClose, onSaved }: OfficeFormDialogProps) {
  const { t } = useTranslation();
  const create = useCreateOffice();
  const update = useUpdateOffice();
  const mutation = office ? update : create;
  const form = useForm<OfficeFormValues>({
    initialValues: valuesOf(office),
    transformValues: (values) => ({
      name: values.name.trim(),
      code: values.code.trim().toUpperCase(),
      timezone: values.timezone.trim(),
      wrapUpSeconds: Number(values.wrapUpSeconds),
    }),
    validate: {
      name: (value) => (value.trim().length >= 2 ? null : t('fieldErrors.isLength')),
      code: (value) => (CODE.test(value.trim().toUpperCase()) ? null : t('fieldErrors.officeCode')),
      timezone: (value) => (isTimeZone(value.trim()) ? null : t('fieldErrors.isTimeZone')),
      wrapUpSeconds: (value) =>
        Number.isInteger(Number(value)) && value !== '' && Number(value) >= 0 && Number(value) <= MAX_WRAP_UP_SECONDS
          ? null
          : t('fieldErrors.wrapUpSeconds', { max: MAX_WRAP_UP_SECONDS }),
    },
  });

  useEffect(() => {
    if (opened) {
      form.setValues(valuesOf(office));
      form.clearErrors();
      create.reset();
      update.reset();
    }
  }, [opened, office]);

  const submit = form.onSubmit((formValues) => {
    const values = { ...formValues, wrapUpSeconds: Number(formValues.wrapUpSeconds) };
    const onError = (error: unknown) => form.setErrors(fieldErrorsOf(t, error));
    if (office) update.mutate({ id: office.id, body: { version: office.version, ...values } }, { onSuccess: onSaved, onError });
    else create.mutate(values, { onSuccess: onSaved, onError });
  });

  return (
    <Dialog opened={opened} onClose={onClose} title={office ? t('offices.edit') : t('offices.create')} size="md">
      <form onSubmit={submit} noValidate data-testid="office-form">
        <Stack>
          <ErrorAlert error={mutation.error} />
          <TextInput label={t('offices.name')} name="name" required data-autofocus autoComplete="off" {...form.getInputProps('name')} />
          <TextInput
            label={t('offices.code')}
            description={t('offices.codeHint')}
            name="code"
            required
            maxLength={6}
            autoComplete="off"
            {...form.getInputProps('code')}
          />
          <TextInput
            label={t('offices.timezone')}
            description={t('offices.timezoneHint')}
            name="timezone"
            autoComplete="off"
            {...form.getInputProps('timezone')}
          />
          <NumberInput
            label={t('offices.wrapUpSeconds')}
            description={t('offices.wrapUpHint')}
            name="wrapUpSeconds"
            min={0}
            max={MAX_WRAP_UP_SECONDS}
            step={15}
            allowDecimal={false}
            allowNegative={false}
            {...form.getInputProps('wrapUpSeconds')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Dialog>
  );
}
