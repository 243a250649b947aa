import { codeLabel } from '@mayak/domain';
import { useTranslation } from 'react-i18next';
import { useCan } from '@web/modules/auth/hooks/use-can';
import { useCodes } from '@web/modules/i18n/codes';
import { drill, type DrillScope } from '../drill';
import { SimpleGrid, Stack, Text, Title } from '@web/modules/ui';
import { useNumberFormat } from '../format';
import { useKeyLabels, type KeyLabel } from '../labels';
import type { TraffickingPictureDto } from '../types';
import { BreakdownChart } from './BreakdownChart';
import { Figures } from './Figures';

const NO_OFFICES: ReadonlyMap<string, string> = new Map();

/** Trafficking cases opened in the period: identified and possible victims, forms of exploitation and control, who and where. */
export function TraffickingSection({ data, scope }: { data: TraffickingPictureDto; scope: DrillScope }) {
  const { t } = useTranslation();
  const can = useCan();
  const { locale } = useCodes();
  const format = useNumberFormat();
  const labels = useKeyLabels(NO_OFFICES);
  const undecided = Math.max(0, data.cases - data.identified - data.possible);
  const statusLabel: KeyLabel = (key) =>
    key === 'identified'
      ? codeLabel('traffickingStatus', 'ActualVictimOfTrafficking', locale)
      : key === 'possible'
        ? codeLabel('traffickingStatus', 'PossibleVictimOfTrafficking', locale)
        : t('dashboard.trafficking.otherStatus');
  const several = t('dashboard.trafficking.severalPerCase');
  const casesLink = can('cases.read');
  const link = (name: string) => (casesLink ? (key: string) => (key ? drill.trafficking({ [name]: key }, scope) : null) : undefined);

  return (
    <Stack gap="md" component="section" aria-labelledby="trafficking-title" data-testid="trafficking-section" data-cases={data.cases}>
      <Title order={2} size="h4" id="trafficking-title">
        {t('dashboard.views.trafficking')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('dashboard.trafficking.intro')}
      </Text>
      <Figures
        cols={3}
        items={[
          {
            testId: 'trafficking-cases',
            label: t('dashboard.trafficking.cases'),
            value: data.cases,
            display: format.integer(data.cases),
            href: casesLink && data.cases ? drill.trafficking({}, scope) : null,
          },
          {
            testId: 'trafficking-identified',
            label: t('dashboard.trafficking.identified'),
            value: data.identified,
            display: format.integer(data.identified),
            hint: t('dashboard.trafficking.ofCases', { share: format.share(data.identified, data.cases) }),
          },
          {
            testId: 'trafficking-possible',
            label: t('dashboard.trafficking.possible'),
            value: data.possible,
            display: format.integer(data.possible),
            hint: t('dashboard.trafficking.ofCases', { share: format.share(data.possible, data.cases) }),
          },
        ]}
      />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <BreakdownChart
          name="trafficking-status"
          title={t('dashboard.trafficking.status')}
          rows={[
            { key: 'identified', count: data.identified },
            { key: 'possible', count: data.possible },
            { key: 'other', count: undecided },
          ]}
          labelOf={statusLabel}
          hrefOf={
            casesLink
              ? (key) =>
                  key === 'identified'
                    ? drill.trafficking({ traffickingStatus: 'ActualVictimOfTrafficking' }, scope)
                    : key === 'possible'
                      ? drill.trafficking({ traffickingStatus: 'PossibleVictimOfTrafficking' }, scope)
                      : null
              : undefined
          }
          kind="donut"
          colorOf={(key) => (key === 'identified' ? 'red.6' : key === 'possible' ? 'orange.5' : 'gray.5')}
        />
        <BreakdownChart
          name="by-exploitation"
          hrefOf={link('exploitationType')}
          title={t('dashboard.trafficking.byExploitation')}
          note={several}
          rows={data.byExploitation}
          labelOf={labels.code('exploitationType')}
          colorOf={() => 'red.6'}
        />
        <BreakdownChart
          name="by-control"
          hrefOf={link('controlMethod')}
          title={t('dashboard.trafficking.byControl')}
          note={several}
          rows={data.byControl}
          labelOf={labels.code('controlMethod')}
          colorOf={() => 'grape.6'}
        />
        <BreakdownChart
          name="by-citizenship"
          hrefOf={link('citizenship')}
          title={t('dashboard.trafficking.byCitizenship')}
          note={several}
          rows={data.byCitizenship}
          labelOf={labels.country}
          colorOf={() => 'indigo.6'}
        />
        <BreakdownChart
          name="by-country-of-exploitation"
          hrefOf={link('countryOfExploitation')}
          title={t('dashboard.trafficking.byCountry')}
          rows={data.byCountryOfExploitation}
          labelOf={labels.country}
          colorOf={() => 'cyan.7'}
        />
        <BreakdownChart
          name="by-gender"
          hrefOf={link('gender')}
          title={t('dashboard.trafficking.byGender')}
          rows={data.byGender}
          labelOf={labels.code('gender')}
          colorOf={() => 'teal.6'}
        />
        <BreakdownChart
          name="by-age-group"
          hrefOf={link('ageGroup')}
          title={t('dashboard.trafficking.byAgeGroup')}
          rows={data.byAgeGroup}
          labelOf={labels.code('ageGroup')}
          colorOf={() => 'blue.6'}
        />
      </SimpleGrid>
    </Stack>
  );
}
