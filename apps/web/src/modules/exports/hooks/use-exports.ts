import { useMutation, useQuery } from '@tanstack/react-query';
import type { paths } from '@mayak/api-client';
import type { Locale } from '@mayak/domain';
import { api } from '@web/modules/api/client';
import { unwrap } from '@web/modules/api/errors';
import { today } from '@web/modules/clock/console-clock';

export type ExportStandard = 'ctdc' | 'htcds';
export const EXPORT_STANDARDS: readonly ExportStandard[] = ['ctdc', 'htcds'];

export type ExportRules = paths['/api/v1/exports/rules']['get']['responses'][200]['content']['application/json'];

/** What k this installation allows (never below 11) and the consent an export needs. */
export function useExportRules() {
  return useQuery({ queryKey: ['exports', 'rules'], queryFn: () => unwrap(api.GET('/api/v1/exports/rules')), staleTime: Infinity });
}

export interface ExportParams {
  standard: ExportStandard;
  /** yyyy-mm-dd: cases registered on or after this day. */
  from: string;
  /** yyyy-mm-dd, exclusive: cases registered before this day. */
  to: string;
  /** One of the user's offices; undefined = all of them. */
  officeId?: string;
  k: number;
}

/** What the k-anonymity check did, from the `X-Export-*` headers. */
export interface ExportReport {
  rowsIn: number;
  rowsOut: number;
  suppressed: number;
  generalised: number;
  k: number;
  /** Cases of the period left out because the client gave no consent to statistics. */
  withoutConsent: number;
}

/** A prepared export: the CSV as the server sent it, its file name and what the check changed. */
export interface PreparedExport {
  standard: ExportStandard;
  blob: Blob;
  filename: string;
  report: ExportReport;
}

function headerNumber(headers: Headers, name: string): number {
  const value = Number(headers.get(name));
  return Number.isFinite(value) ? value : 0;
}

/** The file name from `Content-Disposition` (`filename*=UTF-8''…` or `filename="…"`). */
export function filenameOf(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const encoded = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
  if (encoded?.[1]) {
    try {
      return decodeURIComponent(encoded[1].trim());
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*"([^"]+)"|filename\s*=\s*([^;]+)/i.exec(disposition);
  const name = (plain?.[1] ?? plain?.[2])?.trim();
  return name || fallback;
}

async function prepareExport({ standard, ...query }: ExportParams): Promise<PreparedExport> {
  const path = standard === 'ctdc' ? '/api/v1/exports/cases/ctdc' : '/api/v1/exports/cases/htcds';
  // The body is CSV, not JSON: read it as a blob (errors are still parsed as problems).
  const call = api.GET(path, { params: { query }, parseAs: 'blob' });
  const blob = await unwrap(call);
  const { headers } = (await call).response;
  return {
    standard,
    blob: blob ?? new Blob([], { type: 'text/csv;charset=utf-8' }),
    filename: filenameOf(headers.get('Content-Disposition'), `mayak-${standard}-${query.from}-${query.to}.csv`),
    report: {
      rowsIn: headerNumber(headers, 'X-Export-Rows-In'),
      rowsOut: headerNumber(headers, 'X-Export-Rows-Out'),
      suppressed: headerNumber(headers, 'X-Export-Rows-Suppressed'),
      generalised: headerNumber(headers, 'X-Export-Rows-Generalised'),
      k: headerNumber(headers, 'X-Export-K') || query.k,
      withoutConsent: headerNumber(headers, 'X-Export-Rows-Without-Consent'),
    },
  };
}

/**
 * Prepares an anonymised case export. A mutation rather than a query: every run is recorded
 * in the audit log, so it happens only when asked, never on a refetch.
 */
export function usePrepareExport() {
  return useMutation({ mutationFn: prepareExport });
}

/** Saves a blob as a file: a temporary object URL behind a temporary `<a download>`. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.appendChild(link);
  try {
    link.click();
  } finally {
    link.remove();
    // Some browsers start reading the URL only after click() returns: revoke a moment later.
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
}

/** A file read from the API as a blob, its name (server's `Content-Disposition`, else a fallback) and its response headers. */
export interface DownloadedFile {
  blob: Blob;
  filename: string;
  headers: Headers;
}

/** Reads a file answer (`parseAs: 'blob'`): errors are still parsed as problems. */
export async function readFile<R extends { data?: unknown; error?: unknown; response: Response }>(
  call: Promise<R>,
  fallbackName: string,
): Promise<DownloadedFile> {
  const data = await unwrap(call);
  const { headers } = (await call).response;
  const blob = data instanceof Blob ? data : new Blob([]);
  return { blob, filename: filenameOf(headers.get('Content-Disposition'), fallbackName), headers };
}

export type ListExportFormat = 'csv' | 'xlsx';

type ContactsExportQuery = NonNullable<paths['/api/v1/exports/contacts']['get']['parameters']['query']>;
type CasesExportQuery = NonNullable<paths['/api/v1/exports/cases']['get']['parameters']['query']>;

export type ListExportParams =
  | { list: 'contacts'; format: ListExportFormat; filters: Omit<ContactsExportQuery, 'format' | 'limit' | 'cursor'> }
  | { list: 'cases'; format: ListExportFormat; filters: Omit<CasesExportQuery, 'format' | 'limit' | 'cursor'> };

/** What a list export sent: X-Export-Rows and X-Export-Truncated (the API sends 50,000 rows at most). */
export interface ListExportResult {
  rows: number;
  truncated: boolean;
}

/** Downloads the contacts or cases list with its current filters (never numbers, names or notes) and saves it. */
async function exportList(params: ListExportParams): Promise<ListExportResult> {
  const fallback = `mayak-${params.list}-${today()}.${params.format}`;
  const file =
    params.list === 'contacts'
      ? await readFile(api.GET('/api/v1/exports/contacts', { params: { query: { ...params.filters, format: params.format } }, parseAs: 'blob' }), fallback)
      : await readFile(api.GET('/api/v1/exports/cases', { params: { query: { ...params.filters, format: params.format } }, parseAs: 'blob' }), fallback);
  saveBlob(file.blob, file.filename);
  return {
    rows: headerNumber(file.headers, 'X-Export-Rows'),
    truncated: (file.headers.get('X-Export-Truncated') ?? '').toLowerCase() === 'true',
  };
}

/** A list export: audited on the server, so a mutation (only when asked). */
export function useListExport() {
  return useMutation({ mutationFn: exportList });
}

export interface MonthlyReportParams {
  /** yyyy-mm */
  month: string;
  locale: Locale;
  officeId?: string;
}

async function downloadMonthlyReport({ month, locale, officeId }: MonthlyReportParams): Promise<void> {
  const file = await readFile(
    api.GET('/api/v1/reports/monthly', { params: { query: { month, locale, ...(officeId ? { officeId } : {}) } }, parseAs: 'blob' }),
    `mayak-report-${month}.pdf`,
  );
  saveBlob(file.blob, file.filename);
}

/** The monthly statistics report (PDF) of one month, in one language, for one office or all of mine. */
export function useMonthlyReport() {
  return useMutation({ mutationFn: downloadMonthlyReport });
}
