import { PLAN_KINDS, PLAN_TEXT_FIELDS, type PlanKind } from '@mayak/domain';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '@web/modules/auth/hooks/use-can';
import { useCodes } from '@web/modules/i18n/codes';
import { useFormatDate, useFormatDateTime } from '@web/modules/i18n/format';
import { Badge, Box, Button, ErrorAlert, Group, List, LoadingState, Paper, Stack, Text, Title } from '@web/modules/ui';
import { PLANS_SHOWN, usePlans, type PlanDto } from '../hooks/use-case-plans';
import type { CaseDto } from '../types';
import { PlanCloseDialog } from './PlanCloseDialog';
import { PlanFormDialog } from './PlanFormDialog';
import { PlanReviewDialog } from './PlanReviewDialog';

type Open = { mode: 'new'; kind: PlanKind } | { mode: 'edit' | 'review' | 'close'; plan: PlanDto } | null;

const RISK_COLOURS: Record<string, string> = { low: 'green', medium: 'yellow', high: 'red' };
const STATUS_COLOURS: Record<string, string> = { active: 'blue', reviewed: 'teal', closed: 'gray' };

/** One plan: what it is, where it stands, when it is next reviewed, what it says, and what may be done with it. */
function PlanItem({ plan, onOpen }: { plan: PlanDto; onOpen: (open: Open) => void }) {
  const { t } = useTranslation();
  const codes = useCodes();
  const formatDate = useFormatDate();
  const formatDateTime = useFormatDateTime();
  const kind = codes.label('planKind', plan.kind);
  const texts = (PLAN_TEXT_FIELDS[plan.kind] as readonly (keyof PlanDto)[]).filter((field) => plan[field]);
  return (
    <Box
      component="li"
      py="xs"
      data-testid="plan"
      data-plan-kind={plan.kind}
      data-plan-status={plan.status}
      style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}
    >
      <Stack gap={4}>
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Text size="sm" fw={600} component="h3" m={0}>
            {kind}
          </Text>
          <Group gap={6}>
            {plan.riskLevel ? (
              <Badge color={RISK_COLOURS[plan.riskLevel]} variant="light" tt="none">
                {t('plans.riskBadge', { level: codes.label('planRiskLevel', plan.riskLevel) })}
              </Badge>
            ) : null}
            <Badge color={STATUS_COLOURS[plan.status]} variant="light" tt="none" data-testid="plan-status">
              {codes.label('planStatus', plan.status)}
            </Badge>
          </Group>
        </Group>
        {plan.supportType ? <Text size="sm">{t('plans.supportTypeShown', { type: codes.label('supportPlanType', plan.supportType) })}</Text> : null}
        <Text size="xs" c={plan.reviewTask?.overdue ? 'red' : 'dimmed'} data-testid="plan-review">
          {plan.status === 'closed'
            ? t('plans.closedOn', { date: formatDate(plan.actualEndDate) })
            : plan.reviewDate
              ? t(plan.reviewTask?.overdue ? 'plans.reviewOverdue' : 'plans.reviewOn', {
                  date: formatDate(plan.reviewDate),
                  name: plan.reviewTask?.assignee?.displayName ?? t('cases.unassigned'),
                })
              : t('plans.noReview')}
        </Text>
        <Text size="xs" c="dimmed">
          {t('plans.since', { date: formatDate(plan.startDate) })}
          {plan.plannedEndDate ? ` · ${t('plans.plannedEndShown', { date: formatDate(plan.plannedEndDate) })}` : ''}
          {plan.lastReviewedAt ? ` · ${t('plans.lastReviewed', { date: formatDateTime(plan.lastReviewedAt), n: plan.reviewCount })}` : ''}
        </Text>
        {plan.factors.length ? (
          <List size="xs" spacing={0} aria-label={t('plans.factors')}>
            {plan.factors.map((f) => (
              <List.Item key={`${f.level}-${f.factor}-${f.polarity}`}>
                {`${codes.label('assessmentLevel', f.level)}: ${codes.label('vulnerabilityFactor', f.factor)} (${codes.label('factorPolarity', f.polarity)})`}
              </List.Item>
            ))}
          </List>
        ) : null}
        {texts.map((field) => (
          <Text key={field} size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            <Text span fw={600} size="sm">{`${t(`plans.text.${field}`)}: `}</Text>
            {String(plan[field])}
          </Text>
        ))}
        {plan.canEdit ? (
          <Group gap="xs" mt={4}>
            <Button
              size="compact-sm"
              variant="light"
              onClick={() => onOpen({ mode: 'edit', plan })}
              aria-label={t('plans.editNamed', { kind })}
              data-testid="plan-edit"
            >
              {t('common.edit')}
            </Button>
            <Button
              size="compact-sm"
              variant="light"
              onClick={() => onOpen({ mode: 'review', plan })}
              aria-label={t('plans.recordReviewNamed', { kind })}
              data-testid="plan-record-review"
            >
              {t('plans.recordReview')}
            </Button>
            <Button
              size="compact-sm"
              variant="subtle"
              color="red"
              onClick={() => onOpen({ mode: 'close', plan })}
              aria-label={t('plans.closeNamed', { kind })}
              data-testid="plan-close"
            >
              {t('plans.closePlan')}
            </Button>
          </Group>
        ) : null}
      </Stack>
    </Box>
  );
}

