import { CONSENT_CHANNELS, CONSENT_PURPOSES, type ConsentChannel, type ConsentPurpose } from '@mayak/domain';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '@web/modules/auth/hooks/use-can';
import { useCodes } from '@web/modules/i18n/codes';
import { useFormatDateTime } from '@web/modules/i18n/format';
import { Badge, Box, Button, ErrorAlert, Group, NativeSelect, notifySuccess, Paper, Stack, Text, Title } from '@web/modules/ui';
import { useGiveConsent, useWithdrawConsent } from '../hooks/use-cases';
import type { CaseDto } from '../types';

/** What the client agreed to, per purpose: record it (with how it was given) or withdraw it. */
export function CaseConsents({ c }: { c: CaseDto }) {
  const { t } = useTranslation();
  const can = useCan();
  const codes = useCodes();
  const formatDateTime = useFormatDateTime();
  const give = useGiveConsent(c.id);
  const withdraw = useWithdrawConsent(c.id);
  const [channels, setChannels] = useState<Record<string, ConsentChannel>>({});
  const contributor = can('cases.contribute');
  const history = c.consents.filter((consent) => consent.withdrawnAt);

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="case-consents-title" data-testid="consents">
      <Stack gap="sm">
        <Title order={2} size="h4" id="case-consents-title" tabIndex={-1}>
          {t('consents.title')}
        </Title>
        <ErrorAlert error={give.error ?? withdraw.error} />
        <Box component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {CONSENT_PURPOSES.map((purpose: ConsentPurpose) => {
            const standing = c.consents.find((consent) => consent.purpose === purpose && !consent.withdrawnAt);
            const purposeLabel = codes.label('consentPurpose', purpose);
            return (
              <Box component="li" key={purpose} py="xs" data-purpose={purpose} style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
                <Group justify="space-between" wrap="wrap" gap="xs">
                  <Text size="sm" fw={600}>
                    {purposeLabel}
                  </Text>
                  <Badge color={standing ? 'green' : 'gray'} variant="light" tt="none" styles={{ root: { minWidth: 'max-content' } }}>
                    {standing ? t('consents.given') : t('consents.notGiven')}
                  </Badge>
                </Group>
                {standing ? (
                  <Text size="xs" c="dimmed">
                    {t('consents.givenDetail', {
                      channel: codes.label('consentChannel', standing.channel),
                      time: formatDateTime(standing.givenAt),
                      name: standing.recordedBy.displayName,
                    })}
                  </Text>
                ) : null}
                {contributor ? (
                  standing ? (
                    <Group mt={4}>
                      <Button
                        size="compact-sm"
                        variant="subtle"
                        color="red"
                        loading={withdraw.isPending && withdraw.variables === standing.id}
                        onClick={() => withdraw.mutate(standing.id, { onSuccess: () => notifySuccess(t('consents.withdrawn', { purpose: purposeLabel })) })}
                        aria-label={t('consents.withdrawNamed', { purpose: purposeLabel })}
                      >
                        {t('consents.withdraw')}
                      </Button>
                    </Group>
                  ) : (
                    <Group gap="xs" align="flex-end" mt={4} wrap="wrap">
                      <NativeSelect
                        size="xs"
                        w={220}
                        label={t('consents.channel')}
                        aria-label={t('consents.channelFor', { purpose: purposeLabel })}
                        value={channels[purpose] ?? 'verbal_on_call'}
                        data={CONSENT_CHANNELS.map((value) => ({ value, label: codes.label('consentChannel', value) }))}
                        onChange={(event) => setChannels((current) => ({ ...current, [purpose]: event.currentTarget.value as ConsentChannel }))}
                      />
                      <Button
                        size="xs"
                        variant="light"
                        loading={give.isPending && give.variables?.purpose === purpose}
                        onClick={() =>
                          give.mutate(
                            { purpose, channel: channels[purpose] ?? 'verbal_on_call' },
                            { onSuccess: () => notifySuccess(t('consents.recorded', { purpose: purposeLabel })) },
                          )
                        }
                        aria-label={t('consents.recordNamed', { purpose: purposeLabel })}
                      >
                        {t('consents.record')}
                      </Button>
                    </Group>
                  )
                ) : null}
              </Box>
            );
          })}
        </Box>
        {history.length ? (
          <Stack gap={2}>
            <Title order={3} size="h6">
              {t('consents.history')}
            </Title>
            {history.map((consent) => (
              <Text key={consent.id} size="xs" c="dimmed">
                {t('consents.historyLine', {
                  purpose: codes.label('consentPurpose', consent.purpose),
                  given: formatDateTime(consent.givenAt),
                  withdrawn: formatDateTime(consent.withdrawnAt),
                })}
              </Text>
            ))}
          </Stack>
        ) : null}
      </Stack>
    </Paper>
  );
}
