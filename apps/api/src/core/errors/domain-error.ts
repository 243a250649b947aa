import type { ErrorCode } from '@mayak/domain';

export interface FieldError {
  field: string;
  code: string;
  message: string;
}

/** Services throw these; the problem-details filter turns them into HTTP answers. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: { errors?: FieldError[]; retryAfterSeconds?: number; [key: string]: unknown } = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string) => new DomainError('not_found', `${what} was not found`);
export const forbidden = (why = 'You do not have permission to do this') => new DomainError('forbidden', why);
export const staleVersion = (what: string) => new DomainError('conflict', `${what} was changed by someone else; reload it and try again`);

export function fieldInvalid(field: string, code: string, message: string): DomainError {
  return new DomainError(code === 'weak_password' ? 'weak_password' : 'validation_failed', message, {
    errors: [{ field, code, message }],
  });
}

const STATUS: Record<ErrorCode, number> = {
  validation_failed: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  session_expired: 401,
  mfa_invalid_code: 401,
  forbidden: 403,
  csrf_failed: 403,
  account_disabled: 403,
  mfa_required: 403,
  mfa_enrolment_required: 403,
  reauthentication_failed: 403,
  not_found: 404,
  conflict: 409,
  email_taken: 409,
  office_name_taken: 409,
  last_admin: 409,
  mfa_already_enrolled: 409,
  illegal_transition: 409,
  contact_completed: 409,
  case_closed: 409,
  case_on_legal_hold: 409,
  file_rejected: 422,
  transfer_pending: 409,
  already_merged: 409,
  merge_not_reversible: 409,
  supervisor_approval_required: 403,
  consent_required: 422,
  organisation_unavailable: 422,
  call_taken: 409,
  conversation_taken: 409,
  do_not_call_back: 422,
  outside_safe_window: 422,
  contact_back_consent_required: 422,
  k_below_floor: 422,
  reply_window_closed: 422,
  provider_unavailable: 502,
  payload_too_large: 413,
  unsupported_media_type: 415,
  weak_password: 400,
  link_invalid: 410,
  already_joined: 409,
  not_joined: 409,
  too_many_attempts: 429,
  internal_error: 500,
  service_unavailable: 503,
};

export function statusOf(code: ErrorCode): number {
  return STATUS[code];
}
