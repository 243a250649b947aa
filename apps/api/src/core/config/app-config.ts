import { DEFAULT_MFA_REQUIRED_ROLES, parsePinnedInstant, ROLE_PERMISSIONS, isRole, withIdentifierViewers, type PermissionTable, type Role } from '@mayak/domain';

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
  telephony: TelephonyConfig;
  callbacks: { reconcileIntervalSeconds: number; retryMinutes: number; missedCallDelayMinutes: number; defaultMaxAttempts: number };
  /** Smallest group size an anonymised export may contain (CTDC used 11). */
  exportK: number;
  /** ISO alpha-2 country where the line identifies people: the country of exploitation when a case's route has none. */
  lineCountry: string;
  /** How often the worker anonymises what is past its retention period. */
  retentionRunIntervalHours: number;
  /**
   * MAYAK_CLOCK_START: the instant the clock shows at MAYAK_CLOCK_STARTED_AT (a wall instant;
   * default: when the process starts), and from which it runs on. Null reads the system
   * clock. Never in production.
   */
  clockStart: { at: Date; startedAt: Date | null } | null;
  metrics: MetricsConfig;
}

/**
 * Prometheus metrics are never public: a port of their own bound to `host` (loopback unless
 * set), and/or /api/metrics with a bearer token. Null turns each off.
 */
export interface MetricsConfig {
  token: string | null;
  host: string;
  apiPort: number | null;
  workerPort: number | null;
}

export type PromptKind = 'menu' | 'hold' | 'missed' | 'connecting' | 'transfer_hold';
export type PromptLanguage = 'ru' | 'kk' | 'en';

export interface TelephonyConfig {
  /** Twilio when TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are set; otherwise the local adapter. */
  provider: 'twilio' | 'local';
  accountSid: string | null;
  /** Twilio's auth token, or the local adapter's development token: both sign webhooks the same way. */
  authToken: string;
  /** Where the Twilio REST API is (tests point it at a fake on loopback). */
  apiBaseUrl: string | null;
  /** The hotline's number: what callers dial, and what clients see when we call back. */
  hotlineNumber: string;
  /** Which office answers which of the line's numbers (E.164 -> office code); others go to defaultOfficeCode. */
  lines: Record<string, string>;
  defaultOfficeCode: string | null;
  /** After this long in the queue the caller is told we will call back, and a callback is owed. */
  maxQueueSeconds: number;
  prompts: Record<PromptKind, Record<PromptLanguage, string>>;
}

const DEV_TELEPHONY_TOKEN = 'mayak-local-telephony-token'; // public, development only: the simulator signs with it

const DEFAULT_PROMPTS: Record<PromptKind, Record<PromptLanguage, string>> = {
  menu: {
    ru: 'Горячая линия 11616. Для русского языка нажмите 1.',
    kk: '11616 сенім телефоны. Қазақ тілі үшін 2-ні басыңыз.',
    en: 'Hotline 11616. For English, press 3.',
  },
  hold: {
    ru: 'Пожалуйста, оставайтесь на линии. Оператор скоро ответит. Разговор конфиденциален.',
    kk: 'Желіде қала тұрыңыз. Оператор жақында жауап береді. Әңгіме құпия сақталады.',
    en: 'Please stay on the line. An operator will answer soon. This call is confidential.',
  },
  missed: {
    ru: 'Все операторы заняты. Мы перезвоним вам, когда это будет безопасно. Вы также можете написать SMS на этот номер.',
    kk: 'Барлық операторлар бос емес. Қауіпсіз уақытта сізге кері қоңырау шаламыз. Осы нөмірге SMS жазуға да болады.',
    en: 'All operators are busy. We will call you back when it is safe. You can also send a text message to this number.',
  },
  connecting: {
    ru: 'Соединяем с абонентом горячей линии.',
    kk: 'Сенім телефонының абонентімен қосамыз.',
    en: 'Connecting you to the hotline caller.',
  },
  transfer_hold: {
    ru: 'Пожалуйста, подождите, мы соединяем вас с коллегой.',
    kk: 'Күте тұрыңыз, сізді әріптесімізбен қосамыз.',
    en: 'Please hold while we connect you to a colleague.',
  },
};

