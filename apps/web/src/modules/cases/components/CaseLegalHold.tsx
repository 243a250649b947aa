import { useForm } from '@mantine/form';
import { LEGAL_HOLD_REASON_MAX, LEGAL_HOLD_REASON_MIN } from '@mayak/domain';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '@web/modules/auth/hooks/use-can';
import { Badge, Button, ErrorAlert, Group, notifySuccess, Paper, Stack, Text, Textarea, Title } from '@web/modules/ui';
import { useSetLegalHold, type LegalHoldState } from '../hooks/use-legal-hold';
import type { CaseDto } from '../types';

/**
 * Legal hold: keeps the case from being anonymised by the retention periods (e.g. a court
 * request). Everyone reading the case sees the state; supervisors (`cases.legal_hold`) place
 * it with a reason or lift it.
 */
export function CaseLegalHold({ c }: { c: CaseDto }) {
  const { t } = useTranslation();
  const can = useCan();
  const setHold = useSetLegalHold(c.id);
  // The PUT's answer is shown at once, before the case is read again.
  const [answer, setAnswer] = useState<LegalHoldState | null>(null);
  const form = useForm({
    initialValues: { reason: '' },
    validate: {
      reason: (value) => {
        const length = value.trim().length;
        return length < LEGAL_HOLD_REASON_MIN || length > LEGAL_HOLD_REASON_MAX
          ? t('legalHold.reasonLength', { min: LEGAL_HOLD_REASON_MIN, max: LEGAL_HOLD_REASON_MAX })
          : null;
      },
    },
  });
  const state: LegalHoldState = answer ?? { legalHold: c.legalHold, legalHoldReason: c.legalHoldReason };
  const mayChange = can('cases.legal_hold');

  const place = () => {
    if (form.validate().hasErrors) return;
    setHold.mutate(
      { hold: true, reason: form.values.reason.trim() },
      {
        onSuccess: (result) => {
          setAnswer(result);
          form.reset();
          notifySuccess(t('legalHold.placed'));
        },
      },
    );
  };
  const lift = () =>
    setHold.mutate(
      { hold: false },
      {
        onSuccess: (result) => {
          setAnswer(result);
          notifySuccess(t('legalHold.lifted'));
        },
      },
    );

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="case-legal-hold-title" data-testid="legal-hold" data-held={state.legalHold}>
      <Stack gap="sm">
        <Group justify="space-between" gap="xs">
          <Title order={2} size="h4" id="case-legal-hold-title">
            {t('legalHold.title')}
          </Title>
          <Badge color={state.legalHold ? 'orange' : 'gray'} variant="light" tt="none" data-testid="legal-hold-state">
            {t(state.legalHold ? 'legalHold.held' : 'legalHold.notHeld')}
          </Badge>
        </Group>
        <Text size="sm" c="dimmed">
          {t('legalHold.help')}
        </Text>
        {state.legalHold && state.legalHoldReason ? (
          <Text size="sm" data-testid="legal-hold-reason">
            {t('legalHold.currentReason', { reason: state.legalHoldReason })}
          </Text>
        ) : null}
        {mayChange && !state.legalHold ? (
          <>
            <Textarea
              label={t('legalHold.reason')}
              description={t('legalHold.reasonHelp', { min: LEGAL_HOLD_REASON_MIN, max: LEGAL_HOLD_REASON_MAX })}
              required
              autosize
              minRows={2}
              maxLength={LEGAL_HOLD_REASON_MAX}
              {...form.getInputProps('reason')}
              data-testid="legal-hold-reason-input"
            />
            <Group>
              <Button size="sm" variant="light" color="orange" loading={setHold.isPending} onClick={place} data-testid="legal-hold-place">
                {t('legalHold.place')}
              </Button>
            </Group>
          </>
        ) : null}
        {mayChange && state.legalHold ? (
          <Group>
            <Button size="sm" variant="subtle" loading={setHold.isPending} onClick={lift} data-testid="legal-hold-lift">
              {t('legalHold.lift')}
            </Button>
          </Group>
        ) : null}
        <ErrorAlert error={setHold.error} />
      </Stack>
    </Paper>
  );
}
