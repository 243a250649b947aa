import { CASE_STATUSES } from '@mayak/domain';

/** Every status but closed: what the dashboards count as open cases. */
export const OPEN_CASE_STATUSES = CASE_STATUSES.filter((status) => status !== 'closed');

/**
 * Links from a dashboard figure to the list that shows its records (the lists read these
 * query parameters as their first filters). The list applies each record's own access rules,
 * so its count can differ from the dashboard's (e.g. cases shared elsewhere, another office).
 */
export const drill = {
  /** The offices' contacts in the period (inclusive days) with one channel or category. */
  contacts(filter: { channel?: string; category?: string }, period: { from: string; to: string }): string {
    const query = new URLSearchParams({ scope: 'office', ...filter, from: period.from, to: period.to });
    return `/contacts?${query.toString()}`;
  },
  /** Cases with a status; or open cases with a priority or type. */
  cases(filter: { status?: string; priority?: string; type?: string }): string {
    const query = new URLSearchParams();
    query.set('status', filter.status ?? OPEN_CASE_STATUSES.join(','));
    if (filter.priority) query.set('priority', filter.priority);
    if (filter.type) query.set('type', filter.type);
    return `/cases?${query.toString()}`;
  },
};
