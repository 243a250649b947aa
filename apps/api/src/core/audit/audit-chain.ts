import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** An audit row exactly as the sealer and the verifier read it from Postgres. */
export interface AuditRowForChain {
  id: string;
  occurredAt: string; // UTC, microsecond precision, formatted by the database
  actorUserId: string | null;
  actorEmail: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  officeId: string | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  summary: string; // jsonb rendered as text: Postgres normalises key order
}

/** SQL selecting the columns of AuditRowForChain from audit_log aliased `a`. */
export const CHAIN_COLUMNS = `a.id::text AS "id",
  to_char(a.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "occurredAt",
  a.actor_user_id::text AS "actorUserId", a.actor_email AS "actorEmail", a.action AS "action",
  a.entity_type AS "entityType", a.entity_id AS "entityId", a.office_id::text AS "officeId",
  a.ip AS "ip", a.user_agent AS "userAgent", a.request_id AS "requestId", a.summary::text AS "summary"`;

export function chainHash(prevHash: string, row: AuditRowForChain): string {
  const canonical = JSON.stringify([
    row.id, row.occurredAt, row.actorUserId, row.actorEmail, row.action, row.entityType,
    row.entityId, row.officeId, row.ip, row.userAgent, row.requestId, row.summary,
  ]);
  return createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
}
