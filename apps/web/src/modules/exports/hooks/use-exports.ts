import { useMutation } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';

export type ExportStandard = 'ctdc' | 'htcds';
export const EXPORT_STANDARDS: readonly ExportStandard[] = ['ctdc', 'htcds'];

/** The API's bounds for `k` (the smallest group size an export may show). */
export const EXPORT_K_MIN = 2;
export const EXPORT_K_MAX = 100;

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
