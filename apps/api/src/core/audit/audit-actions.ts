/** The audited actions are named in libs/domain, where the console reads them too (to name them in people's words). */
export { AuditAction, AUDIT_ACTION_NAMES, type AuditActionName } from '@mayak/domain';
