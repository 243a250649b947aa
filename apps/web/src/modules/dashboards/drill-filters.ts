import { COUNTRY_CODES, isCode, LANGUAGE_CODES, type CodeListName } from '@mayak/domain';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormatDateTime } from '../i18n/format';
import { useCodes } from '../i18n/codes';
import type { DrillFilter } from './components/DrillFilters';
import { useDashboardOffices } from './hooks/use-dashboard-offices';
import { useKeyLabels } from './labels';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isInstant = (value: string) => !Number.isNaN(Date.parse(value)) && /^\d{4}-\d{2}-\d{2}T/.test(value);
const countries = new Set<string>(COUNTRY_CODES);
const languages = new Set<string>(LANGUAGE_CODES);
/** One empty map for every render, so the memoised labels and filters stay the same objects. */
const NO_NAMES: ReadonlyMap<string, string> = new Map();

/** Filters on the office, and the label for it; shared by the lists. */
function useOfficeFilter(): DrillFilter {
  const { t } = useTranslation();
  const offices = useDashboardOffices();
  return useMemo(
    () => ({ name: 'officeId', label: t('drill.office'), valid: (v) => UUID.test(v), valueLabel: (v) => offices.names.get(v) ?? v }),
    [t, offices.names],
  );
}

/** The contacts list's drill-down filters: office, language, caller, hour of the day. */
export function useContactDrillFilters(): DrillFilter[] {
  const { t } = useTranslation();
  const codes = useCodes();
  const office = useOfficeFilter();
  const labels = useKeyLabels(NO_NAMES);
  return useMemo(
    () => [
      office,
      { name: 'language', label: t('drill.language'), valid: (v) => languages.has(v), valueLabel: (v) => codes.language(v) },
      { name: 'callerType', label: t('drill.callerType'), valid: (v) => isCode('callerType', v), valueLabel: (v) => codes.label('callerType', v) },
      { name: 'hour', label: t('drill.hour'), valid: (v) => /^(\d|1\d|2[0-3])$/.test(v), valueLabel: (v) => labels.hour(v) },
    ],
    [t, codes, office, labels],
  );
}

/** The case list's drill-down filters: office, assignee, closures, quiet cases and the trafficking picture's breakdowns. */
export function useCaseDrillFilters(assigneeNames: ReadonlyMap<string, string> = NO_NAMES): DrillFilter[] {
  const { t } = useTranslation();
  const codes = useCodes();
  const office = useOfficeFilter();
  const formatDateTime = useFormatDateTime();
  return useMemo(() => {
    const code = (name: string, list: CodeListName): DrillFilter => ({
      name,
      label: t(`drill.${name}`),
      valid: (v) => isCode(list, v),
      valueLabel: (v) => codes.label(list, v),
    });
    const instant = (name: string): DrillFilter => ({ name, label: t(`drill.${name}`), valid: isInstant, valueLabel: (v) => formatDateTime(v) });
    const country = (name: string): DrillFilter => ({ name, label: t(`drill.${name}`), valid: (v) => countries.has(v), valueLabel: (v) => codes.country(v) });
    return [
      office,
      { name: 'assigneeId', label: t('drill.assignee'), valid: (v) => UUID.test(v), valueLabel: (v) => assigneeNames.get(v) ?? t('drill.chosenColleague') },
      code('closureReason', 'closureReason'),
      instant('closedFrom'),
      instant('closedTo'),
      {
        name: 'inactiveDays',
        label: t('drill.inactiveDays'),
        valid: (v) => /^\d{1,4}$/.test(v) && Number(v) >= 1,
        valueLabel: (v) => t('drill.days', { count: Number(v) }),
      },
      { name: 'trafficking', label: t('drill.trafficking'), valid: (v) => v === 'true', valueLabel: () => t('common.yes') },
      code('traffickingStatus', 'traffickingStatus'),
      code('exploitationType', 'exploitationType'),
      code('controlMethod', 'controlMethod'),
      country('countryOfExploitation'),
      country('citizenship'),
      code('gender', 'gender'),
      { name: 'ageGroup', label: t('drill.ageGroup'), valid: (v) => isCode('ageGroup', v) && v !== 'unknown', valueLabel: (v) => codes.label('ageGroup', v) },
    ];
  }, [t, codes, office, formatDateTime, assigneeNames]);
}

/** The referrals board's drill-down filters: organisation, office, sent in the period. */
export function useReferralDrillFilters(organisationNames: ReadonlyMap<string, string>): DrillFilter[] {
  const { t } = useTranslation();
  const office = useOfficeFilter();
  const formatDateTime = useFormatDateTime();
  return useMemo(
    () => [
      {
        name: 'organisationId',
        label: t('drill.organisation'),
        valid: (v: string) => UUID.test(v),
        valueLabel: (v: string) => organisationNames.get(v) ?? t('drill.chosenOrganisation'),
      },
      office,
      { name: 'sentFrom', label: t('drill.sentFrom'), valid: isInstant, valueLabel: (v: string) => formatDateTime(v) },
      { name: 'sentTo', label: t('drill.sentTo'), valid: isInstant, valueLabel: (v: string) => formatDateTime(v) },
    ],
    [t, office, formatDateTime, organisationNames],
  );
}
