// The instants at which dates go wrong, for runs of the suites with the clock pinned
// (MAYAK_TEST_CLOCK). Both demo offices count days in Almaty's time (UTC+5): their
// midnight is 19:00 UTC, so "today" there and in UTC differ every evening.
export const CLOCK_EDGES = [
  { name: 'just before local midnight', at: '2027-03-15T23:58:00+05:00' },
  { name: 'just after local midnight (still yesterday in UTC)', at: '2027-03-16T00:00:30+05:00' },
  { name: 'the last day of a month, before local midnight', at: '2027-04-30T23:58:00+05:00' },
  { name: 'the last day of the year, before local midnight', at: '2026-12-31T23:58:00+05:00' },
  { name: 'new year locally, still the old year in UTC', at: '2027-01-01T00:00:30+05:00' },
];

/** Suites whose answers depend on the day, the month or the year: `npm test` runs them again at every edge. */
export const DATE_SENSITIVE_SUITES = [
  'test/api/dashboards.e2e-spec.ts',
  'test/api/callbacks.e2e-spec.ts',
  'test/api/referrals.e2e-spec.ts',
  'test/api/cases.e2e-spec.ts',
  'test/api/exports.e2e-spec.ts',
  'test/api/retention.e2e-spec.ts',
  'test/api/intake.e2e-spec.ts',
  // Daily digests are due at an hour of the office's day.
  'test/api/mail.e2e-spec.ts',
  'test/browser/dashboards.e2e-spec.ts',
  'test/browser/callbacks-messages.e2e-spec.ts',
];