function readTelephony(env: NodeJS.ProcessEnv, production: boolean): TelephonyConfig {
  const accountSid = env.TWILIO_ACCOUNT_SID || null;
  const twilioToken = env.TWILIO_AUTH_TOKEN || null;
  if (!!accountSid !== !!twilioToken) throw new ConfigError('Set both TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN, or neither (the local adapter)');
  if (accountSid && !/^AC[0-9a-fA-F]{32}$/.test(accountSid)) throw new ConfigError('TWILIO_ACCOUNT_SID must look like AC followed by 32 hex digits');
  const provider = accountSid ? 'twilio' : 'local';
  const authToken = twilioToken ?? (env.TELEPHONY_DEV_TOKEN || DEV_TELEPHONY_TOKEN);
  const hotlineNumber = env.TELEPHONY_HOTLINE_NUMBER || (production && provider === 'twilio' ? '' : '+77000011616');
  if (!/^\+[1-9]\d{6,14}$/.test(hotlineNumber)) throw new ConfigError('TELEPHONY_HOTLINE_NUMBER must be an E.164 number (+7...)');
  const lines: Record<string, string> = {};
  for (const entry of (env.TELEPHONY_LINES ?? '').split(',').map((e) => e.trim()).filter(Boolean)) {
    const [number, code] = entry.split('=').map((part) => part?.trim());
    if (!number || !/^\+[1-9]\d{6,14}$/.test(number) || !code || !/^[A-Z0-9]{2,10}$/.test(code)) throw new ConfigError(`TELEPHONY_LINES entries must be "+E164=OFFICECODE", got "${entry}"`);
    lines[number] = code;
  }
  const apiBaseUrl = env.TWILIO_API_BASE_URL || null;
  if (apiBaseUrl) {
    try {
      new URL(apiBaseUrl);
    } catch {
      throw new ConfigError('TWILIO_API_BASE_URL must be an absolute URL');
    }
  }
  const prompts = {} as TelephonyConfig['prompts'];
  for (const kind of Object.keys(DEFAULT_PROMPTS) as PromptKind[]) {
    prompts[kind] = { ...DEFAULT_PROMPTS[kind] };
    for (const language of ['ru', 'kk', 'en'] as const) {
      const custom = env[`TELEPHONY_PROMPT_${kind.toUpperCase()}_${language.toUpperCase()}`];
      if (custom) prompts[kind][language] = custom;
    }
  }
  return {
    provider, accountSid, authToken, apiBaseUrl, hotlineNumber, lines,
    defaultOfficeCode: env.TELEPHONY_DEFAULT_OFFICE || null,
    maxQueueSeconds: int(env, 'TELEPHONY_MAX_QUEUE_SECONDS', 300, 10),
    prompts,
  };
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

function countryCode(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^[A-Z]{2}$/.test(raw)) throw new ConfigError(`${name} must be an ISO 3166-1 alpha-2 code such as KZ, got "${raw}"`);
  return raw;
}

function parseKeys(raw: string): { id: string; key: Buffer }[] {
  return raw.split(',').map((entry) => {
    const [id, b64] = entry.trim().split(':');
    const key = Buffer.from(b64 ?? '', 'base64');
    if (!id || key.length !== 32) throw new ConfigError('ENCRYPTION_KEYS entries must be "id:<32 bytes in base64>"');
    return { id, key };
  });
}

const METRICS_TOKEN_MIN_LENGTH = 32;

function readMetrics(env: NodeJS.ProcessEnv, nodeEnv: AppConfig['nodeEnv']): MetricsConfig {
  const token = env.METRICS_TOKEN || null;
  if (token && token.length < METRICS_TOKEN_MIN_LENGTH) throw new ConfigError(`METRICS_TOKEN must be at least ${METRICS_TOKEN_MIN_LENGTH} characters (e.g. openssl rand -hex 32)`);
  const port = (name: string, fallback: number | null) => {
    const value = int(env, name, fallback ?? 0, 0);
    if (value > 65535) throw new ConfigError(`${name} must be a port number, got "${env[name]}"`);
    return value === 0 ? null : value;
  };
  // Test runs start many workers on one machine: their metrics port is opt-in there.
  return { token, host: env.METRICS_HOST || '127.0.0.1', apiPort: port('METRICS_PORT', null), workerPort: port('WORKER_METRICS_PORT', nodeEnv === 'test' ? null : 9465) };
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

  let clockStart: AppConfig['clockStart'] = null;
  if (env.MAYAK_CLOCK_START) {
    if (production) throw new ConfigError('MAYAK_CLOCK_START pins the clock for tests and demos; production reads the system clock (unset it)');
    const at = parsePinnedInstant(env.MAYAK_CLOCK_START);
    if (!at) throw new ConfigError(`MAYAK_CLOCK_START must be an ISO 8601 instant with an offset (2026-12-31T23:58:00+05:00), got "${env.MAYAK_CLOCK_START}"`);
    const startedAt = env.MAYAK_CLOCK_STARTED_AT ? parsePinnedInstant(env.MAYAK_CLOCK_STARTED_AT) : null;
    if (env.MAYAK_CLOCK_STARTED_AT && !startedAt) throw new ConfigError(`MAYAK_CLOCK_STARTED_AT must be an ISO 8601 instant with an offset, got "${env.MAYAK_CLOCK_STARTED_AT}"`);
    clockStart = { at, startedAt };
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
    telephony: readTelephony(env, production),
    callbacks: {
      reconcileIntervalSeconds: int(env, 'CALLBACK_RECONCILE_INTERVAL_SECONDS', 30, 1),
      retryMinutes: int(env, 'CALLBACK_RETRY_MINUTES', 30, 1),
      missedCallDelayMinutes: int(env, 'MISSED_CALL_CALLBACK_DELAY_MINUTES', 2, 0),
      defaultMaxAttempts: int(env, 'CALLBACK_MAX_ATTEMPTS', 3, 1),
    },
    exportK: int(env, 'EXPORT_K_ANONYMITY', 11, 2),
    lineCountry: countryCode(env, 'LINE_COUNTRY', 'KZ'),
    retentionRunIntervalHours: int(env, 'RETENTION_RUN_INTERVAL_HOURS', 24, 1),
    clockStart,
    metrics: readMetrics(env, nodeEnv),
  };
}
