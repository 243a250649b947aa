/**
 * Stable codes carried in every problem+json body (`code`), so the console can show a
 * translated message and clients can branch without parsing English text.
 */
export const ERROR_CODES = [
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
  'session_expired',
  'email_taken',
  'office_name_taken',
  'weak_password',
  'last_admin',
  'illegal_transition',
  'supervisor_approval_required',
  'contact_completed',
  'case_closed',
  'already_merged',
  'merge_not_reversible',
  'consent_required',
  'organisation_unavailable',
  'payload_too_large',
  'unsupported_media_type',
  'service_unavailable',
  'internal_error',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];
