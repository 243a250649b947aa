import { useForm } from '@mantine/form';
import { DEFAULT_K, K_FLOOR, K_MAX, LOCALES, refuseK, type Locale } from '@mayak/domain';
import { useEffect, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorsOf } from '@web/modules/api/errors';
import { useSession } from '@web/modules/auth/hooks/use-session';
import { useLocale } from '@web/modules/i18n/format';
import {
  Alert,
  Button,
  DateField,
  ErrorAlert,
  Fieldset,
  Group,
  NativeSelect,
  NumberInput,
  PageHeader,
  Paper,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@web/modules/ui';
import { EXPORT_STANDARDS, useExportRules, saveBlob, useMonthlyReport, usePrepareExport, type ExportStandard, type PreparedExport } from '../hooks/use-exports';
import { consoleClock, localDay } from '@web/modules/clock/console-clock';

interface ExportFormValues {
  standard: ExportStandard;
  /** yyyy-mm-dd, the first day of the period. */
  from: string;
  /** yyyy-mm-dd, the last day of the period (inclusive here; the API's `to` is the day after). */
  to: string;
  /** '' = all my offices. */
  officeId: string;
  k: number | string;
}

/** A local calendar day as yyyy-mm-dd. */

/** The day after a yyyy-mm-dd day, as yyyy-mm-dd (calendar arithmetic, no time zone). */
function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/** The API's defaults: from the start of this year up to and including today. */
function initialValues(): ExportFormValues {
  const today = consoleClock.now();
  return { standard: 'ctdc', from: `${today.getFullYear()}-01-01`, to: localDay(today), officeId: '', k: DEFAULT_K };
}

function isValidK(value: number | string, floor: number): boolean {
  const k = typeof value === 'number' ? value : Number(value);
  return value !== '' && refuseK(k, floor) === null;
}

/** What the k-anonymity check did to a prepared export, and the button that saves it. */
function ExportResult({ prepared, headingRef }: { prepared: PreparedExport; headingRef: RefObject<HTMLHeadingElement | null> }) {
  const { t } = useTranslation();
  const { report } = prepared;
  const figures: { key: string; label: string; value: number }[] = [
    { key: 'rowsIn', label: t('exports.result.rowsIn'), value: report.rowsIn },
    { key: 'rowsOut', label: t('exports.result.rowsOut'), value: report.rowsOut },
    { key: 'generalised', label: t('exports.result.generalised'), value: report.generalised },
    { key: 'suppressed', label: t('exports.result.suppressed'), value: report.suppressed },
    { key: 'k', label: t('exports.result.k'), value: report.k },
    { key: 'withoutConsent', label: t('exports.result.withoutConsent'), value: report.withoutConsent },
  ];
  return (
    <Paper
      withBorder
      p="md"
      component="section"
      aria-labelledby="export-result-title"
      data-testid="export-result"
      data-standard={prepared.standard}
      data-rows-in={report.rowsIn}
      data-rows-out={report.rowsOut}
      data-suppressed={report.suppressed}
      data-generalised={report.generalised}
      data-k={report.k}
      data-without-consent={report.withoutConsent}
    >
      <Stack gap="sm">
        <Title order={2} size="h4" id="export-result-title" ref={headingRef} tabIndex={-1}>
          {t('exports.result.title')}
        </Title>
        <Text size="sm">
          {t(`exports.standards.${prepared.standard}`)} · {t('exports.result.file', { filename: prepared.filename })}
        </Text>
        <SimpleGrid component="dl" cols={{ base: 2, sm: 3 }} spacing="sm" m={0}>
          {figures.map((figure) => (
            <div key={figure.key}>
              <Text component="dt" size="xs" c="dimmed" fw={600}>
                {figure.label}
              </Text>
              <Text component="dd" size="lg" fw={600} m={0} data-testid={`export-${figure.key}`}>
                {figure.value}
              </Text>
            </div>
          ))}
        </SimpleGrid>
        {report.rowsIn === 0 ? (
          <Text size="sm">{t('exports.result.noRows')}</Text>
        ) : report.rowsOut === 0 ? (
          <Text size="sm" c="orange.9">
            {t('exports.result.allLeftOut')}
          </Text>
        ) : null}
        <Group>
          <Button onClick={() => saveBlob(prepared.blob, prepared.filename)} data-testid="export-download">
            {t('exports.download')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** The month before this one, as yyyy-mm. */
function previousMonth(): string {
  const today = consoleClock.now();
  const date = new Date(today.getFullYear(), today.getMonth() - 1, 1);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}`;
}

/** The monthly statistics report as PDF: month (default the previous one), language (default the console's), office. */
function MonthlyReport() {
  const { t } = useTranslation();
  const session = useSession();
  const offices = session.data?.user.offices ?? [];
  const consoleLocale = useLocale();
  const report = useMonthlyReport();
  const [month, setMonth] = useState(previousMonth);
  const [locale, setLocale] = useState<Locale>(consoleLocale);
  const [officeId, setOfficeId] = useState('');
  const monthOk = /^\d{4}-\d{2}$/.test(month);

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="monthly-report-title" data-testid="monthly-report">
      <Stack gap="sm">
        <Title order={2} size="h4" id="monthly-report-title">
          {t('exports.monthly.title')}
        </Title>
        <Text size="sm">{t('exports.monthly.intro')}</Text>
        <Group align="flex-start" gap="md" wrap="wrap">
          <TextInput
            label={t('exports.monthly.month')}
            type="month"
            name="month"
            required
            value={month}
            error={monthOk ? null : t('fieldErrors.required')}
            onChange={(event) => {
              report.reset();
              setMonth(event.currentTarget.value);
            }}
            data-testid="monthly-report-month"
          />
          <NativeSelect
            label={t('exports.monthly.language')}
            name="locale"
            value={locale}
            data={LOCALES.map((value) => ({ value, label: t(`app.languages.${value}`) }))}
            onChange={(event) => setLocale(event.currentTarget.value as Locale)}
            data-testid="monthly-report-locale"
          />
          <NativeSelect
            label={t('exports.office')}
            name="reportOfficeId"
            value={officeId}
            data={[{ value: '', label: t('exports.allOffices') }, ...offices.map((office) => ({ value: office.id, label: office.name }))]}
            onChange={(event) => setOfficeId(event.currentTarget.value)}
            data-testid="monthly-report-office"
          />
        </Group>
        <ErrorAlert error={report.error} />
        <Group>
          <Button
            loading={report.isPending}
            disabled={!monthOk}
            data-testid="monthly-report-download"
            onClick={() => report.mutate({ month, locale, ...(officeId ? { officeId } : {}) })}
          >
            {t('exports.monthly.download')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/**
 * Anonymised case exports (CTDC 2024, HTCDS) of the supervisor's offices. The server does
 * the k-anonymity check and records every run in the audit log; this screen prepares the
 * file, shows what the check changed and saves it under the server's file name.
 */
export function ExportsScreen() {
  const { t } = useTranslation();
  const session = useSession();
  const offices = session.data?.user.offices ?? [];
  const prepare = usePrepareExport();
  const rules = useExportRules();
  const kFloor = rules.data?.kFloor ?? K_FLOOR;
  const kMax = rules.data?.kMax ?? K_MAX;
  const resultHeadingRef = useRef<HTMLHeadingElement>(null);
  const form = useForm<ExportFormValues>({
    initialValues: initialValues(),
    validate: {
      from: (value) => (value ? null : t('fieldErrors.required')),
      to: (value, values) => (!value ? t('fieldErrors.required') : values.from && value < values.from ? t('fieldErrors.dateRange') : null),
      k: (value) => (isValidK(value, kFloor) ? null : t('exports.kRange', { min: kFloor, max: kMax })),
    },
    // A result describes the settings it was prepared with: changing them drops it.
    onValuesChange: () => prepare.reset(),
  });

  // An installation may raise the floor: once it is known, start from it rather than offer a k it refuses.
  const { setFieldValue, getValues } = form;
  const floorApplied = useRef<number | null>(null);
  useEffect(() => {
    if (floorApplied.current === kFloor) return;
    floorApplied.current = kFloor;
    if (Number(getValues().k) < kFloor) setFieldValue('k', kFloor);
  }, [kFloor, getValues, setFieldValue]);

  // A new result takes focus (its heading), so the figures and Download come next.
  useEffect(() => {
    if (prepare.data) resultHeadingRef.current?.focus();
  }, [prepare.data]);

  const submit = form.onSubmit((values) => {
    prepare.mutate(
      {
        standard: values.standard,
        from: values.from,
        to: nextDay(values.to),
        ...(values.officeId ? { officeId: values.officeId } : {}),
        k: Number(values.k),
      },
      {
        onError: (error) => form.setErrors(fieldErrorsOf(t, error)),
      },
    );
  });

  return (
    <div data-testid="exports-page">
      <PageHeader title={t('exports.title')} />
      <Stack gap="md" maw={760}>
        <Text>{t('exports.intro')}</Text>
        <Alert color="blue" title={t('exports.privacyTitle')}>
          {t('exports.privacy')}
        </Alert>
        <form onSubmit={submit} noValidate aria-label={t('exports.form')} data-testid="export-form">
          <Stack gap="md">
            <Radio.Group label={t('exports.standard')} name="standard" required data-testid="export-standard" {...form.getInputProps('standard')}>
              <Stack gap="xs" mt="xs">
                {EXPORT_STANDARDS.map((value) => (
                  <Radio key={value} value={value} label={t(`exports.standards.${value}`)} description={t(`exports.standardHints.${value}`)} />
                ))}
              </Stack>
            </Radio.Group>
            <Fieldset legend={t('exports.period')} variant="unstyled" p={0} styles={{ legend: { fontWeight: 600, fontSize: 'var(--mantine-font-size-sm)' } }}>
              <Text size="xs" c="dimmed" mb="xs">
                {t('exports.periodHint')}
              </Text>
              <Group align="flex-start" gap="md" wrap="wrap">
                <DateField label={t('exports.from')} name="from" required {...form.getInputProps('from')} />
                <DateField label={t('exports.to')} name="to" required {...form.getInputProps('to')} />
              </Group>
            </Fieldset>
            <NativeSelect
              label={t('exports.office')}
              name="officeId"
              data={[{ value: '', label: t('exports.allOffices') }, ...offices.map((office) => ({ value: office.id, label: office.name }))]}
              {...form.getInputProps('officeId')}
            />
            <NumberInput
              label={t('exports.k')}
              description={t('exports.kHelp', { min: kFloor })}
              name="k"
              required
              min={kFloor}
              max={kMax}
              step={1}
              allowDecimal={false}
              allowNegative={false}
              clampBehavior="none"
              {...form.getInputProps('k')}
            />
            <ErrorAlert error={prepare.error} />
            <Group>
              <Button type="submit" loading={prepare.isPending} data-testid="export-submit">
                {t('exports.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
        {prepare.data ? <ExportResult prepared={prepare.data} headingRef={resultHeadingRef} /> : null}
        <MonthlyReport />
      </Stack>
    </div>
  );
}
