import { useForm } from '@mantine/form';
import {
  ASSESSMENT_LEVELS,
  FACTOR_POLARITIES,
  PLAN_FACTORS_MAX,
  PLAN_TEXT_FIELDS,
  PLAN_TEXT_MAX,
  VULNERABILITY_FACTORS,
  checkPlan,
  type AssessmentLevel,
  type FactorPolarity,
  type PlanKind,
  type PlanTextField,
  type VulnerabilityFactor,
} from '@mayak/domain';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorsOf } from '@web/modules/api/errors';
import { today } from '@web/modules/clock/console-clock';
import { useCodes } from '@web/modules/i18n/codes';
import {
  Box,
  Button,
  DateField,
  Dialog,
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
} from '@web/modules/ui';
import { useCreatePlan, useUpdatePlan, type PlanDto } from '../hooks/use-case-plans';

interface FactorValues {
  level: AssessmentLevel;
  factor: VulnerabilityFactor;
  polarity: FactorPolarity;
}

interface PlanValues {
  riskLevel: string;
  supportType: string;
  factors: FactorValues[];
  texts: Record<PlanTextField, string>;
  startDate: string;
  reviewDate: string;
  plannedEndDate: string;
}

const NO_TEXT: Record<PlanTextField, string> = { findings: '', risks: '', safetyMeasures: '', objectives: '', actionPlan: '' };

function valuesOf(plan: PlanDto | null): PlanValues {
  if (!plan) return { riskLevel: '', supportType: '', factors: [], texts: { ...NO_TEXT }, startDate: today(), reviewDate: '', plannedEndDate: '' };
  return {
    riskLevel: plan.riskLevel ?? '',
    supportType: plan.supportType ?? '',
    factors: plan.factors.map((f) => ({ ...f })),
    texts: {
      findings: plan.findings ?? '',
      risks: plan.risks ?? '',
      safetyMeasures: plan.safetyMeasures ?? '',
      objectives: plan.objectives ?? '',
      actionPlan: plan.actionPlan ?? '',
    },
    startDate: plan.startDate,
    reviewDate: plan.reviewDate ?? '',
    plannedEndDate: plan.plannedEndDate ?? '',
  };
}

/** The fields a kind has, as the API takes them ('' is none). */
function fieldsOf(kind: PlanKind, values: PlanValues) {
  const text = (field: PlanTextField) => values.texts[field].trim() || null;
  return {
    riskLevel: kind === 'support' ? null : ((values.riskLevel || null) as PlanDto['riskLevel']),
    supportType: kind === 'support' ? ((values.supportType || null) as PlanDto['supportType']) : null,
    ...(kind === 'assessment' ? { factors: values.factors } : {}),
    ...Object.fromEntries(PLAN_TEXT_FIELDS[kind].map((field) => [field, text(field)])),
    startDate: values.startDate,
    reviewDate: values.reviewDate || null,
    plannedEndDate: kind === 'support' ? values.plannedEndDate || null : null,
  };
}

/**
 * Writing or changing one plan: the fields of its kind (libs/domain checkPlan is run here too, so
 * most mistakes show before anything is sent), its start and its review date, which becomes a task
 * of the case.
 */
