import type { ReferralDto } from '@mayak/api-client';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '@web/modules/auth/hooks/use-can';
import type { CaseDto } from '@web/modules/cases/types';
import { useCodes } from '@web/modules/i18n/codes';
import { useFormatDateTime, useLocale } from '@web/modules/i18n/format';
import { Anchor, Box, Button, ErrorAlert, Group, LoadingState, notifySuccess, Paper, Stack, StatusBadge, Text, Title } from '@web/modules/ui';
import { referralLetterUrl, useCaseReferrals, useChangeReferralStatus, type ReferralStatus } from '../hooks/use-referrals';
import { ReferDialog } from './ReferDialog';
import { ReferralMoveDialog, referralStatusColor } from './ReferralMoveDialog';

/** Puts the keyboard on the "record consent to referral" control of the consents section. */
export function focusReferralConsent(): void {
  const control =
    document.querySelector<HTMLElement>('[data-testid="consents"] [data-purpose="referral"] button') ?? document.getElementById('case-consents-title');
  control?.scrollIntoView({ block: 'center' });
  control?.focus();
}

/** The case's referrals: status, organisation, service, due date (overdue marked), moves, letter; and "Refer". */
export function CaseReferrals({ c }: { c: CaseDto }) {
  const { t } = useTranslation();
  const can = useCan();
  const codes = useCodes();
  const locale = useLocale();
  const formatDateTime = useFormatDateTime();
  const referrals = useCaseReferrals(c.id);
  const change = useChangeReferralStatus(c.id);
  const [refering, setRefering] = useState(false);
  const [moving, setMoving] = useState<{ referral: ReferralDto; target: ReferralStatus } | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const canRefer = can('referrals.manage') && c.canManage && c.status !== 'closed';
  const canMove = can('referrals.manage') && c.canManage;

  const moved = (status: ReferralStatus) => {
    setMoving(null);
    notifySuccess(t('referrals.moved', { status: t(`referrals.status.${status}`) }));
    window.setTimeout(() => headingRef.current?.focus(), 0);
  };
  const move = (referral: ReferralDto, target: ReferralStatus) => {
    change.reset();
    if (target === 'sent') change.mutate({ id: referral.id, body: { version: referral.version, status: 'sent' } }, { onSuccess: () => moved('sent') });
    else setMoving({ referral, target });
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="case-referrals-title" data-testid="case-referrals">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Title order={2} size="h4" id="case-referrals-title" ref={headingRef} tabIndex={-1}>
            {t('referrals.caseTitle')}
          </Title>
          {canRefer ? (
            <Button size="xs" onClick={() => setRefering(true)} data-testid="refer-button">
              {t('referrals.refer.button')}
            </Button>
          ) : null}
        </Group>
        {!moving ? <ErrorAlert error={change.error} /> : null}
        {referrals.isPending ? (
          <LoadingState />
        ) : referrals.isError ? (
          <ErrorAlert error={referrals.error} />
        ) : referrals.data.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('referrals.none')}
          </Text>
        ) : (
          <Box component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {referrals.data.map((referral) => (
              <Box
                component="li"
                key={referral.id}
                py="xs"
                data-referral-id={referral.id}
                data-status={referral.status}
                style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}
              >
                <Group justify="space-between" wrap="wrap" gap="xs">
                  <Text size="sm" fw={600}>
                    {referral.organisationName} — {codes.label('serviceType', referral.serviceType)}
                  </Text>
                  <Group gap={4}>
                    <StatusBadge color={referralStatusColor(referral.status)}>{t(`referrals.status.${referral.status}`)}</StatusBadge>
                    {referral.overdue ? <StatusBadge color="red">{t('referrals.overdue')}</StatusBadge> : null}
                  </Group>
                </Group>
                <Text size="xs" c={referral.overdue ? 'red' : 'dimmed'} data-testid="referral-due">
                  {referral.dueAt ? t('referrals.dueAt', { time: formatDateTime(referral.dueAt) }) : t('referrals.notSent')}
                </Text>
                {referral.outcome ? <Text size="xs">{t('referrals.outcomeLine', { outcome: codes.label('referralOutcome', referral.outcome) })}</Text> : null}
                {referral.reason ? <Text size="xs">{t('referrals.reasonLine', { reason: referral.reason })}</Text> : null}
                {referral.partnerNote ? <Text size="xs">{t('referrals.noteLine', { note: referral.partnerNote })}</Text> : null}
                <Group gap="xs" mt={4} wrap="wrap">
                  {canMove
                    ? referral.allowedTransitions.map((target) => (
                        <Button
                          key={target}
                          size="compact-sm"
                          variant={target === 'cancelled' || target === 'declined' ? 'subtle' : 'light'}
                          color={target === 'cancelled' || target === 'declined' ? 'red' : undefined}
                          loading={change.isPending && change.variables?.id === referral.id && change.variables.body.status === target}
                          onClick={() => move(referral, target)}
                          data-transition={target}
                          aria-label={t('referrals.moveNamed', { action: t(`referrals.move.${target}`), name: referral.organisationName })}
                        >
                          {t(`referrals.move.${target}`)}
                        </Button>
                      ))
                    : null}
                  <Anchor
                    size="sm"
                    href={referralLetterUrl(referral.id, locale)}
                    target="_blank"
                    rel="noopener"
                    aria-label={t('referrals.letterNamed', { name: referral.organisationName })}
                  >
                    {t('referrals.letter')}
                  </Anchor>
                </Group>
              </Box>
            ))}
          </Box>
        )}
      </Stack>
      <ReferDialog
        opened={refering}
        caseId={c.id}
        onClose={() => setRefering(false)}
        onCreated={(created, sent) => {
          setRefering(false);
          notifySuccess(sent ? t('referrals.refer.sent', { n: created.length }) : t('referrals.refer.drafted', { n: created.length }));
          window.setTimeout(() => headingRef.current?.focus(), 0);
        }}
        onRecordConsent={focusReferralConsent}
      />
      <ReferralMoveDialog
        target={moving?.target ?? null}
        title={moving ? t('referrals.moveTitle', { action: t(`referrals.move.${moving.target}`), name: moving.referral.organisationName }) : ''}
        pending={change.isPending}
        error={change.error}
        onClose={() => setMoving(null)}
        onSubmit={(details, onError) =>
          moving &&
          change.mutate(
            { id: moving.referral.id, body: { version: moving.referral.version, status: moving.target, ...details } },
            { onSuccess: () => moved(moving.target), onError },
          )
        }
      />
    </Paper>
  );
}
