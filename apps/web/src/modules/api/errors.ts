import type { Problem, ProblemFieldError } from '@mayak/api-client';
import type { TFunction } from 'i18next';

/** An API call that did not succeed: HTTP status plus the problem body when there is one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
  ) {
    super(problem?.detail ?? `HTTP ${status}`);
    this.name = 'ApiError';
  }

  get code(): string {
    if (this.problem?.code) return this.problem.code;
    if (this.status === 0) return 'network';
    return this.status >= 500 ? 'internal_error' : 'unknown';
  }
}

function isProblem(body: unknown): body is Problem {
  return typeof body === 'object' && body !== null && typeof (body as Problem).code === 'string';
}

interface FetchResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** Awaits an openapi-fetch call and returns its data, or throws an ApiError. */
export async function unwrap<R extends FetchResult>(call: Promise<R>): Promise<Exclude<R['data'], undefined>> {
  let result: R;
  try {
    result = await call;
  } catch {
    throw new ApiError(0, null);
  }
  if (!result.response.ok) {
    throw new ApiError(result.response.status, isProblem(result.error) ? result.error : null);
  }
  return result.data as Exclude<R['data'], undefined>;
}

/** Codes the console has words for; anything else falls back to a generic message. */
const KNOWN_CODES = new Set([
  'validation_failed',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'csrf_failed',
  'invalid_credentials',
  'account_disabled',
  'too_many_attempts',
  'mfa_required',
  'mfa_enrolment_required',
  'mfa_invalid_code',
  'mfa_already_enrolled',
  'reauthentication_failed',
  'session_expired',
  'email_taken',
  'office_name_taken',
  'weak_password',
  'last_admin',
  'payload_too_large',
  'unsupported_media_type',
  'service_unavailable',
  'internal_error',
  'network',
  'illegal_transition',
  'supervisor_approval_required',
  'contact_completed',
  'case_closed',
  'case_on_legal_hold',
  'file_rejected',
  'transfer_pending',
  'already_merged',
  'merge_not_reversible',
  'consent_required',
  'organisation_unavailable',
  'call_taken',
  'do_not_call_back',
  'outside_safe_window',
  'provider_unavailable',
]);

export function problemMessage(t: TFunction, error: unknown): string {
  const code = error instanceof ApiError ? error.code : 'unknown';
  return KNOWN_CODES.has(code) ? t(`errors.${code}`) : t('errors.unknown');
}

export function problemCode(error: unknown): string | null {
  return error instanceof ApiError ? error.code : null;
}

function fieldMessage(t: TFunction, fieldError: ProblemFieldError): string {
  return t(`fieldErrors.${fieldError.code}`, { defaultValue: t('fieldErrors.invalid') });
}

/**
 * Field errors of a problem, translated and keyed by field name (the DTO property), for
 * showing beside the fields. Several problems with one field are joined.
 */
export function fieldErrorsOf(t: TFunction, error: unknown): Record<string, string> {
  if (!(error instanceof ApiError) || !error.problem?.errors) return {};
  const byField: Record<string, string[]> = {};
  for (const fieldError of error.problem.errors) {
    const field = fieldError.field.split('.')[0] ?? fieldError.field;
    (byField[field] ??= []).push(fieldMessage(t, fieldError));
  }
  return Object.fromEntries(Object.entries(byField).map(([field, messages]) => [field, [...new Set(messages)].join(' ')]));
}
