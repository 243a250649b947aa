import { CASE_STATUSES } from '@mayak/domain';
import { dayAfterIso, dayStartIso } from '../i18n/format';

/** Every status but closed: what the dashboards count as open cases. */
export const OPEN_CASE_STATUSES = CASE_STATUSES.filter((status) => status !== 'closed');

/** What the dashboard shows: its period (both days inclusive) and, when one is chosen, the office. */
export interface DrillScope {
  from: string;
  to: string;
  officeId?: string;
}

const query = (entries: Record<string, string | undefined>) =>
  new URLSearchParams(Object.entries(entries).filter((entry): entry is [string, string] => !!entry[1])).toString();

/**
 * Links from a dashboard figure to the list that shows its records (the lists read these
 * query parameters as their first filters). The list applies each record's own access rules,
 * so its count can differ from the dashboard's (e.g. cases shared elsewhere, another office).
 */
export const drill = {
  /** The offices' contacts in the period with one channel, category, language, caller type or hour. */
  contacts(filter: { channel?: string; category?: string; language?: string; callerType?: string; hour?: string }, scope: DrillScope): string {
    return `/contacts?${query({ scope: 'office', ...filter, officeId: scope.officeId, from: scope.from, to: scope.to })}`;
  },
  /** Open cases now (the case load is as of now, not of the period), with a status, priority, type, assignee or gone quiet. */
  cases(
    filter: { status?: string; priority?: string; type?: string; assigneeId?: string; inactiveDays?: number },
    scope: Pick<DrillScope, 'officeId'>,
  ): string {
    const { inactiveDays, ...rest } = filter;
    return `/cases?${query({ status: filter.status ?? OPEN_CASE_STATUSES.join(','), ...rest, inactiveDays: inactiveDays?.toString(), officeId: scope.officeId })}`;
  },
  /** Cases closed in the period, for one reason. */
  closures(reason: string, scope: DrillScope): string {
    return `/cases?${query({ status: 'closed', closureReason: reason, closedFrom: dayStartIso(scope.from), closedTo: dayAfterIso(scope.to), officeId: scope.officeId })}`;
  },
  /** Trafficking cases opened in the period, with one of the picture's facts. */
  trafficking(filter: Record<string, string | undefined>, scope: DrillScope): string {
    return `/cases?${query({ trafficking: 'true', ...filter, from: scope.from, to: scope.to, officeId: scope.officeId })}`;
  },
  /** Referrals sent in the period, in one state or to one organisation. */
  referrals(filter: { status?: string; organisationId?: string }, scope: DrillScope): string {
    return `/referrals?${query({ ...filter, sentFrom: dayStartIso(scope.from), sentTo: dayAfterIso(scope.to), officeId: scope.officeId })}`;
  },
};
