import { useForm } from '@mantine/form';
import { PLAN_REVIEW_NOTE_MAX } from '@mayak/domain';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorsOf } from '@web/modules/api/errors';
import { today } from '@web/modules/clock/console-clock';
import { useCodes } from '@web/modules/i18n/codes';
import { Button, DateField, Dialog, ErrorAlert, Group, NativeSelect, notifySuccess, Stack, Text, Textarea } from '@web/modules/ui';
import { useReviewPlan, type PlanDto } from '../hooks/use-case-plans';

/** Recording a plan's review: its review task is done, and the next review date (if any) is a new task. */
export function PlanReviewDialog({ caseId, plan, opened, onClose }: { caseId: string; plan: PlanDto; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const codes = useCodes();
  const review = useReviewPlan(caseId);
  const hasRisk = plan.kind !== 'support';
  const form = useForm({
    initialValues: { nextReviewDate: '', riskLevel: plan.riskLevel ?? '', note: '' },
    validate: { nextReviewDate: (value) => (value && value < today() ? t('fieldErrors.in_past') : null) },
  });

  useEffect(() => {
    if (opened) {
      form.setValues({ nextReviewDate: '', riskLevel: plan.riskLevel ?? '', note: '' });
      form.clearErrors();
      review.reset();
    }
  }, [opened, plan.id, plan.version]);

  const kind = codes.label('planKind', plan.kind);
  return (
    <Dialog opened={opened} onClose={onClose} title={t('plans.reviewTitle', { kind })} size="md">
      <form
        noValidate
        data-testid="plan-review-form"
        onSubmit={form.onSubmit((values) =>
          review.mutate(
            {
              planId: plan.id,
              body: {
                version: plan.version,
                nextReviewDate: values.nextReviewDate || null,
                ...(hasRisk && values.riskLevel ? { riskLevel: values.riskLevel as NonNullable<PlanDto['riskLevel']> } : {}),
                ...(values.note.trim() ? { note: values.note.trim() } : {}),
              },
            },
            {
              onSuccess: () => {
                notifySuccess(t('plans.reviewed', { kind }));
                onClose();
              },
              onError: (error) => form.setErrors(fieldErrorsOf(t, error)),
            },
          ),
        )}
      >
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {t('plans.reviewHelp')}
          </Text>
          {hasRisk ? (
            <NativeSelect label={t('plans.riskNow')} data={codes.options('planRiskLevel')} {...form.getInputProps('riskLevel')} data-autofocus />
          ) : null}
          <DateField
            label={t('plans.nextReviewDate')}
            description={t('plans.nextReviewDateHelp')}
            min={today()}
            {...form.getInputProps('nextReviewDate')}
            data-testid="plan-next-review-date"
          />
          <Textarea
            label={t('plans.reviewNote')}
            description={t('plans.noteHelp')}
            autosize
            minRows={2}
            maxLength={PLAN_REVIEW_NOTE_MAX}
            {...form.getInputProps('note')}
          />
          <ErrorAlert error={review.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={review.isPending} data-testid="plan-review-submit">
              {t('plans.recordReview')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Dialog>
  );
}
