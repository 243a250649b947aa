import { useForm } from '@mantine/form';
import type { PersonDto } from '@mayak/api-client';
import { PERSON_LIMITS } from '@mayak/domain';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorsOf, problemCode } from '@web/modules/api/errors';
import { useCodes } from '@web/modules/i18n/codes';
import { Button, ErrorAlert, Fieldset, Group, NativeSelect, notifySuccess, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@web/modules/ui';
import { consoleClock } from '@web/modules/clock/console-clock';
import { PEOPLE_KEY, useUpdatePerson, type UpdatePerson } from '../hooks/use-people';
import { CodeListPicker } from './CodeListPicker';

interface DetailsValues {
  name: string;
  gender: string;
  birthYear: string;
  ageGroup: string;
  migrationSituation: string;
  citizenship: string[];
  languages: string[];
}

/** The form's values; a masked name is never put in the field (saving it would replace the name with its initials). */
function valuesOf(person: PersonDto, revealedName: string | null | undefined): DetailsValues {
  return {
    name: revealedName ?? (person.masked ? '' : (person.name ?? '')),
    gender: person.gender ?? '',
    birthYear: person.birthYear === null ? '' : String(person.birthYear),
    ageGroup: person.ageGroup ?? '',
    migrationSituation: person.migrationSituation ?? '',
    citizenship: person.citizenship,
    languages: person.languages,
  };
}

interface PersonDetailsFormProps {
  person: PersonDto;
  /** The name as revealed for this view (the user asked, with a reason), if they did. */
  revealedName?: string | null;
  readOnly: boolean;
}

/**
 * Name, gender, birth year or age group, citizenship, languages and migration situation, saved
 * in one PATCH with the version the form was filled from: a change by someone else meanwhile is
 * the API's conflict, shown with a way to load their version. A masked name is left out unless
 * a new one is typed.
 */
export function PersonDetailsForm({ person, revealedName, readOnly }: PersonDetailsFormProps) {
  const { t } = useTranslation();
  const codes = useCodes();
  const update = useUpdatePerson(person.id);
  const queryClient = useQueryClient();
  // The version the form's values came from: what the PATCH says it changes.
  const [base, setBase] = useState(person);
  const thisYear = consoleClock.now().getFullYear();
  const form = useForm<DetailsValues>({
    initialValues: valuesOf(person, revealedName),
    validate: {
      name: (value) => (value.length <= PERSON_LIMITS.nameMax ? null : t('fieldErrors.maxLength')),
      birthYear: (value) => {
        const year = value.trim();
        return year === '' || (/^\d{4}$/.test(year) && Number(year) >= PERSON_LIMITS.birthYearMin && Number(year) <= thisYear)
          ? null
          : t('people.details.birthYearRange', { min: PERSON_LIMITS.birthYearMin });
      },
    },
  });
  const nameHidden = person.masked && !revealedName;

  const load = (next: PersonDto) => {
    const values = valuesOf(next, revealedName);
    setBase(next);
    form.setValues(values);
    form.resetDirty(values);
  };
  // A newer version from the server (an identifier added, someone else's save) replaces an untouched form.
  useEffect(() => {
    if (!form.isDirty()) load(person);
  }, [person.version, person.id]);
  // Revealed for this view, the name can be corrected as it is; hidden again, it leaves the field too.
  useEffect(() => {
    if (form.isDirty('name')) return;
    const name = valuesOf(person, revealedName).name;
    form.setFieldValue('name', name);
    form.resetDirty({ ...form.values, name });
  }, [revealedName]);

  // Only what was changed: a masked name is not in the field at all, and a birth year sent without an
  // age group lets the API work the age group out.
  const bodyOf = (values: DetailsValues): UpdatePerson => {
    const body: UpdatePerson = { version: base.version };
    if (form.isDirty('name')) body.name = values.name.trim() || null;
    if (form.isDirty('gender')) body.gender = (values.gender || null) as UpdatePerson['gender'];
    if (form.isDirty('birthYear')) body.birthYear = values.birthYear.trim() === '' ? null : Number(values.birthYear.trim());
    if (form.isDirty('ageGroup')) body.ageGroup = (values.ageGroup || null) as UpdatePerson['ageGroup'];
    if (form.isDirty('migrationSituation')) body.migrationSituation = (values.migrationSituation || null) as UpdatePerson['migrationSituation'];
    if (form.isDirty('citizenship')) body.citizenship = values.citizenship as UpdatePerson['citizenship'];
    if (form.isDirty('languages')) body.languages = values.languages as UpdatePerson['languages'];
    return body;
  };
  const conflict = problemCode(update.error) === 'conflict';

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="person-details-title" data-testid="person-details">
      <form
        noValidate
        data-testid="person-details-form"
        onSubmit={form.onSubmit((values) =>
          update.mutate(bodyOf(values), {
            onSuccess: (saved) => {
              load(saved);
              notifySuccess(t('people.details.saved'));
            },
            onError: (error) => form.setErrors(fieldErrorsOf(t, error)),
          }),
        )}
      >
        <Stack gap="sm">
          <Title order={2} size="h4" id="person-details-title">
            {t('people.details.title')}
          </Title>
          <ErrorAlert error={update.error} />
          {conflict ? (
            <Group>
              <Button
                size="xs"
                variant="light"
                data-testid="person-details-reload"
                onClick={() => {
                  // Their version replaces these edits once read (the form no longer counts as changed).
                  update.reset();
                  form.resetDirty();
                  void queryClient.invalidateQueries({ queryKey: [...PEOPLE_KEY, person.id] });
                }}
              >
                {t('people.details.reload')}
              </Button>
            </Group>
          ) : null}
          <Fieldset disabled={readOnly} variant="unstyled" p={0} m={0}>
            <Stack gap="sm">
              <TextInput
                label={t('people.record.name')}
                description={nameHidden && person.name ? t('people.details.nameMasked', { name: person.name }) : t('people.record.nameHint')}
                maxLength={PERSON_LIMITS.nameMax}
                autoComplete="off"
                {...form.getInputProps('name')}
              />
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                <NativeSelect label={t('people.record.gender')} data={codes.withEmpty('gender', t('common.notChosen'))} {...form.getInputProps('gender')} />
                <TextInput label={t('people.details.birthYear')} inputMode="numeric" autoComplete="off" maxLength={4} {...form.getInputProps('birthYear')} />
                <NativeSelect
                  label={t('people.record.ageGroup')}
                  description={t('people.details.ageGroupHint')}
                  data={codes.withEmpty('ageGroup', t('common.notChosen'))}
                  {...form.getInputProps('ageGroup')}
                />
                <NativeSelect
                  label={t('people.details.migrationSituation')}
                  data={codes.withEmpty('migrationSituation', t('common.notChosen'))}
                  {...form.getInputProps('migrationSituation')}
                />
              </SimpleGrid>
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                <CodeListPicker
                  label={t('people.details.citizenship')}
                  value={form.values.citizenship}
                  onChange={(value) => form.setFieldValue('citizenship', value)}
                  options={codes.countryOptions(t('common.choose'))}
                  labelOf={(code) => codes.country(code)}
                  max={PERSON_LIMITS.citizenshipMax}
                  disabled={readOnly}
                  error={form.errors.citizenship as string | undefined}
                  testId="person-citizenship"
                />
                <CodeListPicker
                  label={t('people.details.languages')}
                  value={form.values.languages}
                  onChange={(value) => form.setFieldValue('languages', value)}
                  options={codes.languageOptions(t('common.choose'))}
                  labelOf={(code) => codes.language(code)}
                  max={PERSON_LIMITS.languagesMax}
                  disabled={readOnly}
                  error={form.errors.languages as string | undefined}
                  testId="person-languages"
                />
              </SimpleGrid>
            </Stack>
          </Fieldset>
          {readOnly ? null : (
            <Group justify="flex-end">
              {form.isDirty() ? (
                <Text size="sm" c="dimmed" aria-live="polite">
                  {t('people.details.unsaved')}
                </Text>
              ) : null}
              <Button type="submit" loading={update.isPending} disabled={!form.isDirty()} data-testid="person-details-save">
                {t('common.save')}
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </Paper>
  );
}
