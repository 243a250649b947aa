import { useForm } from '@mantine/form';
import {
  CASE_PRIORITIES,
  CONTROL_METHODS,
  EXPLOITATION_TYPES,
  RECRUITMENT_METHODS,
  TRAFFICKING_EVENT_TYPES,
  type CasePriority,
  type CaseType,
  type TraffickingEventType,
} from '@mayak/domain';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorsOf } from '@web/modules/api/errors';
import { useCodes } from '@web/modules/i18n/codes';
import {
  Box,
  Button,
  Checkbox,
  DateField,
  ErrorAlert,
  Fieldset,
  Group,
  NativeSelect,
  notifySuccess,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@web/modules/ui';
import { useUpdateCase } from '../hooks/use-cases';
import type { CaseDto, UpdateCaseBody } from '../types';

interface RouteStage {
  type: TraffickingEventType;
  country: string;
  city: string;
  date: string;
  description: string;
}

interface DetailsValues {
  type: CaseType;
  priority: CasePriority;
  summary: string;
  traffickingStatus: string;
  traffickingStatusDecidedBy: string;
  exploitationTypes: string[];
  controlMethods: string[];
  labourIndustry: string;
  recruitmentMethods: string[];
  recruiterRelation: string;
  migrationSituation: string;
  route: RouteStage[];
}

function valuesOf(c: CaseDto): DetailsValues {
  const tr = c.trafficking;
  return {
    type: c.type as CaseType,
    priority: c.priority as CasePriority,
    summary: c.summary,
    traffickingStatus: tr.traffickingStatus ?? '',
    traffickingStatusDecidedBy: tr.traffickingStatusDecidedBy ?? '',
    exploitationTypes: tr.exploitationTypes ?? [],
    controlMethods: tr.controlMethods ?? [],
    labourIndustry: tr.labourIndustry ?? '',
    recruitmentMethods: tr.recruitmentMethods ?? [],
    recruiterRelation: tr.recruiterRelation ?? '',
    migrationSituation: tr.migrationSituation ?? '',
    route: (tr.route ?? []).map((stage) => ({
      type: stage.type as TraffickingEventType,
      country: stage.country ?? '',
      city: stage.city ?? '',
      date: stage.date ?? '',
      description: stage.description ?? '',
    })),
  };
}

function bodyOf(values: DetailsValues, c: CaseDto): UpdateCaseBody {
  const route = bodyRoute(values);
  // The API records the route as changed whenever it is sent: send it only when it changed.
  const routeChanged = JSON.stringify(route) !== JSON.stringify(bodyRoute(valuesOf(c)));
  return {
    version: c.version,
    type: values.type,
    priority: values.priority,
    summary: values.summary.trim(),
    traffickingStatus: (values.traffickingStatus || null) as UpdateCaseBody['traffickingStatus'],
    traffickingStatusDecidedBy: (values.traffickingStatusDecidedBy || null) as UpdateCaseBody['traffickingStatusDecidedBy'],
    exploitationTypes: values.exploitationTypes as UpdateCaseBody['exploitationTypes'],
    controlMethods: values.controlMethods as UpdateCaseBody['controlMethods'],
    labourIndustry: (values.labourIndustry || null) as UpdateCaseBody['labourIndustry'],
    recruitmentMethods: values.recruitmentMethods as UpdateCaseBody['recruitmentMethods'],
    recruiterRelation: (values.recruiterRelation || null) as UpdateCaseBody['recruiterRelation'],
    migrationSituation: (values.migrationSituation || null) as UpdateCaseBody['migrationSituation'],
    ...(routeChanged ? { route } : {}),
  };
}

function bodyRoute(values: DetailsValues) {
  return values.route.map((stage) => ({
    type: stage.type,
    country: stage.country || null,
    city: stage.city.trim() || null,
    date: stage.date || null,
    description: stage.description.trim() || null,
  }));
}

/**
 * Case details and the trafficking picture in the HTCDS / CTDC terms: status and who
 * decided it, forms of exploitation, means of control, industry, recruitment, the
 * recruiter, the migration situation, and the route (recruitment, transit, exploitation).
 * Saved in one PATCH with the version read; read-only for those who may not manage the case.
 */
export function CaseDetailsForm({ c }: { c: CaseDto }) {
  const { t } = useTranslation();
  const codes = useCodes();
  const update = useUpdateCase(c.id);
  const form = useForm<DetailsValues>({ initialValues: valuesOf(c) });
  const readOnly = !c.canManage;

  // A newer version from the server (a status change, someone else's save) replaces an untouched form.
  useEffect(() => {
    if (!form.isDirty()) {
      form.setValues(valuesOf(c));
      form.resetDirty(valuesOf(c));
    }
  }, [c.version]);

  const multi = (
    name: 'exploitationTypes' | 'controlMethods' | 'recruitmentMethods',
    list: 'exploitationType' | 'controlMethod' | 'recruitmentMethod',
    values: readonly string[],
    label: string,
  ) => (
    <Checkbox.Group label={label} {...form.getInputProps(name)}>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing={6} mt={6}>
        {values.map((value) => (
          <Checkbox key={value} value={value} label={codes.label(list, value)} />
        ))}
      </SimpleGrid>
    </Checkbox.Group>
  );

  const addStage = () =>
    form.insertListItem('route', {
      type: form.values.route.length ? 'Transit' : 'Recruitment',
      country: '',
      city: '',
      date: '',
      description: '',
    } satisfies RouteStage);

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="case-details-title" data-testid="case-details">
      <form
        noValidate
        onSubmit={form.onSubmit((values) =>
          update.mutate(bodyOf(values, c), {
            onSuccess: (saved) => {
              const next = valuesOf(saved);
              form.setValues(next);
              form.resetDirty(next);
              notifySuccess(t('trafficking.saved'));
            },
            onError: (error) => form.setErrors(fieldErrorsOf(t, error)),
          }),
        )}
      >
        <Stack gap="md">
          <Title order={2} size="h4" id="case-details-title">
            {t('trafficking.title')}
          </Title>
          {readOnly ? (
            <Text size="sm" c="dimmed">
              {t('cases.cannotManage')}
            </Text>
          ) : null}
          <ErrorAlert error={update.error} />
          <Fieldset legend={t('trafficking.caseFieldset')} disabled={readOnly}>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <NativeSelect label={t('cases.type')} data={codes.options('caseType')} {...form.getInputProps('type')} />
              <NativeSelect
                label={t('cases.priorityLabel')}
                data={CASE_PRIORITIES.map((value) => ({ value, label: t(`cases.priority.${value}`) }))}
                {...form.getInputProps('priority')}
              />
            </SimpleGrid>
            <Textarea mt="sm" label={t('cases.summary')} autosize minRows={2} maxLength={4000} {...form.getInputProps('summary')} />
          </Fieldset>
          <Fieldset legend={t('trafficking.htcdsFieldset')} disabled={readOnly}>
            <Stack gap="md">
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <NativeSelect
                  label={t('trafficking.status')}
                  data={codes.withEmpty('traffickingStatus', t('common.notChosen'))}
                  {...form.getInputProps('traffickingStatus')}
                />
                <NativeSelect
                  label={t('trafficking.decidedBy')}
                  data={codes.withEmpty('traffickingStatusDecider', t('common.notChosen'))}
                  {...form.getInputProps('traffickingStatusDecidedBy')}
                />
                <NativeSelect
                  label={t('trafficking.labourIndustry')}
                  data={codes.withEmpty('labourIndustry', t('common.notChosen'))}
                  {...form.getInputProps('labourIndustry')}
                />
                <NativeSelect
                  label={t('trafficking.recruiterRelation')}
                  data={codes.withEmpty('recruiterRelation', t('common.notChosen'))}
                  {...form.getInputProps('recruiterRelation')}
                />
                <NativeSelect
                  label={t('trafficking.migrationSituation')}
                  data={codes.withEmpty('migrationSituation', t('common.notChosen'))}
                  {...form.getInputProps('migrationSituation')}
                />
              </SimpleGrid>
              {multi('exploitationTypes', 'exploitationType', EXPLOITATION_TYPES, t('trafficking.exploitationTypes'))}
              {multi('controlMethods', 'controlMethod', CONTROL_METHODS, t('trafficking.controlMethods'))}
              {multi('recruitmentMethods', 'recruitmentMethod', RECRUITMENT_METHODS, t('trafficking.recruitmentMethods'))}
            </Stack>
          </Fieldset>
          <Fieldset legend={t('trafficking.route')} disabled={readOnly}>
            <Stack gap="sm">
              {form.values.route.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t('trafficking.noRoute')}
                </Text>
              ) : null}
              <Box component="ol" style={{ margin: 0, paddingInlineStart: 20 }} data-testid="route">
                {form.values.route.map((_stage, index) => {
                  const n = index + 1;
                  return (
                    <Box component="li" key={index} mb="sm">
                      <Paper withBorder p="sm" role="group" aria-label={t('trafficking.stageLabel', { n })}>
                        <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
                          <NativeSelect
                            label={t('trafficking.stageType', { n })}
                            data={TRAFFICKING_EVENT_TYPES.map((value) => ({ value, label: codes.label('traffickingEventType', value) }))}
                            {...form.getInputProps(`route.${index}.type`)}
                          />
                          <NativeSelect
                            label={t('trafficking.country', { n })}
                            data={codes.countryOptions(t('common.notChosen'))}
                            {...form.getInputProps(`route.${index}.country`)}
                          />
                          <TextInput label={t('trafficking.city', { n })} maxLength={120} {...form.getInputProps(`route.${index}.city`)} />
                          <DateField label={t('trafficking.date', { n })} {...form.getInputProps(`route.${index}.date`)} />
                        </SimpleGrid>
                        <TextInput
                          mt="xs"
                          label={t('trafficking.stageDescription', { n })}
                          maxLength={1000}
                          {...form.getInputProps(`route.${index}.description`)}
                        />
                        {!readOnly ? (
                          <Group gap="xs" mt="xs">
                            <Button
                              size="compact-xs"
                              variant="subtle"
                              disabled={index === 0}
                              onClick={() => form.reorderListItem('route', { from: index, to: index - 1 })}
                              aria-label={t('trafficking.moveUpNamed', { n })}
                            >
                              {t('trafficking.moveUp')}
                            </Button>
                            <Button
                              size="compact-xs"
                              variant="subtle"
                              disabled={index === form.values.route.length - 1}
                              onClick={() => form.reorderListItem('route', { from: index, to: index + 1 })}
                              aria-label={t('trafficking.moveDownNamed', { n })}
                            >
                              {t('trafficking.moveDown')}
                            </Button>
                            <Button
                              size="compact-xs"
                              variant="subtle"
                              color="red"
                              onClick={() => form.removeListItem('route', index)}
                              aria-label={t('trafficking.removeNamed', { n })}
                            >
                              {t('trafficking.remove')}
                            </Button>
                          </Group>
                        ) : null}
                      </Paper>
                    </Box>
                  );
                })}
              </Box>
              {!readOnly ? (
                <Group>
                  <Button size="xs" variant="light" onClick={addStage}>
                    {t('trafficking.addStage')}
                  </Button>
                </Group>
              ) : null}
            </Stack>
          </Fieldset>
          {!readOnly ? (
            <Group>
              <Button type="submit" loading={update.isPending} disabled={!form.isDirty()}>
                {t('trafficking.save')}
              </Button>
            </Group>
          ) : null}
        </Stack>
      </form>
    </Paper>
  );
}
