export * from './k-anonymity';
export * from './ctdc';
export * from './htcds';
// The source helpers that filter codes stay inside this folder; the shape and the two
// derivations the API may want to show beside an export are public.
export { HTCDS_SEX_EXPLOITATION_TYPES, ageAtRegistration, exploitationCountries } from './source';
export type { CaseExportSource, ExportRouteStop, SexExploitationType } from './source';
