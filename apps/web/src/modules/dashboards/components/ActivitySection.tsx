import { useTranslation } from 'react-i18next';
import { useCan } from '@web/modules/auth/hooks/use-can';
import { SimpleGrid, Stack, Title } from '@web/modules/ui';
import { drill, type DrillScope } from '../drill';
import { formatSeconds, useNumberFormat } from '../format';
import { useKeyLabels, type KeyLabel } from '../labels';
import type { ActivityDto } from '../types';
import { BreakdownChart } from './BreakdownChart';
import { Figures } from './Figures';

interface ActivitySectionProps {
  data: ActivityDto;
  /** The period shown (both days inclusive) and the office, for links to the contacts list. */
  scope: DrillScope;
  officeNames: ReadonlyMap<string, string>;
  /** Show the split by office (more than one office in view). */
  byOffice: boolean;
}

/** Contacts of the period by channel, category, caller, language, hour (and office); calls and their times. */
export function ActivitySection({ data, scope, officeNames, byOffice }: ActivitySectionProps) {
  const { t } = useTranslation();
  const can = useCan();
  const format = useNumberFormat();
  const labels = useKeyLabels(officeNames);
  const contactsLink = can('contacts.read');
  const callOutcome: KeyLabel = (key) => t(`dashboard.activity.outcome.${key}`, { defaultValue: key });

  return (
    <Stack gap="md" component="section" aria-labelledby="activity-title" data-testid="activity-section" data-contacts={data.contacts}>
      <Title order={2} size="h4" id="activity-title">
        {t('dashboard.views.activity')}
      </Title>
      <Figures
        cols={5}
        items={[
          { testId: 'activity-contacts', label: t('dashboard.activity.contacts'), value: data.contacts, display: format.integer(data.contacts) },
          {
            testId: 'activity-answer-median',
            label: t('dashboard.activity.answerTime'),
            value: data.answerSeconds.median,
            display: formatSeconds(data.answerSeconds.median),
            hint: data.answerSeconds.count
              ? t('dashboard.activity.p90', { time: formatSeconds(data.answerSeconds.p90), n: data.answerSeconds.count })
              : t('dashboard.activity.noneAnswered'),
          },
          {
            testId: 'activity-handling-median',
            label: t('dashboard.activity.handlingTime'),
            value: data.handlingSeconds.median,
            display: formatSeconds(data.handlingSeconds.median),
            hint: data.handlingSeconds.count
              ? t('dashboard.activity.p90', { time: formatSeconds(data.handlingSeconds.p90), n: data.handlingSeconds.count })
              : t('dashboard.activity.noneCompleted'),
          },
          {
            testId: 'activity-talk-median',
            label: t('dashboard.activity.talkTime'),
            value: data.talkSeconds.median,
            display: formatSeconds(data.talkSeconds.median),
            hint: data.talkSeconds.count
              ? t('dashboard.activity.p90', { time: formatSeconds(data.talkSeconds.p90), n: data.talkSeconds.count })
              : t('dashboard.activity.noneAnswered'),
          },
          {
            testId: 'activity-wrap-up-median',
            label: t('dashboard.activity.wrapUpTime'),
            value: data.wrapUpSeconds.median,
            display: formatSeconds(data.wrapUpSeconds.median),
            hint: data.wrapUpSeconds.count
              ? t('dashboard.activity.p90', { time: formatSeconds(data.wrapUpSeconds.p90), n: data.wrapUpSeconds.count })
              : t('dashboard.activity.noneCompleted'),
          },
          {
            testId: 'activity-repeat-callers',
            label: t('dashboard.activity.repeatCallers'),
            value: data.repeatCallers,
            display: format.integer(data.repeatCallers),
            hint: t('dashboard.activity.repeatCallersHint'),
          },
          {
            testId: 'activity-calls-answered',
            label: t('dashboard.activity.callsAnswered'),
            value: data.calls.answered,
            display: format.integer(data.calls.answered),
            hint: t('dashboard.activity.callsHint', { missed: data.calls.missed, abandoned: data.calls.abandoned }),
          },
        ]}
      />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <BreakdownChart
          name="by-channel"
          title={t('dashboard.activity.byChannel')}
          rows={data.byChannel}
          labelOf={labels.code('contactChannel')}
          hrefOf={contactsLink ? (key) => (key ? drill.contacts({ channel: key }, scope) : null) : undefined}
        />
        <BreakdownChart
          name="by-category"
          title={t('dashboard.activity.byCategory')}
          rows={data.byCategory}
          labelOf={labels.code('contactCategory')}
          hrefOf={contactsLink ? (key) => (key ? drill.contacts({ category: key }, scope) : null) : undefined}
        />
        <BreakdownChart
          name="by-caller-type"
          title={t('dashboard.activity.byCallerType')}
          rows={data.byCallerType}
          labelOf={labels.code('callerType')}
          hrefOf={contactsLink ? (key) => (key ? drill.contacts({ callerType: key }, scope) : null) : undefined}
        />
        <BreakdownChart
          name="by-language"
          title={t('dashboard.activity.byLanguage')}
          rows={data.byLanguage}
          labelOf={labels.language}
          hrefOf={contactsLink ? (key) => (key ? drill.contacts({ language: key }, scope) : null) : undefined}
        />
        <BreakdownChart
          name="calls"
          title={t('dashboard.activity.callOutcomes')}
          rows={(['answered', 'missed', 'abandoned'] as const).map((key) => ({ key, count: data.calls[key] }))}
          labelOf={callOutcome}
          kind="donut"
          colorOf={(key) => (key === 'answered' ? 'teal.6' : key === 'missed' ? 'orange.6' : 'red.6')}
        />
        {byOffice ? (
          <BreakdownChart
            name="by-office"
            title={t('dashboard.activity.byOffice')}
            rows={data.byOffice}
            labelOf={labels.office}
            hrefOf={contactsLink ? (key) => (key ? drill.contacts({}, { ...scope, officeId: key }) : null) : undefined}
          />
        ) : null}
      </SimpleGrid>
      <BreakdownChart
        name="by-hour"
        title={t('dashboard.activity.byHour')}
        note={t('dashboard.activity.byHourHint')}
        rows={data.byHour}
        labelOf={labels.hour}
        hrefOf={contactsLink ? (key) => drill.contacts({ hour: key }, scope) : undefined}
        kind="columns"
        table="screenReaders"
      />
    </Stack>
  );
}
