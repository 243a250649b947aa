import { useForm } from '@mantine/form';
import { AGE_GROUPS, GENDERS, normalisePhone } from '@mayak/domain';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorsOf } from '@web/modules/api/errors';
import { useCan } from '@web/modules/auth/hooks/use-can';
import { useCodes } from '@web/modules/i18n/codes';
import { PersonCard } from '@web/modules/people/components/PersonCard';
import { useCreatePerson, usePerson } from '@web/modules/people/hooks/use-people';
import { Button, Dialog, ErrorAlert, Group, LoadingState, NativeSelect, notifySuccess, Paper, Stack, Text, TextInput, Title } from '@web/modules/ui';
import { useUpdateCase } from '../hooks/use-cases';
import type { CaseDto } from '../types';

/** The client of the case: their card (masked unless the user may see identifiers), or a way to record them. */
export function CaseClient({ c }: { c: CaseDto }) {
  const { t } = useTranslation();
  const can = useCan();
  const person = usePerson(c.personId);
  const [recording, setRecording] = useState(false);

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="case-client-title" data-testid="case-client-section">
      <Stack gap="sm">
        <Title order={2} size="h4" id="case-client-title">
          {t('cases.client')}
        </Title>
        {!c.personId ? (
          <>
            <Text size="sm" c="dimmed">
              {t('cases.noClient')}
            </Text>
            {c.canManage && can('people.write') ? (
              <Group>
                <Button size="xs" variant="light" onClick={() => setRecording(true)}>
                  {t('people.record.button')}
                </Button>
              </Group>
            ) : null}
          </>
        ) : person.isPending ? (
          <LoadingState />
        ) : person.isError ? (
          <ErrorAlert error={person.error} />
        ) : (
          <PersonCard person={person.data} headingLevel={3} />
        )}
      </Stack>
      <RecordClientDialog c={c} opened={recording} onClose={() => setRecording(false)} />
    </Paper>
  );
}

function RecordClientDialog({ c, opened, onClose }: { c: CaseDto; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const codes = useCodes();
  const create = useCreatePerson();
  const update = useUpdateCase(c.id);
  const form = useForm({
    initialValues: { name: '', phone: '', gender: '', ageGroup: '' },
    validate: {
      name: (value) => (value.trim().length <= 200 ? null : t('fieldErrors.maxLength')),
      phone: (value) => (!value.trim() || normalisePhone(value).ok ? null : t('fieldErrors.invalid_phone')),
    },
  });
  const error = create.error ?? update.error;

  return (
    <Dialog opened={opened} onClose={onClose} title={t('people.record.title')} size="md">
      <form
        noValidate
        onSubmit={form.onSubmit((values) =>
          create.mutate(
            {
              name: values.name.trim() || null,
              officeId: c.officeId,
              ...(values.gender ? { gender: values.gender as never } : {}),
              ...(values.ageGroup ? { ageGroup: values.ageGroup as never } : {}),
              ...(values.phone.trim() ? { identifiers: [{ kind: 'phone', value: values.phone.trim() }] } : {}),
            },
            {
              onSuccess: (person) =>
                update.mutate(
                  { version: c.version, personId: person.id },
                  {
                    onSuccess: () => {
                      notifySuccess(t('people.record.done'));
                      form.reset();
                      onClose();
                    },
                  },
                ),
              onError: (problem) => form.setErrors(fieldErrorsOf(t, problem)),
            },
          ),
        )}
      >
        <Stack>
          <ErrorAlert error={error} />
          <TextInput
            label={t('people.record.name')}
            description={t('people.record.nameHint')}
            data-autofocus
            autoComplete="off"
            {...form.getInputProps('name')}
          />
          <TextInput label={t('intake.phone')} type="tel" autoComplete="off" {...form.getInputProps('phone')} />
          <NativeSelect
            label={t('people.record.gender')}
            data={[{ value: '', label: t('common.notChosen') }, ...GENDERS.map((value) => ({ value, label: codes.label('gender', value) }))]}
            {...form.getInputProps('gender')}
          />
          <NativeSelect
            label={t('people.record.ageGroup')}
            data={[{ value: '', label: t('common.notChosen') }, ...AGE_GROUPS.map((value) => ({ value, label: codes.label('ageGroup', value) }))]}
            {...form.getInputProps('ageGroup')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending || update.isPending}>
              {t('people.record.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Dialog>
  );
}
