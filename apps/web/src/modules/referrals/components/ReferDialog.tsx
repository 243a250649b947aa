import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { REFERRAL_SUMMARY_MAX, REFERRAL_SUMMARY_MIN, SERVICE_TYPES } from '@mayak/domain';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorsOf, problemCode } from '@web/modules/api/errors';
import { DirectoryFilters, directoryQuery, EMPTY_DIRECTORY_FILTERS, type DirectoryFilterValues } from '@web/modules/directory/components/DirectoryFilters';
import { useOrganisations, type ServiceType } from '@web/modules/directory/hooks/use-directory';
import { useCodes } from '@web/modules/i18n/codes';
import { Alert, Box, Button, Checkbox, Dialog, ErrorAlert, Group, LoadingState, Stack, Text, Textarea, Title } from '@web/modules/ui';
import { useCreateReferrals } from '../hooks/use-referrals';
import type { ReferralDto } from '@mayak/api-client';

interface Target {
  organisationId: string;
  organisationName: string;
  serviceType: ServiceType;
}

const targetKey = (target: { organisationId: string; serviceType: string }) => `${target.organisationId}:${target.serviceType}`;

/**
 * Refer the client: find services in the directory, tick one or more organisation + service
 * pairs, write the summary the partner will read, and send now or keep as drafts. Without the
 * client's consent to referral the API refuses (consent_required): say so and lead to consents.
 */