/**
 * The case's plans: the assessment of risk and vulnerability, safety plans and support plans, with
 * their review dates (each a task of the case). Written by whoever may change the case.
 */
export function CasePlans({ c }: { c: CaseDto }) {
  const { t } = useTranslation();
  const can = useCan();
  const codes = useCodes();
  const plans = usePlans(c.id);
  const [open, setOpen] = useState<Open>(null);
  const [last, setLast] = useState<Open>(null);
  const canWrite = can('cases.manage') && c.canManage && c.status !== 'closed';
  const show = (next: Open) => {
    setOpen(next);
    if (next) setLast(next);
  };
  // The dialog stays mounted while it closes, with what it showed.
  const shown = open ?? last;

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="case-plans-title" data-testid="case-plans">
      <Stack gap="sm">
        <Title order={2} size="h4" id="case-plans-title">
          {t('plans.title')}
        </Title>
        {plans.isPending ? (
          <LoadingState />
        ) : plans.isError ? (
          <ErrorAlert error={plans.error} />
        ) : (
          <>
            <Box component="ul" aria-label={t('plans.listLabel')} data-testid="plans" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
              {plans.data.items.length === 0 ? (
                <Text component="li" size="sm" c="dimmed">
                  {t('plans.none')}
                </Text>
              ) : null}
              {plans.data.items.map((plan) => (
                <PlanItem key={plan.id} plan={plan} onOpen={show} />
              ))}
            </Box>
            {plans.data.total > PLANS_SHOWN ? (
              <Text size="xs" c="dimmed">
                {t('plans.more', { shown: plans.data.items.length, total: plans.data.total })}
              </Text>
            ) : null}
          </>
        )}
        {canWrite ? (
          <Group gap="xs" wrap="wrap">
            {PLAN_KINDS.map((kind) => (
              <Button key={kind} size="xs" variant="light" onClick={() => show({ mode: 'new', kind })} data-testid={`plan-new-${kind}`}>
                {t('plans.new', { kind: codes.label('planKind', kind) })}
              </Button>
            ))}
          </Group>
        ) : null}
      </Stack>
      {shown && (shown.mode === 'new' || shown.mode === 'edit') ? (
        <PlanFormDialog
          caseId={c.id}
          kind={shown.mode === 'new' ? shown.kind : shown.plan.kind}
          plan={shown.mode === 'edit' ? shown.plan : null}
          opened={open !== null && (open.mode === 'new' || open.mode === 'edit')}
          onClose={() => setOpen(null)}
        />
      ) : null}
      {shown?.mode === 'review' ? <PlanReviewDialog caseId={c.id} plan={shown.plan} opened={open?.mode === 'review'} onClose={() => setOpen(null)} /> : null}
      {shown?.mode === 'close' ? <PlanCloseDialog caseId={c.id} plan={shown.plan} opened={open?.mode === 'close'} onClose={() => setOpen(null)} /> : null}
    </Paper>
  );
}
