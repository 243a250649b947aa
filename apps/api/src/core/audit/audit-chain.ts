import { createHash, createHmac } from 'node:crypto';
import type { AuditChainConfig } from '../config/app-config';

export const GENESIS_HASH = '0'.repeat(64);

/** A key of AUDIT_CHAIN_KEY: its id is stored on each seal and checkpoint it made. */
export interface ChainKey {
  id: string;
  key: Buffer;
}

/** The key that seals now (the configuration has checked that AUDIT_CHAIN_KEY lists it). */
export function activeChainKey(config: AuditChainConfig): ChainKey {
  const key = config.keys.find((k) => k.id === config.activeKeyId);
  if (!key) throw new Error(`AUDIT_CHAIN_ACTIVE_KEY_ID "${config.activeKeyId}" is not in AUDIT_CHAIN_KEY`);
  return key;
}

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

function canonical(row: AuditRowForChain): string {
  return JSON.stringify([
    row.id,
    row.occurredAt,
    row.actorUserId,
    row.actorEmail,
    row.action,
    row.entityType,
    row.entityId,
    row.officeId,
    row.ip,
    row.userAgent,
    row.requestId,
    row.summary,
  ]);
}

/**
 * How seals were made before AUDIT_CHAIN_KEY (key id NULL): plain SHA-256, which anyone who can
 * write to the database can recompute. Accepted only as the chain's first stretch.
 */
export function legacyChainHash(prevHash: string, row: AuditRowForChain): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonical(row)).digest('hex');
}

/** HMAC-SHA-256 under a chain key: without the key nobody can seal an altered row again. */
export function keyedChainHash(key: Buffer, prevHash: string, row: AuditRowForChain): string {
  return createHmac('sha256', key).update(prevHash).update('\n').update(canonical(row)).digest('hex');
}