export function PlanFormDialog({
  caseId,
  kind,
  plan,
  opened,
  onClose,
}: {
  caseId: string;
  kind: PlanKind;
  plan: PlanDto | null;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const codes = useCodes();
  const create = useCreatePlan(caseId);
  const update = useUpdatePlan(caseId);
  const mutation = plan ? update : create;
  const form = useForm<PlanValues>({
    initialValues: valuesOf(plan),
    validate: (values) => {
      const draft = { kind, ...fieldsOf(kind, values), texts: values.texts } as Parameters<typeof checkPlan>[0];
      const problems = checkPlan(draft, { today: today(), closed: false, storedReviewDate: plan ? plan.reviewDate : undefined });
      const errors: Record<string, string> = {};
      for (const problem of problems) {
        const key = (PLAN_TEXT_FIELDS[kind] as readonly string[]).includes(problem.field) ? `texts.${problem.field}` : problem.field;
        errors[key] ??= t(`fieldErrors.${problem.code}`);
      }
      return errors;
    },
  });

  useEffect(() => {
    if (opened) {
      form.setValues(valuesOf(plan));
      form.resetDirty(valuesOf(plan));
      form.clearErrors();
      mutation.reset();
    }
  }, [opened, plan?.id, plan?.version]);

  const kindLabel = codes.label('planKind', kind);
  const submit = (values: PlanValues) => {
    const onError = (error: unknown) => {
      const byField = fieldErrorsOf(t, error);
      form.setErrors(
        Object.fromEntries(
          Object.entries(byField).map(([field, message]) => [
            (PLAN_TEXT_FIELDS[kind] as readonly string[]).includes(field) ? `texts.${field}` : field,
            message,
          ]),
        ),
      );
    };
    const onSuccess = (saved: PlanDto) => {
      notifySuccess(t(plan ? 'plans.saved' : 'plans.created', { kind: codes.label('planKind', saved.kind) }));
      onClose();
    };
    if (plan) update.mutate({ planId: plan.id, body: { version: plan.version, ...fieldsOf(kind, values) } }, { onSuccess, onError });
    else create.mutate({ kind, ...fieldsOf(kind, values) }, { onSuccess, onError });
  };

  const textArea = (field: PlanTextField) => (
    <Textarea
      key={field}
      label={t(`plans.text.${field}`)}
      description={t(`plans.textHelp.${field}`)}
      autosize
      minRows={2}
      maxRows={10}
      maxLength={PLAN_TEXT_MAX}
      required={field === 'safetyMeasures' || field === 'objectives'}
      {...form.getInputProps(`texts.${field}`)}
      data-testid={`plan-${field}`}
    />
  );
  const addFactor = () => form.insertListItem('factors', { level: 'individual', factor: 'Poverty', polarity: 'risk' } satisfies FactorValues);

  return (
    <Dialog opened={opened} onClose={onClose} title={t(plan ? 'plans.editTitle' : 'plans.newTitle', { kind: kindLabel })} size="lg">
      <form noValidate onSubmit={form.onSubmit(submit)} data-testid="plan-form" data-plan-kind={kind}>
        <Stack gap="sm">
          {kind === 'support' ? (
            <NativeSelect
              label={t('plans.supportType')}
              description={t('plans.supportTypeHelp')}
              required
              data={codes.withEmpty('supportPlanType', t('common.choose'))}
              {...form.getInputProps('supportType')}
              data-autofocus
              data-testid="plan-support-type"
            />
          ) : (
            <NativeSelect
              label={t(kind === 'assessment' ? 'plans.assessedRisk' : 'plans.riskLevel')}
              required
              data={codes.withEmpty('planRiskLevel', t('common.choose'))}
              {...form.getInputProps('riskLevel')}
              data-autofocus
              data-testid="plan-risk-level"
            />
          )}
          {kind === 'assessment' ? (
            <Fieldset legend={t('plans.factors')}>
              <Stack gap="xs">
                <Text size="sm" c="dimmed">
                  {t('plans.factorsHelp')}
                </Text>
                {form.values.factors.length === 0 ? (
                  <Text size="sm" c="dimmed">
                    {t('plans.noFactors')}
                  </Text>
                ) : null}
                <Box component="ol" style={{ margin: 0, paddingInlineStart: 20 }} data-testid="plan-factors">
                  {form.values.factors.map((_factor, index) => {
                    const n = index + 1;
                    return (
                      <Box component="li" key={index} mb="xs">
                        <Paper withBorder p="xs" role="group" aria-label={t('plans.factorLabel', { n })}>
                          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
                            <NativeSelect
                              label={t('plans.factorLevel', { n })}
                              data={ASSESSMENT_LEVELS.map((value) => ({ value, label: codes.label('assessmentLevel', value) }))}
                              {...form.getInputProps(`factors.${index}.level`)}
                            />
                            <NativeSelect
                              label={t('plans.factorName', { n })}
                              data={VULNERABILITY_FACTORS.map((value) => ({ value, label: codes.label('vulnerabilityFactor', value) }))}
                              {...form.getInputProps(`factors.${index}.factor`)}
                            />
                            <NativeSelect
                              label={t('plans.factorPolarity', { n })}
                              data={FACTOR_POLARITIES.map((value) => ({ value, label: codes.label('factorPolarity', value) }))}
                              {...form.getInputProps(`factors.${index}.polarity`)}
                            />
                          </SimpleGrid>
                          {form.errors[`factors.${index}`] ? (
                            <Text size="xs" c="red" mt={4}>
                              {form.errors[`factors.${index}`]}
                            </Text>
                          ) : null}
                          <Group mt={4}>
                            <Button
                              size="compact-xs"
                              variant="subtle"
                              color="red"
                              onClick={() => form.removeListItem('factors', index)}
                              aria-label={t('plans.removeFactorNamed', { n })}
                            >
                              {t('plans.removeFactor')}
                            </Button>
                          </Group>
                        </Paper>
                      </Box>
                    );
                  })}
                </Box>
                {form.errors.factors ? (
                  <Text size="xs" c="red">
                    {form.errors.factors}
                  </Text>
                ) : null}
                <Group>
                  <Button size="xs" variant="light" onClick={addFactor} disabled={form.values.factors.length >= PLAN_FACTORS_MAX}>
                    {t('plans.addFactor')}
                  </Button>
                </Group>
              </Stack>
            </Fieldset>
          ) : null}
          {PLAN_TEXT_FIELDS[kind].map(textArea)}
          <SimpleGrid cols={{ base: 1, sm: kind === 'support' ? 3 : 2 }}>
            <DateField label={t('plans.startDate')} required {...form.getInputProps('startDate')} data-testid="plan-start-date" />
            <DateField
              label={t('plans.reviewDate')}
              description={t('plans.reviewDateHelp')}
              min={today()}
              {...form.getInputProps('reviewDate')}
              data-testid="plan-review-date"
            />
            {kind === 'support' ? (
              <DateField label={t('plans.plannedEndDate')} {...form.getInputProps('plannedEndDate')} data-testid="plan-planned-end" />
            ) : null}
          </SimpleGrid>
          <ErrorAlert error={mutation.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={mutation.isPending} data-testid="plan-submit">
              {t(plan ? 'common.save' : 'plans.createButton')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Dialog>
  );
}
