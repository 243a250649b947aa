/** Audited actions. Later modules add theirs; names are `<context>.<verb>`. */
export const AuditAction = {
  LoginSucceeded: 'auth.login_succeeded',
  LoginFailed: 'auth.login_failed',
  LoginThrottled: 'auth.login_throttled',
  Logout: 'auth.logout',
  MfaVerified: 'auth.mfa_verified',
  MfaFailed: 'auth.mfa_failed',
  MfaEnrolled: 'auth.mfa_enrolled',
  MfaRecoveryCodeUsed: 'auth.mfa_recovery_code_used',
  MfaReset: 'auth.mfa_reset',
  ProfileUpdated: 'auth.profile_updated',
  UserCreated: 'users.created',
  UserUpdated: 'users.updated',
  UserDeactivated: 'users.deactivated',
  UserActivated: 'users.activated',
  OfficeCreated: 'offices.created',
  OfficeUpdated: 'offices.updated',
  AdminCreatedByCli: 'users.admin_created_by_cli',
} as const;
export type AuditActionName = (typeof AuditAction)[keyof typeof AuditAction];
