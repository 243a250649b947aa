import { useForm } from '@mantine/form';
import type { CaseSummaryDto } from '@mayak/api-client';
import { CASE_PRIORITIES, type CasePriority, type CaseType, type ContactCategory } from '@mayak/domain';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorsOf } from '@web/modules/api/errors';
import { useAssignableUsers } from '@web/modules/cases/hooks/use-cases';
import { useCodes } from '@web/modules/i18n/codes';
import { Alert, Button, Dialog, ErrorAlert, Group, NativeSelect, Stack, Textarea } from '@web/modules/ui';
import type { OpenCaseBody } from '../types';

/** The case type a call's category usually leads to (the operator can change it). */
const TYPE_OF_CATEGORY: Partial<Record<ContactCategory, CaseType>> = {
  trafficking_report: 'trafficking',
  labour_exploitation: 'labour_exploitation',
  documents_and_registration: 'documents_and_status',
  migration_law_information: 'information_and_assistance',
  safe_travel_and_job_offers: 'information_and_assistance',
  missing_person: 'missing_person',
  violence: 'violence',
};

export function caseTypeFor(category: string): CaseType {
  return TYPE_OF_CATEGORY[category as ContactCategory] ?? 'other';
}

interface OpenCaseDialogProps<Opened> {
  opened: boolean;
  officeId: string | null;
  category: string;
  critical: boolean;
  onClose: () => void;
  /** Called with the office chosen when `offices` offers a choice (a case opened on its own). */
  onOpen: (body: Omit<OpenCaseBody, 'version'>, officeId: string | null) => Promise<Opened>;
  onOpened: (c: Opened) => void;
  /** A case started on its own, not from a contact: its own title, and the office when there are several. */
  standalone?: { offices: { id: string; name: string }[] };
}

interface Values {
  type: CaseType;
  priority: CasePriority;
  assigneeId: string;
  summary: string;
}

/** "Open a case from this call" (or a new case on its own): type, priority, who takes it, and a line for them. */
export function OpenCaseDialog<Opened = CaseSummaryDto>({
  opened,
  officeId,
  category,
  critical,
  onClose,
  onOpen,
  onOpened,
  standalone,
}: OpenCaseDialogProps<Opened>) {
  const { t } = useTranslation();
  const codes = useCodes();
  const [chosenOffice, setChosenOffice] = useState<string | null>(officeId);
  const office = standalone ? chosenOffice : officeId;
  const users = useAssignableUsers(office, opened);
  const form = useForm<Values>({ initialValues: { type: 'other', priority: 'normal', assigneeId: '', summary: '' } });
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (opened) {
      const initial: Values = { type: caseTypeFor(category), priority: critical ? 'critical' : 'normal', assigneeId: '', summary: '' };
      form.setValues(initial);
      form.resetDirty(initial);
      form.clearErrors();
      setError(null);
      setSubmitting(false);
      setChosenOffice(officeId);
    }
  }, [opened]);

  return (
    <Dialog opened={opened} onClose={onClose} title={standalone ? t('cases.create.title') : t('intake.openCase.title')} returnFocus={false}>
      <form
        noValidate
        data-testid="open-case-form"
        onSubmit={form.onSubmit(async (values) => {
          setSubmitting(true);
          setError(null);
          try {
            const created = await onOpen(
              {
                type: values.type,
                priority: critical ? 'critical' : values.priority,
                assigneeId: values.assigneeId || null,
                ...(values.summary.trim() ? { summary: values.summary.trim() } : {}),
              },
              office,
            );
            onOpened(created);
          } catch (problem) {
            setError(problem);
            form.setErrors(fieldErrorsOf(t, problem));
          } finally {
            setSubmitting(false);
          }
        })}
      >
        <Stack>
          <ErrorAlert error={error} />
          {critical ? (
            <Alert color="red" title={t('intake.openCase.criticalTitle')}>
              {t('intake.openCase.criticalDetail')}
            </Alert>
          ) : null}
          {standalone && standalone.offices.length > 1 ? (
            <NativeSelect
              label={t('cases.create.office')}
              value={chosenOffice ?? ''}
              data={standalone.offices.map((o) => ({ value: o.id, label: o.name }))}
              onChange={(event) => {
                setChosenOffice(event.currentTarget.value);
                form.setFieldValue('assigneeId', '');
              }}
              data-testid="new-case-office"
            />
          ) : null}
          <NativeSelect label={t('cases.type')} data-autofocus data={codes.options('caseType')} {...form.getInputProps('type')} />
          <NativeSelect
            label={t('cases.priorityLabel')}
            disabled={critical}
            data={CASE_PRIORITIES.map((value) => ({ value, label: t(`cases.priority.${value}`) }))}
            {...form.getInputProps('priority')}
          />
          <NativeSelect
            label={t('cases.assignee')}
            description={t('intake.openCase.assigneeHint')}
            data={[
              { value: '', label: t('cases.unassigned') },
              ...(users.data ?? []).map((user) => ({
                value: user.id,
                label: `${user.displayName} (${user.roles.map((role) => t(`roles.${role}`, { defaultValue: role })).join(', ')})`,
              })),
            ]}
            {...form.getInputProps('assigneeId')}
          />
          {users.isError ? <ErrorAlert error={users.error} /> : null}
          <Textarea
            label={t('cases.summary')}
            description={t('intake.openCase.summaryHint')}
            autosize
            minRows={3}
            maxLength={4000}
            {...form.getInputProps('summary')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={submitting} data-testid="open-case-submit">
              {t('intake.openCase.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Dialog>
  );
}
