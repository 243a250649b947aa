import { useForm } from '@mantine/form';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorsOf } from '@web/modules/api/errors';
import { useFormatDateTime } from '@web/modules/i18n/format';
import {
  Alert,
  Button,
  ConfirmDialog,
  ErrorAlert,
  Group,
  LoadingState,
  notifySuccess,
  NumberInput,
  PageHeader,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@web/modules/ui';
import {
  RETENTION_DAYS_MAX,
  RETENTION_DAYS_MIN,
  usePreviewRetention,
  useRetentionSettings,
  useRunRetention,
  useUpdateRetention,
  type RetentionReport,
  type RetentionSettings,
} from '../hooks/use-retention';

interface RetentionFormValues {
  contactsWithoutCaseDays: number | string;
  closedCasesDays: number | string;
}

function isValidDays(value: number | string): boolean {
  const days = typeof value === 'number' ? value : Number(value);
  return value !== '' && Number.isInteger(days) && days >= RETENTION_DAYS_MIN && days <= RETENTION_DAYS_MAX;
}

/** What a preview or a run counted: contacts, cases, people, and closed cases kept by a legal hold. */
function RetentionReportView({ report, testId }: { report: RetentionReport; testId: string }) {
  const { t } = useTranslation();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), [report]);
  const figures = [
    { key: 'contacts', label: t('retention.contacts'), value: report.contacts },
    { key: 'cases', label: t('retention.cases'), value: report.cases },
    { key: 'people', label: t('retention.people'), value: report.people },
    { key: 'held', label: t('retention.heldCases'), value: report.heldCases },
  ];
  const titleId = `${testId}-title`;
  return (
    <Paper
      withBorder
      p="md"
      component="section"
      aria-labelledby={titleId}
      data-testid={testId}
      data-dry-run={report.dryRun}
      data-contacts={report.contacts}
      data-cases={report.cases}
      data-people={report.people}
      data-held={report.heldCases}
      data-complete={report.complete}
    >
      <Stack gap="sm">
        <Title order={2} size="h4" id={titleId} ref={headingRef} tabIndex={-1}>
          {t(report.dryRun ? 'retention.previewTitle' : 'retention.reportTitle')}
        </Title>
        <SimpleGrid component="dl" cols={{ base: 2, sm: 4 }} spacing="sm" m={0}>
          {figures.map((figure) => (
            <div key={figure.key}>
              <Text component="dt" size="xs" c="dimmed" fw={600}>
                {figure.label}
              </Text>
              <Text component="dd" size="lg" fw={600} m={0} data-testid={`${testId}-${figure.key}`}>
                {figure.value}
              </Text>
            </div>
          ))}
        </SimpleGrid>
        {report.dryRun ? <Text size="sm">{t('retention.previewNote')}</Text> : null}
        {!report.complete ? (
          <Text size="sm" c="orange.9">
            {t('retention.incomplete')}
          </Text>
        ) : null}
      </Stack>
    </Paper>
  );
}

function RetentionForm({ settings }: { settings: RetentionSettings }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const update = useUpdateRetention();
  const preview = usePreviewRetention();
  const run = useRunRetention();
  const [confirming, setConfirming] = useState(false);
  const form = useForm<RetentionFormValues>({
    initialValues: { contactsWithoutCaseDays: settings.contactsWithoutCaseDays, closedCasesDays: settings.closedCasesDays },
    validate: {
      contactsWithoutCaseDays: (value) => (isValidDays(value) ? null : t('retention.daysRange', { min: RETENTION_DAYS_MIN, max: RETENTION_DAYS_MAX })),
      closedCasesDays: (value) => (isValidDays(value) ? null : t('retention.daysRange', { min: RETENTION_DAYS_MIN, max: RETENTION_DAYS_MAX })),
    },
  });

  const submit = form.onSubmit((values) => {
    update.mutate(
      { version: settings.version, contactsWithoutCaseDays: Number(values.contactsWithoutCaseDays), closedCasesDays: Number(values.closedCasesDays) },
      {
        onSuccess: (saved) => {
          form.resetDirty({ contactsWithoutCaseDays: saved.contactsWithoutCaseDays, closedCasesDays: saved.closedCasesDays });
          // A preview counted with the old periods.
          preview.reset();
          notifySuccess(t('retention.saved'));
        },
        onError: (error) => form.setErrors(fieldErrorsOf(t, error)),
      },
    );
  });

  const dayInput = (name: keyof RetentionFormValues, help: string) => (
    <NumberInput
      label={t(`retention.${name}`)}
      description={help}
      name={name}
      required
      min={RETENTION_DAYS_MIN}
      max={RETENTION_DAYS_MAX}
      step={1}
      allowDecimal={false}
      allowNegative={false}
      clampBehavior="none"
      data-testid={`retention-${name}`}
      {...form.getInputProps(name)}
    />
  );

  return (
    <Stack gap="md">
      <form onSubmit={submit} noValidate aria-label={t('retention.form')} data-testid="retention-form" data-version={settings.version}>
        <Stack gap="md">
          {dayInput('contactsWithoutCaseDays', t('retention.contactsWithoutCaseHelp'))}
          {dayInput('closedCasesDays', t('retention.closedCasesHelp'))}
          <Text size="xs" c="dimmed">
            {settings.updatedAt ? t('retention.updatedAt', { time: formatDateTime(settings.updatedAt) }) : t('retention.neverChanged')}
          </Text>
          <ErrorAlert error={update.error} />
          <Group>
            <Button type="submit" loading={update.isPending} data-testid="retention-save">
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
      <Group>
        <Button
          variant="light"
          loading={preview.isPending}
          disabled={form.isDirty()}
          onClick={() => {
            run.reset();
            preview.mutate();
          }}
          data-testid="retention-preview"
        >
          {t('retention.preview')}
        </Button>
        <Button
          color="red"
          variant="outline"
          disabled={form.isDirty()}
          onClick={() => {
            run.reset();
            setConfirming(true);
          }}
          data-testid="retention-run"
        >
          {t('retention.run')}
        </Button>
      </Group>
      <ErrorAlert error={preview.error} />
      {preview.data && !run.data ? <RetentionReportView report={preview.data} testId="retention-preview-report" /> : null}
      {run.data ? <RetentionReportView report={run.data} testId="retention-report" /> : null}
      <ConfirmDialog
        opened={confirming}
        title={t('retention.confirmTitle')}
        message={t('retention.confirmMessage')}
        confirmLabel={t('retention.confirm')}
        danger
        loading={run.isPending}
        error={run.error}
        onClose={() => setConfirming(false)}
        onConfirm={() =>
          run.mutate(undefined, {
            onSuccess: () => {
              setConfirming(false);
              preview.reset();
            },
          })
        }
      />
    </Stack>
  );
}

/**
 * Retention periods (administrators): how long contacts without a case and closed cases keep
 * their personal data; a preview of what a run would anonymise now, and a run (cannot be undone).
 */
export function RetentionScreen() {
  const { t } = useTranslation();
  const settings = useRetentionSettings();
  return (
    <div data-testid="retention-page">
      <PageHeader title={t('retention.title')} />
      <Stack gap="md" maw={760}>
        <Alert color="blue">{t('retention.intro')}</Alert>
        {settings.isPending ? <LoadingState /> : settings.isError ? <ErrorAlert error={settings.error} /> : <RetentionForm settings={settings.data} />}
      </Stack>
    </div>
  );
}
