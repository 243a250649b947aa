import { codeLabel, type CodeListName } from '@mayak/domain';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useCodes } from '../i18n/codes';

/** A breakdown's key in words. */
export type KeyLabel = (key: string) => string;

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The words for the keys of the dashboards' breakdowns, in the console language: code-list
 * labels (an unknown or retired code is shown as it is), case and referral statuses, country
 * and language names, office names, hours. The empty key is "Not recorded".
 */
export function useKeyLabels(officeNames: ReadonlyMap<string, string>) {
  const { t } = useTranslation();
  const codes = useCodes();
  return useMemo(() => {
    const notRecorded = t('dashboard.notRecorded');
    const orNotRecorded =
      (label: KeyLabel): KeyLabel =>
      (key) =>
        key === '' ? notRecorded : label(key);
    const code = (list: CodeListName): KeyLabel => orNotRecorded((key) => codeLabel(list, key, codes.locale));
    return {
      code,
      caseStatus: orNotRecorded((key) => t(`cases.status.${key}`, { defaultValue: key })),
      casePriority: orNotRecorded((key) => t(`cases.priority.${key}`, { defaultValue: key })),
      referralStatus: orNotRecorded((key) => t(`referrals.status.${key}`, { defaultValue: key })),
      language: orNotRecorded((key) => codes.language(key)),
      country: orNotRecorded((key) => codes.country(key)),
      office: orNotRecorded((key) => officeNames.get(key) ?? key),
      /** "09:00–10:00" for the key "9". */
      hour: (key: string) => {
        const hour = Number(key);
        return Number.isInteger(hour) ? `${pad(hour)}:00–${pad(hour + 1)}:00` : key;
      },
    };
  }, [t, codes, officeNames]);
}
