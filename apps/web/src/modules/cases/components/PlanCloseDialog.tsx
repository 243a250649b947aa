import { useForm } from '@mantine/form';
import { PLAN_REVIEW_NOTE_MAX } from '@mayak/domain';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorsOf } from '@web/modules/api/errors';
import { today } from '@web/modules/clock/console-clock';
import { useCodes } from '@web/modules/i18n/codes';
import { Button, DateField, Dialog, ErrorAlert, Group, notifySuccess, Stack, Text, Textarea } from '@web/modules/ui';
import { useClosePlan, type PlanDto } from '../hooks/use-case-plans';

/** Closing a plan: the day it ended (HTCDS spl_ActualEndDate for a support plan); its review task is cancelled. */
export function PlanCloseDialog({ caseId, plan, opened, onClose }: { caseId: string; plan: PlanDto; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const codes = useCodes();
  const close = useClosePlan(caseId);
  const form = useForm({
    initialValues: { actualEndDate: today(), note: '' },
    validate: {
      actualEndDate: (value) =>
        !value ? t('fieldErrors.required') : value > today() ? t('fieldErrors.in_future') : value < plan.startDate ? t('fieldErrors.before_start') : null,
    },
  });

  useEffect(() => {
    if (opened) {
      form.setValues({ actualEndDate: today(), note: '' });
      form.clearErrors();
      close.reset();
    }
  }, [opened, plan.id, plan.version]);

  const kind = codes.label('planKind', plan.kind);
  return (
    <Dialog opened={opened} onClose={onClose} title={t('plans.closeTitle', { kind })} size="md">
      <form
        noValidate
        data-testid="plan-close-form"
        onSubmit={form.onSubmit((values) =>
          close.mutate(
            {
              planId: plan.id,
              body: { version: plan.version, actualEndDate: values.actualEndDate, ...(values.note.trim() ? { note: values.note.trim() } : {}) },
            },
            {
              onSuccess: () => {
                notifySuccess(t('plans.closed', { kind }));
                onClose();
              },
              onError: (error) => form.setErrors(fieldErrorsOf(t, error)),
            },
          ),
        )}
      >
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {t('plans.closeHelp')}
          </Text>
          <DateField label={t('plans.actualEndDate')} required max={today()} min={plan.startDate} {...form.getInputProps('actualEndDate')} data-autofocus />
          <Textarea
            label={t('plans.closeNote')}
            description={t('plans.noteHelp')}
            autosize
            minRows={2}
            maxLength={PLAN_REVIEW_NOTE_MAX}
            {...form.getInputProps('note')}
          />
          <ErrorAlert error={close.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" color="red" loading={close.isPending} data-testid="plan-close-submit">
              {t('plans.closePlan')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Dialog>
  );
}