export function ReferDialog({
  opened,
  caseId,
  onClose,
  onCreated,
  onRecordConsent,
}: {
  opened: boolean;
  caseId: string;
  onClose: () => void;
  onCreated: (referrals: ReferralDto[], sent: boolean) => void;
  /** Called once the dialog has closed after "Record consent": put the user on the consents. */
  onRecordConsent: () => void;
}) {
  const { t } = useTranslation();
  const codes = useCodes();
  const create = useCreateReferrals(caseId);
  const [filters, setFilters] = useState<DirectoryFilterValues>(EMPTY_DIRECTORY_FILTERS);
  const [q] = useDebouncedValue(filters.q.trim(), 300);
  const results = useOrganisations({ limit: 20, offset: 0, acceptsReferrals: true, ...directoryQuery(filters, q) }, opened);
  const form = useForm({
    initialValues: { targets: [] as Target[], sharedSummary: '', shareContactDetails: false },
    validate: {
      targets: (value) => (value.length ? null : t('referrals.refer.pickTarget')),
      sharedSummary: (value) => (value.trim().length < REFERRAL_SUMMARY_MIN ? t('referrals.refer.summaryTooShort') : null),
    },
  });
  const { targets } = form.values;
  const [toConsents, setToConsents] = useState(false);

  useEffect(() => {
    if (opened) {
      setFilters(EMPTY_DIRECTORY_FILTERS);
      form.reset();
      setToConsents(false);
      create.reset();
    }
  }, [opened]);

  const toggle = (target: Target, on: boolean) =>
    form.setFieldValue('targets', (current) => (on ? [...current, target] : current.filter((other) => targetKey(other) !== targetKey(target))));

  const submit = (send: boolean) => {
    if (form.validate().hasErrors) return;
    const { sharedSummary, shareContactDetails } = form.values;
    create.mutate(
      {
        targets: targets.map(({ organisationId, serviceType }) => ({ organisationId, serviceType })),
        sharedSummary: sharedSummary.trim(),
        shareContactDetails,
        send,
      },
      { onSuccess: (created) => onCreated(created, send), onError: (error) => form.setErrors(fieldErrorsOf(t, error)) },
    );
  };

  const consentMissing = problemCode(create.error) === 'consent_required';
  const organisations = results.data?.items ?? [];

  return (
    <Dialog
      opened={opened}
      onClose={onClose}
      title={t('referrals.refer.title')}
      size="xl"
      // Going to the consents: focus moves there once the dialog has gone (not back to "Refer").
      returnFocus={!toConsents}
      onExitTransitionEnd={() => {
        if (toConsents) onRecordConsent();
      }}
    >
      <Stack data-testid="refer-form">
        {consentMissing ? (
          <Alert color="orange" role="alert" title={t('referrals.refer.consentTitle')} data-testid="consent-required">
            <Stack gap="xs">
              <Text size="sm">{t('errors.consent_required')}</Text>
              <Group>
                <Button
                  size="xs"
                  data-autofocus
                  onClick={() => {
                    setToConsents(true);
                    onClose();
                  }}
                >
                  {t('referrals.refer.recordConsent')}
                </Button>
              </Group>
            </Stack>
          </Alert>
        ) : (
          <ErrorAlert error={create.error} />
        )}
        <Title order={3} size="h5">
          {t('referrals.refer.findService')}
        </Title>
        <DirectoryFilters values={filters} withAccepts={false} withLanguage={false} onChange={(patch) => setFilters((current) => ({ ...current, ...patch }))} />
        <Box aria-live="polite">
          {results.isPending ? (
            <LoadingState />
          ) : results.isError ? (
            <ErrorAlert error={results.error} />
          ) : organisations.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('common.noResults')}
            </Text>
          ) : (
            <Box component="ul" data-testid="refer-results" style={{ listStyle: 'none', margin: 0, padding: 0, maxHeight: 280, overflowY: 'auto' }}>
              {organisations.map((o) => (
                <Box component="li" key={o.id} py={6} style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
                  <Text size="sm" fw={600}>
                    {o.name}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {[...o.regions.map((r) => codes.label('region', r)), ...o.cities].join(', ')}
                    {o.phone ? ` · ${o.phone}` : ''}
                  </Text>
                  <Group gap="md" mt={4} wrap="wrap">
                    {SERVICE_TYPES.filter((s) => o.serviceTypes.includes(s) && (!filters.serviceType || filters.serviceType === s)).map((serviceType) => {
                      const target: Target = { organisationId: o.id, organisationName: o.name, serviceType };
                      return (
                        <Checkbox
                          key={serviceType}
                          size="sm"
                          label={codes.label('serviceType', serviceType)}
                          aria-label={t('referrals.refer.targetNamed', { name: o.name, service: codes.label('serviceType', serviceType) })}
                          checked={targets.some((other) => targetKey(other) === targetKey(target))}
                          onChange={(event) => toggle(target, event.currentTarget.checked)}
                        />
                      );
                    })}
                  </Group>
                </Box>
              ))}
            </Box>
          )}
        </Box>
        <Box>
          <Title order={3} size="h5">
            {t('referrals.refer.chosen')}
          </Title>
          {targets.length ? (
            <Box component="ul" data-testid="refer-targets" style={{ margin: 0, paddingLeft: 16 }}>
              {targets.map((target) => (
                <li key={targetKey(target)}>
                  <Text size="sm">
                    {target.organisationName} — {codes.label('serviceType', target.serviceType)}
                  </Text>
                </li>
              ))}
            </Box>
          ) : (
            <Text size="sm" c="dimmed">
              {t('referrals.refer.noneChosen')}
            </Text>
          )}
          {form.errors.targets ? (
            <Text size="sm" c="red" role="alert">
              {form.errors.targets}
            </Text>
          ) : null}
        </Box>
        <Textarea
          label={t('referrals.refer.summary')}
          description={t('referrals.refer.summaryHint')}
          required
          autosize
          minRows={4}
          maxLength={REFERRAL_SUMMARY_MAX}
          {...form.getInputProps('sharedSummary')}
        />
        <Checkbox
          label={t('referrals.refer.shareContact')}
          description={t('referrals.refer.shareContactHint')}
          {...form.getInputProps('shareContactDetails', { type: 'checkbox' })}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button variant="light" loading={create.isPending && create.variables?.send === false} disabled={create.isPending} onClick={() => submit(false)}>
            {t('referrals.refer.saveDraft')}
          </Button>
          <Button loading={create.isPending && create.variables?.send === true} disabled={create.isPending} onClick={() => submit(true)}>
            {t('referrals.refer.sendNow')}
          </Button>
        </Group>
      </Stack>
    </Dialog>
  );
}
