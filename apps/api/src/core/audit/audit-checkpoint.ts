import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ChainKey } from './audit-chain';

/**
 * The chain's head at one moment, kept outside the database (one JSON line per checkpoint) and
 * MAC'ed with the chain key, so that someone who can write the file but does not hold the key
 * cannot make one up. Verification later demands that the chain still has `hash` at `position`.
 */
export interface AuditCheckpoint {
  v: 1;
  /** The database whose chain this is (its file is named after it). */
  database: string;
  position: string;
  /** The audit row sealed at `position`. */
  auditId: string;
  hash: string;
  /** How many seals the chain had. */
  sealed: number;
  /** The AUDIT_CHAIN_KEY id that MACs this line. */
  keyId: string;
  /** When, by the application's clock (ISO 8601, UTC). */
  at: string;
  mac: string;
}

export type CheckpointHead = Omit<AuditCheckpoint, 'v' | 'keyId' | 'mac'>;

export type CheckpointReading = { valid: true; checkpoint: AuditCheckpoint } | { valid: false; detail: string; claimed: Partial<AuditCheckpoint> | null };

function macOf(key: Buffer, c: Omit<AuditCheckpoint, 'mac'>): string {
  // Its own label keeps a checkpoint MAC from ever being mistaken for a seal made with the same key.
  const message = JSON.stringify(['mayak-audit-checkpoint', c.v, c.database, c.position, c.auditId, c.hash, c.sealed, c.keyId, c.at]);
  return createHmac('sha256', key).update(message).digest('hex');
}

export function makeCheckpoint(key: ChainKey, head: CheckpointHead): AuditCheckpoint {
  const body = {
    v: 1 as const,
    database: head.database,
    position: head.position,
    auditId: head.auditId,
    hash: head.hash,
    sealed: head.sealed,
    keyId: key.id,
    at: head.at,
  };
  return { ...body, mac: macOf(key.key, body) };
}

/** The line written to the file and printed by audit:verify (fields in a fixed order). */
export function checkpointLine(c: AuditCheckpoint): string {
  return JSON.stringify({
    v: c.v,
    database: c.database,
    position: c.position,
    auditId: c.auditId,
    hash: c.hash,
    sealed: c.sealed,
    keyId: c.keyId,
    at: c.at,
    mac: c.mac,
  });
}

const HEX64 = /^[0-9a-f]{64}$/;
const DIGITS = /^[1-9][0-9]{0,18}$/;

function isWellFormed(c: Partial<AuditCheckpoint>): c is AuditCheckpoint {
  return (
    c.v === 1 &&
    typeof c.database === 'string' &&
    typeof c.position === 'string' &&
    DIGITS.test(c.position) &&
    typeof c.auditId === 'string' &&
    DIGITS.test(c.auditId) &&
    typeof c.hash === 'string' &&
    HEX64.test(c.hash) &&
    Number.isSafeInteger(c.sealed) &&
    typeof c.keyId === 'string' &&
    typeof c.at === 'string' &&
    typeof c.mac === 'string' &&
    HEX64.test(c.mac)
  );
}

/** Parses a checkpoint line and checks its MAC with the key it names. */
export function readCheckpoint(line: string, keys: ReadonlyMap<string, Buffer>): CheckpointReading {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return { valid: false, detail: 'it is not a JSON checkpoint line', claimed: null };
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return { valid: false, detail: 'it is not a JSON checkpoint line', claimed: null };
  const c = parsed as Partial<AuditCheckpoint>;
  if (!isWellFormed(c)) return { valid: false, detail: 'it lacks fields of a checkpoint or has malformed ones', claimed: c };
  const key = keys.get(c.keyId);
  if (!key) return { valid: false, detail: `it names key id "${c.keyId}", which AUDIT_CHAIN_KEY does not list`, claimed: c };
  const checkpoint: AuditCheckpoint = {
    v: 1,
    database: c.database,
    position: c.position,
    auditId: c.auditId,
    hash: c.hash,
    sealed: c.sealed,
    keyId: c.keyId,
    at: c.at,
    mac: c.mac,
  };
  if (!timingSafeEqual(Buffer.from(macOf(key, checkpoint), 'hex'), Buffer.from(checkpoint.mac, 'hex')))
    return { valid: false, detail: `its MAC does not verify under key "${checkpoint.keyId}"`, claimed: c };
  return { valid: true, checkpoint };
}
