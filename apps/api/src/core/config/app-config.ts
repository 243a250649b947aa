import { DEFAULT_MFA_REQUIRED_ROLES, ROLE_PERMISSIONS, isRole, withIdentifierViewers, type PermissionTable, type Role } from '@mayak/domain';

/** Typed configuration, read once from the environment at boot (see .env.example). */
export interface AppConfig {
  nodeEnv: 'development' | 'test' | 'production';
  port: number;
  publicUrl: string;
  databaseUrl: string;
  redisUrl: string;
  redisKeyPrefix: string;
  logLevel: string;
  cookieSecure: boolean;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  mfaRequiredRoles: Role[];
  mfaIssuer: string;
  encryptionKeys: { id: string; key: Buffer }[];
  activeEncryptionKeyId: string;
  login: { maxFailuresPerAccount: number; maxFailuresPerAddress: number; windowMinutes: number };
  auditSealIntervalSeconds: number;
  webDistPath: string | null;
  trustProxy: boolean;
  /** Role permissions with `identifiers.view` given to IDENTIFIER_VIEW_ROLES. */
  permissionTable: PermissionTable;
  /** HMAC key for blind indexes (phone numbers, name tokens): lookups without plaintext. */
  identifierHashKey: Buffer;
  caseReferencePrefix: string;
  deadlines: { watchIntervalSeconds: number; caseStaleDays: number; referralEscalationHours: number };
}

export class ConfigError extends Error {}

const DEV_IDENTIFIER_HASH_KEY = 'bWF5YWstZGV2LWJsaW5kLWluZGV4LWtleS1wdWJsaWM='; // public, development only
const DEV_ENCRYPTION_KEY = 'dev:bWF5YWstZGV2ZWxvcG1lbnQta2V5LXB1YmxpYyEhISE='; // public, development only: production refuses to start without ENCRYPTION_KEYS

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new ConfigError(`${name} must be an integer >= ${min}, got "${raw}"`);
  return value;
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function parseKeys(raw: string): { id: string; key: Buffer }[] {
  return raw.split(',').map((entry) => {
    const [id, b64] = entry.trim().split(':');
    const key = Buffer.from(b64 ?? '', 'base64');
    if (!id || key.length !== 32) throw new ConfigError('ENCRYPTION_KEYS entries must be "id:<32 bytes in base64>"');
    return { id, key };
  });
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const nodeEnv = (env.NODE_ENV ?? 'development') as AppConfig['nodeEnv'];
  if (!['development', 'test', 'production'].includes(nodeEnv)) throw new ConfigError(`NODE_ENV must be development, test or production`);
  const production = nodeEnv === 'production';
  const port = int(env, 'PORT', 3000, 1);

  const keysRaw = env.ENCRYPTION_KEYS ?? (production ? '' : DEV_ENCRYPTION_KEY);
  if (!keysRaw) throw new ConfigError('ENCRYPTION_KEYS is required in production (e.g. "k1:" + 32 random bytes in base64)');
  const encryptionKeys = parseKeys(keysRaw);
  const activeEncryptionKeyId = env.ENCRYPTION_ACTIVE_KEY_ID || encryptionKeys[0].id;
  if (!encryptionKeys.some((k) => k.id === activeEncryptionKeyId)) throw new ConfigError(`ENCRYPTION_ACTIVE_KEY_ID "${activeEncryptionKeyId}" is not in ENCRYPTION_KEYS`);

  const rolesRaw = env.MFA_REQUIRED_ROLES;
  const mfaRequiredRoles = rolesRaw === undefined ? [...DEFAULT_MFA_REQUIRED_ROLES] : rolesRaw.split(',').map((r) => r.trim()).filter(Boolean);
  for (const role of mfaRequiredRoles) if (!isRole(role)) throw new ConfigError(`MFA_REQUIRED_ROLES has unknown role "${role}"`);

  const viewersRaw = env.IDENTIFIER_VIEW_ROLES;
  const identifierViewers = viewersRaw === undefined ? (Object.keys(ROLE_PERMISSIONS) as Role[]).filter((r) => ROLE_PERMISSIONS[r].includes('identifiers.view')) : viewersRaw.split(',').map((r) => r.trim()).filter(Boolean);
  for (const role of identifierViewers) if (!isRole(role)) throw new ConfigError(`IDENTIFIER_VIEW_ROLES has unknown role "${role}"`);

  const hashKeyRaw = env.IDENTIFIER_HASH_KEY || (production ? '' : DEV_IDENTIFIER_HASH_KEY);
  if (!hashKeyRaw) throw new ConfigError('IDENTIFIER_HASH_KEY is required in production (32 random bytes in base64)');
  const identifierHashKey = Buffer.from(hashKeyRaw, 'base64');
  if (identifierHashKey.length !== 32) throw new ConfigError('IDENTIFIER_HASH_KEY must be 32 bytes in base64');

  const caseReferencePrefix = env.CASE_REFERENCE_PREFIX || '11616';
  if (!/^[A-Z0-9]{1,12}$/.test(caseReferencePrefix)) throw new ConfigError('CASE_REFERENCE_PREFIX must be 1 to 12 capital letters or digits');

  const publicUrl = (env.PUBLIC_URL || `http://localhost:${port}`).replace(/\/$/, '');
  try {
    new URL(publicUrl);
  } catch {
    throw new ConfigError(`PUBLIC_URL must be an absolute URL, got "${publicUrl}"`);
  }

  return {
    nodeEnv,
    port,
    publicUrl,
    databaseUrl: env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/mayak',
    redisUrl: env.REDIS_URL || 'redis://127.0.0.1:6379/0',
    redisKeyPrefix: env.REDIS_KEY_PREFIX || 'mayak',
    logLevel: env.LOG_LEVEL || (nodeEnv === 'test' ? 'warn' : 'info'),
    cookieSecure: bool(env, 'COOKIE_SECURE', publicUrl.startsWith('https://')),
    sessionIdleMinutes: int(env, 'SESSION_IDLE_MINUTES', 30, 1),
    sessionMaxHours: int(env, 'SESSION_MAX_HOURS', 12, 1),
    mfaRequiredRoles: mfaRequiredRoles as Role[],
    mfaIssuer: env.MFA_ISSUER || 'Mayak',
    encryptionKeys,
    activeEncryptionKeyId,
    login: {
      maxFailuresPerAccount: int(env, 'LOGIN_MAX_FAILURES_PER_ACCOUNT', 5, 1),
      maxFailuresPerAddress: int(env, 'LOGIN_MAX_FAILURES_PER_ADDRESS', 20, 1),
      windowMinutes: int(env, 'LOGIN_FAILURE_WINDOW_MINUTES', 15, 1),
    },
    auditSealIntervalSeconds: int(env, 'AUDIT_SEAL_INTERVAL_SECONDS', 5, 1),
    webDistPath: env.WEB_DIST_PATH === '' ? null : env.WEB_DIST_PATH ?? null,
    trustProxy: bool(env, 'TRUST_PROXY', false),
    permissionTable: withIdentifierViewers(identifierViewers as Role[]),
    identifierHashKey,
    caseReferencePrefix,
    deadlines: {
      watchIntervalSeconds: int(env, 'DEADLINE_WATCH_INTERVAL_SECONDS', 60, 5),
      caseStaleDays: int(env, 'CASE_STALE_DAYS', 14, 1),
      referralEscalationHours: int(env, 'REFERRAL_ESCALATION_HOURS', 24, 1),
    },
  };
}
