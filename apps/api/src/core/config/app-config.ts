import { isIP } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  CASE_ATTACHMENT_DEFAULT_MAX_BYTES,
  CASE_ATTACHMENT_MAX_MB_LIMIT,
  DEFAULT_INVITATION_HOURS,
  DEFAULT_MFA_REQUIRED_ROLES,
  DEFAULT_PASSWORD_RESET_MINUTES,
  MAX_INVITATION_HOURS,
  MAX_PASSWORD_RESET_MINUTES,
  isMenuLanguage,
  K_FLOOR,
  K_MAX,
  isRole,
  MENU_LANGUAGES,
  parsePinnedInstant,
  ROLE_PERMISSIONS,
  withIdentifierViewers,
  type MenuLanguage,
  type PermissionTable,
  type Role,
} from '@mayak/domain';

/** Typed configuration, read once from the environment at boot (see .env.example). */
export interface AppConfig {
  nodeEnv: 'development' | 'test' | 'production';
  port: number;
  /** API_PROCESSES: how many API processes share PORT (one per core uses the machine; 1: no cluster). */
  apiProcesses: number;
  publicUrl: string;
  databaseUrl: string;
  redisUrl: string;
  /** REDIS_SENTINELS: ask these Sentinels for the current master instead of connecting to REDIS_URL's host. */
  redisSentinel: RedisSentinelConfig | null;
  redisKeyPrefix: string;
  logLevel: string;
  cookieSecure: boolean;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  mfaRequiredRoles: Role[];
  mfaIssuer: string;
  encryptionKeys: { id: string; key: Buffer }[];
  activeEncryptionKeyId: string;
  login: { maxFailuresPerAccount: number; maxFailuresPerAddress: number; firstDelaySeconds: number; longestDelayMinutes: number };
  auditSealIntervalSeconds: number;
  /** The audit chain's keys and the checkpoints of its head kept outside the database. */
  auditChain: AuditChainConfig;
  webDistPath: string | null;
  /** The proxies whose X-Forwarded-For is believed (addresses, CIDRs or Express's named ranges); false: none. */
  trustProxy: string[] | false;
  /** Role permissions with `identifiers.view` given to IDENTIFIER_VIEW_ROLES. */
  permissionTable: PermissionTable;
  /** HMAC key for blind indexes (phone numbers, name tokens): lookups without plaintext. The active one of identifierHashKeys. */
  identifierHashKey: Buffer;
  /** IDENTIFIER_HASH_KEY: one key, or several ("id:base64,...") while it rotates; lookups match under each. */
  identifierHashKeys: { id: string; key: Buffer }[];
  activeIdentifierHashKeyId: string;
  caseReferencePrefix: string;
  deadlines: { watchIntervalSeconds: number; caseStaleDays: number; referralEscalationHours: number };
  telephony: TelephonyConfig;
  /** Where files that arrive in messages are kept (sealed): a directory, or an S3-compatible bucket. */
  attachments: AttachmentsConfig;
  /** CASE_ATTACHMENT_MAX_MB: the largest file a case worker may keep with a case (the upload's body limit too). */
  caseAttachmentMaxBytes: number;
  /** The web chat: which office answers it, which sites may embed it, where quick exit goes. */
  webchat: WebchatConfig;
  /** The Telegram bot; null when the line has none. */
  telegram: TelegramConfig | null;
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
  /** E-mail to people who are not in the console (partners, case workers, supervisors). */
  mail: MailConfig;
  /** How long an invitation (ACCOUNT_INVITATION_HOURS) and a password-reset link (PASSWORD_RESET_MINUTES) stay usable. */
  accountLinks: { invitationHours: number; passwordResetMinutes: number };
}

/**
 * E-mail through SMTP. MAIL_ENABLED chooses: unset, it is on in development (the loopback server
 * `npm start` runs) and production (which then needs SMTP_URL or SMTP_HOST, and MAIL_FROM), off
 * in tests. Off, no notification is recorded or sent; MAIL_ENABLED=false says so by name.
 */
export interface MailConfig {
  enabled: boolean;
  /** Where nodemailer sends: SMTP_URL as given, or built from SMTP_HOST and the rest. Null when off. */
  smtp: SmtpConfig | null;
  /** MAIL_FROM: the sender every mail shows ("Mayak 11616 <noreply@hotline.example.org>"). */
  from: string;
  /** A mail is tried this many times (with doubling waits from retryBaseSeconds) before it is failed for good. */
  maxAttempts: number;
  retryBaseSeconds: number;
  /** Daily digests go out at this hour (0–23) of each person's office's local time. */
  digestHour: number;
  /** Partners are reminded of an unanswered referral this many hours before its deadline. */
  referralReminderHours: number;
  /** The assignee of an open task (a plan's review among them) is mailed this many hours before it falls due. */
  taskDueSoonHours: number;
  /** Supervisors are mailed about a critical alert nobody has read for this long. */
  criticalAlertUnreadMinutes: number;
  /** How often the worker looks for reminders, unread critical alerts, overdue work and digests due. */
  watchIntervalSeconds: number;
}

export interface SmtpConfig {
  url: string | null;
  host: string;
  port: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  /** Refuse to send without STARTTLS (production, unless the server is on loopback). */
  requireTls: boolean;
  user: string | null;
  password: string | null;
}

/**
 * AUDIT_CHAIN_KEY: HMAC-SHA-256 keys ("id:<32 bytes base64>", several while rotating) that seal
 * the audit chain and its checkpoints. The database never holds them, so whoever can write to
 * it cannot re-seal an altered row. The active key (AUDIT_CHAIN_ACTIVE_KEY_ID, else the first)
 * seals; every listed key still verifies.
 */
export interface AuditChainConfig {
  keys: { id: string; key: Buffer }[];
  activeKeyId: string;
  /** AUDIT_CHECKPOINT_DIR: where the worker appends the chain's head, one JSON line per checkpoint. */
  checkpointDir: string;
  checkpointIntervalSeconds: number;
}

export interface WebchatConfig {
  officeCode: string | null;
  /** Origins whose pages may run the widget (WEBCHAT_ORIGINS), besides PUBLIC_URL's own. */
  origins: string[];
  /** Where quick exit takes the visitor: an ordinary page that says nothing of a hotline. */
  exitUrl: string;
}

export interface AttachmentsConfig {
  store: 'local' | 's3';
  /** ATTACHMENTS_DIR, for the local store: the API and the worker must both see it. */
  dir: string | null;
  s3: {
    bucket: string;
    region: string;
    endpoint: string | null;
    forcePathStyle: boolean;
    credentials: { accessKeyId: string; secretAccessKey: string } | null;
    prefix: string;
  } | null;
}

/**
 * The line's Telegram bot. `bot-api` talks to Telegram (TELEGRAM_BOT_TOKEN); `local`, in
 * development without a token, records what it would send (like the local telephony adapter).
 * Updates arrive on a webhook verified by its secret header, or (TELEGRAM_MODE=polling, for a
 * development bot without a public address) through getUpdates run by the worker.
 */
export interface TelegramConfig {
  provider: 'bot-api' | 'local';
  botToken: string | null;
  /** The bot's numeric id (the token's first part), or `local`: the line's address on Telegram. */
  botId: string;
  webhookSecret: string;
  /** Where the Bot API is (tests point it at a fake on loopback). */
  apiRoot: string;
  mode: 'webhook' | 'polling';
  /** The office the bot's conversations belong to (default TELEPHONY_DEFAULT_OFFICE, then the first office). */
  officeCode: string | null;
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

export interface RedisSentinelConfig {
  sentinels: { host: string; port: number }[];
  /** The master group's name as the Sentinels know it (REDIS_SENTINEL_NAME). */
  masterName: string;
  /** REDIS_SENTINEL_PASSWORD, when the Sentinels themselves ask for one (the master's comes from REDIS_URL). */
  sentinelPassword: string | null;
}

export const PROMPT_KINDS = [
  'menu',
  'closed',
  'voicemail',
  'voicemail_thanks',
  'hold',
  'position',
  'offer_callback',
  'missed',
  'connecting',
  'transfer_hold',
] as const;
export type PromptKind = (typeof PROMPT_KINDS)[number];
/** The languages a caller may choose in the phone menu (see MENU_LANGUAGES). */
export type PromptLanguage = MenuLanguage;

export interface TelephonyConfig {
  /**
   * TELEPHONY_PROVIDER, or Twilio when TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are set and the
   * local adapter otherwise. Production takes the local adapter only when asked by name, with
   * its own TELEPHONY_DEV_TOKEN.
   */
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
  /** After this long in the queue the caller may press 1 to be called back; after twice this long they are told we will call back and leave. */
  maxQueueSeconds: number;
  /** The phone menu: the languages offered, in order (digit 1 for the first). */
  menuLanguages: MenuLanguage[];
  /** A waiting call rings first for operators who speak its language; after this long, for everyone. */
  languageFirstSeconds: number;
  /**
   * The browser softphone on a Twilio line: an API key (TWILIO_API_KEY, TWILIO_API_SECRET)
   * signs the operators' access tokens, and the TwiML App (TWILIO_TWIML_APP_SID) is what
   * their outbound calls run. Null with the local adapter.
   */
  voiceClient: { apiKeySid: string; apiKeySecret: string; twimlAppSid: string } | null;
  prompts: Record<PromptKind, Record<PromptLanguage, string>>;
}

const DEV_TELEPHONY_TOKEN = 'mayak-local-telephony-token'; // public, development only: the simulator signs with it
/** A secret of our own signs the local adapter's webhooks in production: as long as a generated one. */
const MIN_PRODUCTION_TOKEN_LENGTH = 32;
const DEV_TELEGRAM_SECRET = 'mayak-local-telegram-secret'; // public, development only: the simulator sends it

// Uzbek, Tajik and Kyrgyz have no text-to-speech voice at Twilio: their texts are written in
// Cyrillic and read by the Russian voice until the line records them (an https:// URL per prompt).
const DEFAULT_PROMPTS: Record<PromptKind, Record<PromptLanguage, string>> = {
  menu: {
    ru: 'Горячая линия 11616. Для русского языка нажмите {digit}.',
    kk: '11616 сенім телефоны. Қазақ тілі үшін {digit}-ні басыңыз.',
    en: 'Hotline 11616. For English, press {digit}.',
    uz: 'Ўзбек тили учун {digit} ни босинг.',
    tg: 'Барои забони тоҷикӣ {digit}-ро пахш кунед.',
    ky: 'Кыргыз тили үчүн {digit} баскычын басыңыз.',
  },
  closed: {
    ru: 'Горячая линия 11616 сейчас не работает. Мы перезвоним вам, когда это будет безопасно. Вы также можете написать SMS на этот номер.',
    kk: '11616 сенім телефоны қазір жұмыс істемейді. Қауіпсіз уақытта сізге кері қоңырау шаламыз. Осы нөмірге SMS жазуға да болады.',
    en: 'Hotline 11616 is closed now. We will call you back when it is safe. You can also send a text message to this number.',
    uz: 'Ишонч телефони 11616 ҳозир ишламаяпти. Хавфсиз бўлганда сизга қайта қўнғироқ қиламиз. Бу рақамга SMS ёзишингиз ҳам мумкин.',
    tg: 'Хати боварии 11616 ҳоло кор намекунад. Вақте ки бехатар бошад, ба шумо занг мезанем. Шумо инчунин метавонед ба ин рақам SMS нависед.',
    ky: '11616 ишеним телефону азыр иштебейт. Коопсуз болгондо сизге кайра чалабыз. Бул номерге SMS жазсаңыз да болот.',
  },
  voicemail: {
    ru: 'Оставьте сообщение после сигнала: оно будет записано. Назовите, когда и как вам безопасно перезвонить. Закончив, нажмите решётку или положите трубку.',
    kk: 'Сигналдан кейін хабарлама қалдырыңыз: ол жазылады. Сізге қашан және қалай қауіпсіз қоңырау шалуға болатынын айтыңыз. Аяқтаған соң тор белгісін басыңыз немесе тұтқаны қойыңыз.',
    en: 'Leave a message after the tone: it will be recorded. Say when and how it is safe to call you back. When you finish, press the hash key or hang up.',
    uz: 'Сигналдан кейин хабар қолдиринг: у ёзиб олинади. Сизга қачон ва қандай хавфсиз қўнғироқ қилиш мумкинлигини айтинг. Тугатгач, панжара тугмасини босинг ёки гўшакни қўйинг.',
    tg: 'Баъд аз сигнал паём гузоред: он сабт мешавад. Бигӯед, ки кай ва чӣ тавр ба шумо бехатар занг задан мумкин аст. Баъд аз анҷом тугмаи панҷараро пахш кунед ё гӯширо гузоред.',
    ky: 'Сигналдан кийин кабар калтырыңыз: ал жазылып алынат. Сизге качан жана кантип коопсуз чалууга болорун айтыңыз. Бүткөндө тор баскычын басыңыз же трубканы коюңуз.',
  },
  voicemail_thanks: {
    ru: 'Спасибо, ваше сообщение записано. Мы перезвоним вам, когда это будет безопасно.',
    kk: 'Рахмет, хабарламаңыз жазылды. Қауіпсіз уақытта сізге кері қоңырау шаламыз.',
    en: 'Thank you, your message is recorded. We will call you back when it is safe.',
    uz: 'Раҳмат, хабарингиз ёзиб олинди. Хавфсиз бўлганда сизга қайта қўнғироқ қиламиз.',
    tg: 'Ташаккур, паёми шумо сабт шуд. Вақте ки бехатар бошад, ба шумо занг мезанем.',
    ky: 'Рахмат, кабарыңыз жазылды. Коопсуз болгондо сизге кайра чалабыз.',
  },
  hold: {
    ru: 'Пожалуйста, оставайтесь на линии. Оператор скоро ответит. Разговор конфиденциален.',
    kk: 'Желіде қала тұрыңыз. Оператор жақында жауап береді. Әңгіме құпия сақталады.',
    en: 'Please stay on the line. An operator will answer soon. This call is confidential.',
    uz: 'Илтимос, линияда қолинг. Оператор тез орада жавоб беради. Суҳбат махфий.',
    tg: 'Лутфан, дар хат бимонед. Оператор ба зудӣ ҷавоб медиҳад. Суҳбат махфӣ аст.',
    ky: 'Сураныч, линияда калыңыз. Оператор жакында жооп берет. Сүйлөшүү купуя.',
  },
  position: {
    ru: 'Вы {position}-й в очереди.',
    kk: 'Сіз кезекте {position}-шісіз.',
    en: 'You are number {position} in the queue.',
    uz: 'Сиз навбатда {position}-ўриндасиз.',
    tg: 'Шумо дар навбат ҷои {position}-ум ҳастед.',
    ky: 'Сиз кезекте {position}-орундасыз.',
  },
  offer_callback: {
    ru: 'Чтобы мы перезвонили вам, когда освободится оператор, нажмите 1. Чтобы оставить сообщение, нажмите 2. Или оставайтесь на линии.',
    kk: 'Оператор босағанда сізге қайта қоңырау шалуымызды қаласаңыз, 1-ді басыңыз. Хабарлама қалдыру үшін 2-ні басыңыз. Немесе желіде қалыңыз.',
    en: 'To be called back when an operator is free, press 1. To leave a message, press 2. Or stay on the line.',
    uz: 'Оператор бўшаганда сизга қайта қўнғироқ қилишимизни истасангиз, 1 ни босинг. Хабар қолдириш учун 2 ни босинг. Ёки линияда қолинг.',
    tg: 'Агар хоҳед, ки вақти озод шудани оператор ба шумо занг занем, 1-ро пахш кунед. Барои гузоштани паём 2-ро пахш кунед. Ё дар хат бимонед.',
    ky: 'Оператор бошогондо сизге кайра чалышыбызды кааласаңыз, 1ди басыңыз. Кабар калтыруу үчүн 2ни басыңыз. Же линияда калыңыз.',
  },
  missed: {
    ru: 'Все операторы заняты. Мы перезвоним вам, когда это будет безопасно. Вы также можете написать SMS на этот номер.',
    kk: 'Барлық операторлар бос емес. Қауіпсіз уақытта сізге кері қоңырау шаламыз. Осы нөмірге SMS жазуға да болады.',
    en: 'All operators are busy. We will call you back when it is safe. You can also send a text message to this number.',
    uz: 'Барча операторлар банд. Хавфсиз бўлганда сизга қайта қўнғироқ қиламиз. Бу рақамга SMS ёзишингиз ҳам мумкин.',
    tg: 'Ҳамаи операторҳо банданд. Вақте ки бехатар бошад, ба шумо занг мезанем. Шумо инчунин метавонед ба ин рақам SMS нависед.',
    ky: 'Бардык операторлор бош эмес. Коопсуз болгондо сизге кайра чалабыз. Бул номерге SMS жазсаңыз да болот.',
  },
  connecting: {
    ru: 'Соединяем с абонентом горячей линии.',
    kk: 'Сенім телефонының абонентімен қосамыз.',
    en: 'Connecting you to the hotline caller.',
    uz: 'Ишонч телефони абоненти билан боғланмоқдамиз.',
    tg: 'Бо муштарии хати боварӣ пайваст мекунем.',
    ky: 'Ишеним телефонунун абоненти менен туташтырып жатабыз.',
  },
  transfer_hold: {
    ru: 'Пожалуйста, подождите, мы соединяем вас с коллегой.',
    kk: 'Күте тұрыңыз, сізді әріптесімізбен қосамыз.',
    en: 'Please hold while we connect you to a colleague.',
    uz: 'Илтимос, кутинг, сизни ҳамкасбимиз билан боғлаяпмиз.',
    tg: 'Лутфан, интизор шавед, шуморо бо ҳамкорамон пайваст мекунем.',
    ky: 'Сураныч, күтө туруңуз, сизди кесиптешибиз менен туташтырып жатабыз.',
  },
};

function readTelephony(env: NodeJS.ProcessEnv, production: boolean): TelephonyConfig {
  const accountSid = env.TWILIO_ACCOUNT_SID || null;
  const twilioToken = env.TWILIO_AUTH_TOKEN || null;
  if (!!accountSid !== !!twilioToken) throw new ConfigError('Set both TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN, or neither (the local adapter)');
  if (accountSid && !/^AC[0-9a-fA-F]{32}$/.test(accountSid)) throw new ConfigError('TWILIO_ACCOUNT_SID must look like AC followed by 32 hex digits');
  const chosen = env.TELEPHONY_PROVIDER || null;
  if (chosen && chosen !== 'twilio' && chosen !== 'local') throw new ConfigError(`TELEPHONY_PROVIDER must be twilio or local, got "${chosen}"`);
  const provider = (chosen ?? (accountSid ? 'twilio' : 'local')) as TelephonyConfig['provider'];
  if (provider === 'twilio' && !accountSid) throw new ConfigError('TELEPHONY_PROVIDER=twilio needs TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN');
  if (provider === 'local' && accountSid)
    throw new ConfigError('TELEPHONY_PROVIDER=local while TWILIO_ACCOUNT_SID is set: choose one (TELEPHONY_PROVIDER=twilio, or unset the Twilio credentials)');
  // Without Twilio, webhooks are checked against TELEPHONY_DEV_TOKEN; the public default would let
  // anyone who reads this repository inject calls and texts into a live line.
  if (production && provider === 'local') {
    if (!chosen)
      throw new ConfigError(
        'Production has no Twilio credentials: set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TELEPHONY_HOTLINE_NUMBER, or TELEPHONY_PROVIDER=local with a TELEPHONY_DEV_TOKEN of your own (a line without a telephone, e.g. for training)',
      );
    if (!env.TELEPHONY_DEV_TOKEN || env.TELEPHONY_DEV_TOKEN === DEV_TELEPHONY_TOKEN)
      throw new ConfigError(
        `TELEPHONY_DEV_TOKEN is ${env.TELEPHONY_DEV_TOKEN ? '' : 'unset, so it would be '}the public development token "${DEV_TELEPHONY_TOKEN}": production with TELEPHONY_PROVIDER=local needs a secret of its own (npm run secrets:generate writes one)`,
      );
    if (env.TELEPHONY_DEV_TOKEN.length < MIN_PRODUCTION_TOKEN_LENGTH)
      throw new ConfigError(`TELEPHONY_DEV_TOKEN must be at least ${MIN_PRODUCTION_TOKEN_LENGTH} characters in production`);
  }
  const authToken = twilioToken ?? (env.TELEPHONY_DEV_TOKEN || DEV_TELEPHONY_TOKEN);
  const hotlineNumber = env.TELEPHONY_HOTLINE_NUMBER || (production && provider === 'twilio' ? '' : '+77000011616');
  if (!/^\+[1-9]\d{6,14}$/.test(hotlineNumber)) throw new ConfigError('TELEPHONY_HOTLINE_NUMBER must be an E.164 number (+7...)');
  const lines: Record<string, string> = {};
  for (const entry of (env.TELEPHONY_LINES ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const [number, code] = entry.split('=').map((part) => part?.trim());
    if (!number || !/^\+[1-9]\d{6,14}$/.test(number) || !code || !/^[A-Z0-9]{2,10}$/.test(code))
      throw new ConfigError(`TELEPHONY_LINES entries must be "+E164=OFFICECODE", got "${entry}"`);
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
    for (const language of MENU_LANGUAGES) {
      const custom = env[`TELEPHONY_PROMPT_${kind.toUpperCase()}_${language.toUpperCase()}`];
      if (custom) prompts[kind][language] = custom;
    }
  }
  const voiceClient = readVoiceClient(env, provider, production);
  return {
    provider,
    accountSid,
    authToken,
    apiBaseUrl,
    hotlineNumber,
    lines,
    voiceClient,
    defaultOfficeCode: env.TELEPHONY_DEFAULT_OFFICE || null,
    maxQueueSeconds: int(env, 'TELEPHONY_MAX_QUEUE_SECONDS', 300, 10),
    menuLanguages: readMenuLanguages(env.TELEPHONY_MENU_LANGUAGES),
    languageFirstSeconds: int(env, 'TELEPHONY_LANGUAGE_FIRST_SECONDS', 20, 0),
    prompts,
  };
}

function readWebchat(env: NodeJS.ProcessEnv, production: boolean, publicUrl: string): WebchatConfig {
  const origins = new Set<string>([new URL(publicUrl).origin]);
  for (const entry of (env.WEBCHAT_ORIGINS ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    let url: URL;
    try {
      url = new URL(entry);
    } catch {
      throw new ConfigError(`WEBCHAT_ORIGINS entries must be origins such as https://hotline.example.kz, got "${entry}"`);
    }
    if (url.origin !== entry.replace(/\/$/, '')) throw new ConfigError(`WEBCHAT_ORIGINS entries are origins only (scheme, host, port), got "${entry}"`);
    if (production && url.protocol !== 'https:') throw new ConfigError(`WEBCHAT_ORIGINS must be https origins in production, got "${entry}"`);
    origins.add(url.origin);
  }
  const exitUrl = env.WEBCHAT_EXIT_URL || 'https://www.google.com/search?q=weather';
  try {
    if (new URL(exitUrl).protocol !== 'https:') throw new Error('not https');
  } catch {
    throw new ConfigError('WEBCHAT_EXIT_URL must be an https address (an ordinary page to leave to)');
  }
  const officeCode = env.WEBCHAT_OFFICE || null;
  if (officeCode && !/^[A-Z0-9]{2,10}$/.test(officeCode)) throw new ConfigError('WEBCHAT_OFFICE must be an office code');
  return { officeCode, origins: [...origins], exitUrl };
}

function readAttachments(env: NodeJS.ProcessEnv, production: boolean): AttachmentsConfig {
  const store = env.ATTACHMENTS_STORE || 'local';
  if (store !== 'local' && store !== 's3') throw new ConfigError(`ATTACHMENTS_STORE must be local or s3, got "${store}"`);
  if (store === 'local') {
    // Development keeps files beside the checkout; production in the image's volume (the API and the worker share it).
    return { store, dir: resolve(env.ATTACHMENTS_DIR || (production ? '/data/attachments' : 'var/attachments')), s3: null };
  }
  const bucket = env.ATTACHMENTS_S3_BUCKET || '';
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket))
    throw new ConfigError('ATTACHMENTS_S3_BUCKET must name the bucket (3–63 lowercase letters, digits, dots and hyphens)');
  const endpoint = env.ATTACHMENTS_S3_ENDPOINT || null;
  if (endpoint) {
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      throw new ConfigError('ATTACHMENTS_S3_ENDPOINT must be an absolute URL');
    }
    if (production && url.protocol !== 'https:')
      throw new ConfigError('ATTACHMENTS_S3_ENDPOINT must be https in production: sealed files still should not cross a network in the clear');
  }
  const keyId = env.ATTACHMENTS_S3_ACCESS_KEY_ID || null;
  const secret = env.ATTACHMENTS_S3_SECRET_ACCESS_KEY || null;
  if (!!keyId !== !!secret)
    throw new ConfigError('Set both ATTACHMENTS_S3_ACCESS_KEY_ID and ATTACHMENTS_S3_SECRET_ACCESS_KEY, or neither (the SDK then finds credentials itself)');
  const prefix = env.ATTACHMENTS_S3_PREFIX || '';
  if (prefix && !/^[a-z0-9-]+\/$/.test(prefix))
    throw new ConfigError('ATTACHMENTS_S3_PREFIX must be a folder name ending in / (lowercase letters, digits, hyphens)');
  return {
    store,
    dir: null,
    s3: {
      bucket,
      region: env.ATTACHMENTS_S3_REGION || 'us-east-1',
      endpoint,
      forcePathStyle: env.ATTACHMENTS_S3_FORCE_PATH_STYLE === 'true',
      credentials: keyId && secret ? { accessKeyId: keyId, secretAccessKey: secret } : null,
      prefix,
    },
  };
}

function readTelegram(env: NodeJS.ProcessEnv, production: boolean): TelegramConfig | null {
  const botToken = env.TELEGRAM_BOT_TOKEN || null;
  if (botToken && !/^\d{3,15}:[A-Za-z0-9_-]{30,}$/.test(botToken))
    throw new ConfigError('TELEGRAM_BOT_TOKEN must look like 123456789:AA… (as @BotFather gives it)');
  // Production without a bot has no Telegram; development without one gets the local stand-in.
  if (!botToken && production) return null;
  const mode = env.TELEGRAM_MODE || 'webhook';
  if (mode !== 'webhook' && mode !== 'polling') throw new ConfigError(`TELEGRAM_MODE must be webhook or polling, got "${mode}"`);
  if (mode === 'polling' && !botToken) throw new ConfigError('TELEGRAM_MODE=polling needs TELEGRAM_BOT_TOKEN');
  const webhookSecret = env.TELEGRAM_WEBHOOK_SECRET || (production ? '' : DEV_TELEGRAM_SECRET);
  if (!/^[A-Za-z0-9_-]{1,256}$/.test(webhookSecret))
    throw new ConfigError('TELEGRAM_WEBHOOK_SECRET must be 1–256 characters of A–Z, a–z, 0–9, _ and - (Telegram sends it back in a header)');
  if (production && (webhookSecret === DEV_TELEGRAM_SECRET || webhookSecret.length < MIN_PRODUCTION_TOKEN_LENGTH)) {
    throw new ConfigError(
      `TELEGRAM_WEBHOOK_SECRET must be a secret of your own of at least ${MIN_PRODUCTION_TOKEN_LENGTH} characters in production (npm run secrets:generate writes one)`,
    );
  }
  const apiRoot = env.TELEGRAM_API_ROOT || 'https://api.telegram.org';
  try {
    new URL(apiRoot);
  } catch {
    throw new ConfigError('TELEGRAM_API_ROOT must be an absolute URL');
  }
  const officeCode = env.TELEGRAM_OFFICE || null;
  if (officeCode && !/^[A-Z0-9]{2,10}$/.test(officeCode)) throw new ConfigError('TELEGRAM_OFFICE must be an office code');
  return { provider: botToken ? 'bot-api' : 'local', botToken, botId: botToken ? botToken.split(':')[0] : 'local', webhookSecret, apiRoot, mode, officeCode };
}

function readMenuLanguages(raw: string | undefined): MenuLanguage[] {
  if (!raw?.trim()) return [...MENU_LANGUAGES];
  const languages = raw
    .split(',')
    .map((l) => l.trim().toLowerCase())
    .filter(Boolean);
  const unknown = languages.filter((l) => !isMenuLanguage(l));
  if (unknown.length) throw new ConfigError(`TELEPHONY_MENU_LANGUAGES may hold only ${MENU_LANGUAGES.join(', ')}; not ${unknown.join(', ')}`);
  if (new Set(languages).size !== languages.length) throw new ConfigError('TELEPHONY_MENU_LANGUAGES names a language twice');
  return languages as MenuLanguage[];
}

function readVoiceClient(env: NodeJS.ProcessEnv, provider: TelephonyConfig['provider'], production: boolean): TelephonyConfig['voiceClient'] {
  const apiKeySid = env.TWILIO_API_KEY || '';
  const apiKeySecret = env.TWILIO_API_SECRET || '';
  const twimlAppSid = env.TWILIO_TWIML_APP_SID || '';
  const given = [apiKeySid, apiKeySecret, twimlAppSid].filter(Boolean).length;
  if (given === 0) {
    if (production && provider === 'twilio')
      throw new ConfigError(
        'A Twilio line needs TWILIO_API_KEY, TWILIO_API_SECRET and TWILIO_TWIML_APP_SID: without them the console cannot answer calls (see docs/operations.md, Telephony)',
      );
    return null;
  }
  if (given !== 3) throw new ConfigError('Set all of TWILIO_API_KEY, TWILIO_API_SECRET and TWILIO_TWIML_APP_SID (the browser softphone), or none');
  if (provider !== 'twilio') throw new ConfigError('TWILIO_API_KEY and the rest of the softphone settings belong to a Twilio line (TELEPHONY_PROVIDER=twilio)');
  if (!/^SK[0-9a-fA-F]{32}$/.test(apiKeySid)) throw new ConfigError('TWILIO_API_KEY must look like SK followed by 32 hex digits');
  if (!/^AP[0-9a-fA-F]{32}$/.test(twimlAppSid)) throw new ConfigError('TWILIO_TWIML_APP_SID must look like AP followed by 32 hex digits');
  if (apiKeySecret.length < 16) throw new ConfigError('TWILIO_API_SECRET is too short to be an API key secret');
  return { apiKeySid, apiKeySecret, twimlAppSid };
}

export class ConfigError extends Error {}

/** Development mail goes to the loopback SMTP server `npm start` runs (tools/dev-mail.mjs); it keeps every mail under var/mail. */
export const DEV_SMTP_URL = 'smtp://127.0.0.1:2525';
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

function readMail(env: NodeJS.ProcessEnv, nodeEnv: AppConfig['nodeEnv']): MailConfig {
  const production = nodeEnv === 'production';
  // Every mail setting is read whatever MAIL_ENABLED says, so compose can be checked to pass them all.
  const url = env.SMTP_URL || null;
  const host = env.SMTP_HOST || null;
  const portRaw = env.SMTP_PORT;
  const user = env.SMTP_USER || null;
  const password = env.SMTP_PASSWORD || null;
  const secureRaw = env.SMTP_SECURE;
  const fromRaw = env.MAIL_FROM || '';
  const settings = {
    maxAttempts: int(env, 'MAIL_MAX_ATTEMPTS', 8, 1),
    retryBaseSeconds: int(env, 'MAIL_RETRY_BASE_SECONDS', 60, 1),
    digestHour: int(env, 'MAIL_DIGEST_HOUR', 8, 0),
    referralReminderHours: int(env, 'MAIL_REFERRAL_REMINDER_HOURS', 12, 1),
    taskDueSoonHours: int(env, 'MAIL_TASK_DUE_SOON_HOURS', 24, 1),
    criticalAlertUnreadMinutes: int(env, 'MAIL_CRITICAL_ALERT_UNREAD_MINUTES', 15, 1),
    watchIntervalSeconds: int(env, 'MAIL_WATCH_INTERVAL_SECONDS', 60, 1),
  };
  if (settings.digestHour > 23) throw new ConfigError(`MAIL_DIGEST_HOUR must be an hour from 0 to 23, got "${env.MAIL_DIGEST_HOUR}"`);
  if (settings.taskDueSoonHours > 168) throw new ConfigError(`MAIL_TASK_DUE_SOON_HOURS must be at most 168 (a week), got "${env.MAIL_TASK_DUE_SOON_HOURS}"`);
  const enabled = bool(env, 'MAIL_ENABLED', nodeEnv !== 'test');
  if (!enabled) return { enabled, smtp: null, from: fromRaw, ...settings };

  if (url && host) throw new ConfigError('Set SMTP_URL or SMTP_HOST (with SMTP_PORT, SMTP_USER, SMTP_PASSWORD, SMTP_SECURE), not both');
  if (production && !url && !host)
    throw new ConfigError(
      'E-mail needs an SMTP server in production: set SMTP_URL (smtps://user:password@smtp.example.org:465) or SMTP_HOST and the rest, or turn mail off with MAIL_ENABLED=false (see docs/operations.md, E-mail)',
    );
  let smtp: SmtpConfig;
  if (host || !url) {
    const chosenHost = host ?? new URL(DEV_SMTP_URL).hostname;
    const secure = bool(env, 'SMTP_SECURE', false);
    const port = int(env, 'SMTP_PORT', host ? (secure ? 465 : 587) : Number(new URL(DEV_SMTP_URL).port), 1);
    if (port > 65535) throw new ConfigError(`SMTP_PORT must be a port number, got "${portRaw}"`);
    if (!!user !== !!password) throw new ConfigError('Set both SMTP_USER and SMTP_PASSWORD, or neither');
    smtp = { url: null, host: chosenHost, port, secure, requireTls: false, user, password };
  } else {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new ConfigError('SMTP_URL must be an smtp:// or smtps:// address such as smtps://user:password@smtp.example.org:465');
    }
    if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:')
      throw new ConfigError(`SMTP_URL must start with smtp:// or smtps://, got "${parsed.protocol}//"`);
    if (portRaw || user || password || secureRaw)
      throw new ConfigError('SMTP_URL already says where and how to connect: leave SMTP_PORT, SMTP_USER, SMTP_PASSWORD and SMTP_SECURE unset');
    const secure = parsed.protocol === 'smtps:';
    smtp = {
      url,
      host: parsed.hostname,
      port: Number(parsed.port) || (secure ? 465 : 587),
      secure,
      requireTls: false,
      user: parsed.username ? decodeURIComponent(parsed.username) : null,
      password: parsed.password ? decodeURIComponent(parsed.password) : null,
    };
  }
  // Mail leaves the machine: in production, in TLS (STARTTLS at least) unless the server is on
  // loopback (a local relay) or SMTP_REQUIRE_TLS=false says otherwise by name.
  smtp.requireTls = !smtp.secure && bool(env, 'SMTP_REQUIRE_TLS', production && !LOOPBACK_HOSTS.has(smtp.host));

  const from = fromRaw || (production ? '' : 'Mayak <mayak@localhost>');
  if (!from)
    throw new ConfigError('MAIL_FROM is required when mail is on in production (e.g. "Mayak 11616 <noreply@hotline.example.org>"), or set MAIL_ENABLED=false');
  const address = /<([^<>\s]+)>\s*$/.exec(from)?.[1] ?? from.trim();
  if (!/^[^@\s<>]+@[^@\s<>]+$/.test(address))
    throw new ConfigError(`MAIL_FROM must be an e-mail address, optionally with a name ("Mayak <noreply@example.org>"), got "${from}"`);
  return { enabled, smtp, from, ...settings };
}

function readRedisSentinel(env: NodeJS.ProcessEnv): RedisSentinelConfig | null {
  const raw = env.REDIS_SENTINELS ?? '';
  const entries = raw
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  if (!entries.length) {
    if (env.REDIS_SENTINEL_NAME) throw new ConfigError('REDIS_SENTINEL_NAME needs REDIS_SENTINELS (host:port,host:port)');
    return null;
  }
  const sentinels = entries.map((entry) => {
    const match = /^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:]+\]):(\d{1,5})$/.exec(entry);
    const port = Number(match?.[2]);
    if (!match || port < 1 || port > 65535) throw new ConfigError(`REDIS_SENTINELS entries must be "host:port", got "${entry}"`);
    return { host: match[1].replace(/^\[|\]$/g, ''), port };
  });
  const masterName = env.REDIS_SENTINEL_NAME ?? '';
  if (!masterName) throw new ConfigError('REDIS_SENTINEL_NAME is required with REDIS_SENTINELS (the master group, e.g. mymaster)');
  return { sentinels, masterName, sentinelPassword: env.REDIS_SENTINEL_PASSWORD || null };
}

const DEV_IDENTIFIER_HASH_KEY = 'bWF5YWstZGV2LWJsaW5kLWluZGV4LWtleS1wdWJsaWM='; // public, development only
const DEV_ENCRYPTION_KEY = 'dev:bWF5YWstZGV2ZWxvcG1lbnQta2V5LXB1YmxpYyEhISE='; // public, development only: production refuses to start without ENCRYPTION_KEYS
const DEV_AUDIT_CHAIN_KEY = 'dev:bWF5YWstZGV2LWF1ZGl0LWNoYWluLWtleS1wdWJsaWM='; // public, development only: production refuses it

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new ConfigError(`${name} must be an integer >= ${min}, got "${raw}"`);
  return value;
}

const MAX_API_PROCESSES = 64;

/** API_PROCESSES: a number of processes, or `auto` for one per core this process may use. */
function readApiProcesses(env: NodeJS.ProcessEnv): number {
  const raw = env.API_PROCESSES?.trim();
  if (raw === 'auto') return Math.min(MAX_API_PROCESSES, availableParallelism());
  const processes = int(env, 'API_PROCESSES', 1, 1);
  if (processes > MAX_API_PROCESSES) throw new ConfigError(`API_PROCESSES must be at most ${MAX_API_PROCESSES} (or auto: one per core), got "${raw}"`);
  return processes;
}

function readAccountLinks(env: NodeJS.ProcessEnv): AppConfig['accountLinks'] {
  const invitationHours = int(env, 'ACCOUNT_INVITATION_HOURS', DEFAULT_INVITATION_HOURS, 1);
  const passwordResetMinutes = int(env, 'PASSWORD_RESET_MINUTES', DEFAULT_PASSWORD_RESET_MINUTES, 5);
  if (invitationHours > MAX_INVITATION_HOURS)
    throw new ConfigError(`ACCOUNT_INVITATION_HOURS must be at most ${MAX_INVITATION_HOURS} (two weeks), got "${env.ACCOUNT_INVITATION_HOURS}"`);
  if (passwordResetMinutes > MAX_PASSWORD_RESET_MINUTES)
    throw new ConfigError(`PASSWORD_RESET_MINUTES must be at most ${MAX_PASSWORD_RESET_MINUTES} (a day), got "${env.PASSWORD_RESET_MINUTES}"`);
  return { invitationHours, passwordResetMinutes };
}

/** CASE_ATTACHMENT_MAX_MB in bytes: 1 to 50 MB (an upload is held in memory while it is checked and sealed). */
function readCaseAttachmentMaxBytes(env: NodeJS.ProcessEnv): number {
  const mb = int(env, 'CASE_ATTACHMENT_MAX_MB', CASE_ATTACHMENT_DEFAULT_MAX_BYTES / (1024 * 1024), 1);
  if (mb > CASE_ATTACHMENT_MAX_MB_LIMIT)
    throw new ConfigError(`CASE_ATTACHMENT_MAX_MB must be at most ${CASE_ATTACHMENT_MAX_MB_LIMIT}, got "${env.CASE_ATTACHMENT_MAX_MB}"`);
  return mb * 1024 * 1024;
}

/** The installation's smallest group size for exports and published tables: K_FLOOR (11) or higher, never lower. */
function kFloor(env: NodeJS.ProcessEnv): number {
  const k = int(env, 'EXPORT_K_ANONYMITY', K_FLOOR, K_FLOOR);
  if (k > K_MAX) throw new ConfigError(`EXPORT_K_ANONYMITY must be at most ${K_MAX}, got "${k}"`);
  return k;
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

function parseKeys(raw: string, name = 'ENCRYPTION_KEYS'): { id: string; key: Buffer }[] {
  return raw.split(',').map((entry) => {
    const [id, b64] = entry.trim().split(':');
    const key = Buffer.from(b64 ?? '', 'base64');
    if (!id || key.length !== 32) throw new ConfigError(`${name} entries must be "id:<32 bytes in base64>"`);
    return { id, key };
  });
}

/**
 * IDENTIFIER_HASH_KEY: 32 bytes in base64 (one key, id "h1"), or "id:<base64>,id:<base64>"
 * while the key rotates (IDENTIFIER_HASH_ACTIVE_KEY_ID picks the one new rows get, else the first).
 */
function parseHashKeys(raw: string): { id: string; key: Buffer }[] {
  const keys = raw.includes(':') ? parseKeys(raw, 'IDENTIFIER_HASH_KEY') : [{ id: 'h1', key: Buffer.from(raw.trim(), 'base64') }];
  if (keys.some((k) => k.key.length !== 32)) throw new ConfigError('IDENTIFIER_HASH_KEY must be 32 bytes in base64');
  if (new Set(keys.map((k) => k.id)).size !== keys.length) throw new ConfigError('IDENTIFIER_HASH_KEY lists a key id twice');
  return keys;
}

function readAuditChain(env: NodeJS.ProcessEnv, nodeEnv: AppConfig['nodeEnv']): AuditChainConfig {
  const production = nodeEnv === 'production';
  const raw = env.AUDIT_CHAIN_KEY || (production ? '' : DEV_AUDIT_CHAIN_KEY);
  if (!raw) throw new ConfigError('AUDIT_CHAIN_KEY is required in production ("a1:" + 32 random bytes in base64; npm run secrets:generate writes one)');
  const keys = parseKeys(raw, 'AUDIT_CHAIN_KEY');
  // Key ids are stored on every seal and checkpoint.
  const badId = keys.find((k) => !/^[A-Za-z0-9_-]{1,32}$/.test(k.id));
  if (badId) throw new ConfigError(`AUDIT_CHAIN_KEY ids must be 1–32 letters, digits, _ or -, got "${badId.id}"`);
  if (new Set(keys.map((k) => k.id)).size !== keys.length) throw new ConfigError('AUDIT_CHAIN_KEY lists a key id twice');
  const activeKeyId = env.AUDIT_CHAIN_ACTIVE_KEY_ID || keys[0].id;
  if (!keys.some((k) => k.id === activeKeyId)) throw new ConfigError(`AUDIT_CHAIN_ACTIVE_KEY_ID "${activeKeyId}" is not in AUDIT_CHAIN_KEY`);
  // Development keeps checkpoints beside the checkout (like attachments), production in the image's
  // volume; tests, which start many databases, in the system's temporary directory.
  const fallbackDir = production ? '/data/audit-checkpoints' : nodeEnv === 'test' ? join(tmpdir(), 'mayak-audit-checkpoints') : 'var/audit-checkpoints';
  return {
    keys,
    activeKeyId,
    checkpointDir: resolve(env.AUDIT_CHECKPOINT_DIR || fallbackDir),
    checkpointIntervalSeconds: int(env, 'AUDIT_CHECKPOINT_INTERVAL_SECONDS', 300, 10),
  };
}

const METRICS_TOKEN_MIN_LENGTH = 32;

function readMetrics(env: NodeJS.ProcessEnv, nodeEnv: AppConfig['nodeEnv']): MetricsConfig {
  const token = env.METRICS_TOKEN || null;
  if (token && token.length < METRICS_TOKEN_MIN_LENGTH)
    throw new ConfigError(`METRICS_TOKEN must be at least ${METRICS_TOKEN_MIN_LENGTH} characters (e.g. openssl rand -hex 32)`);
  const port = (name: string, fallback: number | null) => {
    const value = int(env, name, fallback ?? 0, 0);
    if (value > 65535) throw new ConfigError(`${name} must be a port number, got "${env[name]}"`);
    return value === 0 ? null : value;
  };
  // Test runs start many workers on one machine: their metrics port is opt-in there.
  return {
    token,
    host: env.METRICS_HOST || '127.0.0.1',
    apiPort: port('METRICS_PORT', null),
    workerPort: port('WORKER_METRICS_PORT', nodeEnv === 'test' ? null : 9465),
  };
}

function readEncryptionKeys(env: NodeJS.ProcessEnv, production: boolean): Pick<AppConfig, 'encryptionKeys' | 'activeEncryptionKeyId'> {
  const keysRaw = env.ENCRYPTION_KEYS ?? (production ? '' : DEV_ENCRYPTION_KEY);
  if (!keysRaw) throw new ConfigError('ENCRYPTION_KEYS is required in production (e.g. "k1:" + 32 random bytes in base64)');
  const encryptionKeys = parseKeys(keysRaw);
  // The id is the first part of every stored value (`v2.<id>.iv.tag.body`): no dots, and each once.
  const badEncryptionId = encryptionKeys.find((k) => !/^[^.\s]{1,32}$/.test(k.id));
  if (badEncryptionId) throw new ConfigError(`ENCRYPTION_KEYS ids must be 1–32 characters without dots or spaces, got "${badEncryptionId.id}"`);
  if (new Set(encryptionKeys.map((k) => k.id)).size !== encryptionKeys.length) throw new ConfigError('ENCRYPTION_KEYS lists a key id twice');
  const activeEncryptionKeyId = env.ENCRYPTION_ACTIVE_KEY_ID || encryptionKeys[0].id;
  if (!encryptionKeys.some((k) => k.id === activeEncryptionKeyId))
    throw new ConfigError(`ENCRYPTION_ACTIVE_KEY_ID "${activeEncryptionKeyId}" is not in ENCRYPTION_KEYS`);
  return { encryptionKeys, activeEncryptionKeyId };
}

function readIdentifierHashKeys(
  env: NodeJS.ProcessEnv,
  production: boolean,
): Pick<AppConfig, 'identifierHashKey' | 'identifierHashKeys' | 'activeIdentifierHashKeyId'> {
  const hashKeyRaw = env.IDENTIFIER_HASH_KEY || (production ? '' : DEV_IDENTIFIER_HASH_KEY);
  if (!hashKeyRaw) throw new ConfigError('IDENTIFIER_HASH_KEY is required in production (32 random bytes in base64)');
  const identifierHashKeys = parseHashKeys(hashKeyRaw);
  const activeIdentifierHashKeyId = env.IDENTIFIER_HASH_ACTIVE_KEY_ID || identifierHashKeys[0].id;
  const identifierHashKey = identifierHashKeys.find((k) => k.id === activeIdentifierHashKeyId)?.key;
  if (!identifierHashKey) throw new ConfigError(`IDENTIFIER_HASH_ACTIVE_KEY_ID "${activeIdentifierHashKeyId}" is not in IDENTIFIER_HASH_KEY`);
  return { identifierHashKey, identifierHashKeys, activeIdentifierHashKeyId };
}

/** A comma-separated list of roles (`fallback` when the variable is unset), each a known role. */
function readRoles(env: NodeJS.ProcessEnv, name: string, fallback: readonly Role[]): Role[] {
  const raw = env[name];
  const roles =
    raw === undefined
      ? [...fallback]
      : raw
          .split(',')
          .map((r) => r.trim())
          .filter(Boolean);
  for (const role of roles) if (!isRole(role)) throw new ConfigError(`${name} has unknown role "${role}"`);
  return roles as Role[];
}

function readPublicUrl(env: NodeJS.ProcessEnv, port: number): string {
  const publicUrl = (env.PUBLIC_URL || `http://localhost:${port}`).replace(/\/$/, '');
  try {
    new URL(publicUrl);
  } catch {
    throw new ConfigError(`PUBLIC_URL must be an absolute URL, got "${publicUrl}"`);
  }
  return publicUrl;
}

function readClockStart(env: NodeJS.ProcessEnv, production: boolean): AppConfig['clockStart'] {
  if (!env.MAYAK_CLOCK_START) return null;
  if (production) throw new ConfigError('MAYAK_CLOCK_START pins the clock for tests and demos; production reads the system clock (unset it)');
  const at = parsePinnedInstant(env.MAYAK_CLOCK_START);
  if (!at) throw new ConfigError(`MAYAK_CLOCK_START must be an ISO 8601 instant with an offset (2026-12-31T23:58:00+05:00), got "${env.MAYAK_CLOCK_START}"`);
  const startedAt = env.MAYAK_CLOCK_STARTED_AT ? parsePinnedInstant(env.MAYAK_CLOCK_STARTED_AT) : null;
  if (env.MAYAK_CLOCK_STARTED_AT && !startedAt)
    throw new ConfigError(`MAYAK_CLOCK_STARTED_AT must be an ISO 8601 instant with an offset, got "${env.MAYAK_CLOCK_STARTED_AT}"`);
  return { at, startedAt };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const nodeEnv = (env.NODE_ENV ?? 'development') as AppConfig['nodeEnv'];
  if (!['development', 'test', 'production'].includes(nodeEnv)) throw new ConfigError(`NODE_ENV must be development, test or production`);
  const production = nodeEnv === 'production';
  const port = int(env, 'PORT', 3000, 1);
  const { encryptionKeys, activeEncryptionKeyId } = readEncryptionKeys(env, production);
  const mfaRequiredRoles = readRoles(env, 'MFA_REQUIRED_ROLES', DEFAULT_MFA_REQUIRED_ROLES);
  const identifierViewers = readRoles(
    env,
    'IDENTIFIER_VIEW_ROLES',
    (Object.keys(ROLE_PERMISSIONS) as Role[]).filter((r) => ROLE_PERMISSIONS[r].includes('identifiers.view')),
  );
  const { identifierHashKey, identifierHashKeys, activeIdentifierHashKeyId } = readIdentifierHashKeys(env, production);
  const caseReferencePrefix = env.CASE_REFERENCE_PREFIX || '11616';
  if (!/^[A-Z0-9]{1,12}$/.test(caseReferencePrefix)) throw new ConfigError('CASE_REFERENCE_PREFIX must be 1 to 12 capital letters or digits');
  const publicUrl = readPublicUrl(env, port);
  const clockStart = readClockStart(env, production);

  const config: AppConfig = {
    nodeEnv,
    port,
    apiProcesses: readApiProcesses(env),
    publicUrl,
    databaseUrl: env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/mayak',
    redisUrl: env.REDIS_URL || 'redis://127.0.0.1:6379/0',
    redisSentinel: readRedisSentinel(env),
    redisKeyPrefix: env.REDIS_KEY_PREFIX || 'mayak',
    logLevel: env.LOG_LEVEL || (nodeEnv === 'test' ? 'warn' : 'info'),
    cookieSecure: bool(env, 'COOKIE_SECURE', publicUrl.startsWith('https://')),
    sessionIdleMinutes: int(env, 'SESSION_IDLE_MINUTES', 30, 1),
    sessionMaxHours: int(env, 'SESSION_MAX_HOURS', 12, 1),
    mfaRequiredRoles,
    mfaIssuer: env.MFA_ISSUER || 'Mayak',
    encryptionKeys,
    activeEncryptionKeyId,
    login: {
      maxFailuresPerAccount: int(env, 'LOGIN_MAX_FAILURES_PER_ACCOUNT', 5, 1),
      maxFailuresPerAddress: int(env, 'LOGIN_MAX_FAILURES_PER_ADDRESS', 20, 1),
      firstDelaySeconds: int(env, 'LOGIN_FIRST_DELAY_SECONDS', 15, 1),
      longestDelayMinutes: int(env, 'LOGIN_LONGEST_DELAY_MINUTES', 15, 1),
    },
    auditSealIntervalSeconds: int(env, 'AUDIT_SEAL_INTERVAL_SECONDS', 5, 1),
    webDistPath: env.WEB_DIST_PATH === '' ? null : (env.WEB_DIST_PATH ?? null),
    trustProxy: trustedProxies(env),
    permissionTable: withIdentifierViewers(identifierViewers),
    identifierHashKey,
    identifierHashKeys,
    activeIdentifierHashKeyId,
    caseReferencePrefix,
    deadlines: {
      watchIntervalSeconds: int(env, 'DEADLINE_WATCH_INTERVAL_SECONDS', 60, 5),
      caseStaleDays: int(env, 'CASE_STALE_DAYS', 14, 1),
      referralEscalationHours: int(env, 'REFERRAL_ESCALATION_HOURS', 24, 1),
    },
    telephony: readTelephony(env, production),
    telegram: readTelegram(env, production),
    attachments: readAttachments(env, production),
    caseAttachmentMaxBytes: readCaseAttachmentMaxBytes(env),
    webchat: readWebchat(env, production, publicUrl),
    callbacks: {
      reconcileIntervalSeconds: int(env, 'CALLBACK_RECONCILE_INTERVAL_SECONDS', 30, 1),
      retryMinutes: int(env, 'CALLBACK_RETRY_MINUTES', 30, 1),
      missedCallDelayMinutes: int(env, 'MISSED_CALL_CALLBACK_DELAY_MINUTES', 2, 0),
      defaultMaxAttempts: int(env, 'CALLBACK_MAX_ATTEMPTS', 3, 1),
    },
    exportK: kFloor(env),
    lineCountry: countryCode(env, 'LINE_COUNTRY', 'KZ'),
    retentionRunIntervalHours: int(env, 'RETENTION_RUN_INTERVAL_HOURS', 24, 1),
    clockStart,
    metrics: readMetrics(env, nodeEnv),
    auditChain: readAuditChain(env, nodeEnv),
    mail: readMail(env, nodeEnv),
    accountLinks: readAccountLinks(env),
  };
  if (production) refuseDevelopmentDefaults(config);
  return config;
}

/**
 * Production refuses every value a development setup gives for free, since anyone can read
 * them here, and names each one it found.
 */
function refuseDevelopmentDefaults(config: AppConfig): void {
  const problems: string[] = [];
  const developmentKey = Buffer.from(DEV_ENCRYPTION_KEY.split(':')[1], 'base64');
  const publicKey = config.encryptionKeys.find((k) => k.key.equals(developmentKey));
  if (publicKey) problems.push(`ENCRYPTION_KEYS holds the public development key (id "${publicKey.id}"): generate your own (npm run secrets:generate)`);
  for (const hashKey of config.identifierHashKeys) {
    // Every listed key, old ones included: lookups still hash with them while the key rotates.
    const named = config.identifierHashKeys.length > 1 ? ` (id "${hashKey.id}")` : '';
    if (hashKey.key.equals(Buffer.from(DEV_IDENTIFIER_HASH_KEY, 'base64')))
      problems.push(`IDENTIFIER_HASH_KEY is the public development key${named}: generate your own (npm run secrets:generate)`);
    else if (config.encryptionKeys.some((k) => k.key.equals(hashKey.key))) problems.push(`IDENTIFIER_HASH_KEY must not be one of the ENCRYPTION_KEYS${named}`);
    // (The active key against AUDIT_CHAIN_KEY is checked with the chain's keys below.)
    else if (hashKey.key !== config.identifierHashKey && config.auditChain.keys.some((k) => k.key.equals(hashKey.key)))
      problems.push(`IDENTIFIER_HASH_KEY must not be one of the AUDIT_CHAIN_KEY keys${named}`);
  }
  const developmentChainKey = Buffer.from(DEV_AUDIT_CHAIN_KEY.split(':')[1], 'base64');
  for (const chainKey of config.auditChain.keys) {
    // A chain key that also serves elsewhere is exposed wherever that key is: it must seal the chain only.
    if (chainKey.key.equals(developmentChainKey))
      problems.push(`AUDIT_CHAIN_KEY holds the public development key (id "${chainKey.id}"): generate your own (npm run secrets:generate)`);
    else if (config.encryptionKeys.some((k) => k.key.equals(chainKey.key)) || config.identifierHashKey.equals(chainKey.key))
      problems.push(`AUDIT_CHAIN_KEY "${chainKey.id}" is also one of the ENCRYPTION_KEYS or the IDENTIFIER_HASH_KEY: give the audit chain a key of its own`);
  }
  if (!config.publicUrl.startsWith('https://'))
    problems.push(`PUBLIC_URL must be an https:// address in production (session cookies are sent over TLS only), got "${config.publicUrl}"`);
  if (!config.cookieSecure) problems.push('COOKIE_SECURE=false: production session cookies must carry the Secure flag');
  // The design's second factor for those who configure, supervise and export: an empty or
  // shortened list (as the demo and tests use) must not reach a live line unnoticed. More roles may be added.
  const unprotected = DEFAULT_MFA_REQUIRED_ROLES.filter((role) => !config.mfaRequiredRoles.includes(role));
  if (unprotected.length)
    problems.push(
      `MFA_REQUIRED_ROLES must include ${DEFAULT_MFA_REQUIRED_ROLES.join(',')} in production (missing: ${unprotected.join(', ')}); it may add more roles`,
    );
  if (problems.length) throw new ConfigError(`Production refuses development defaults:\n- ${problems.join('\n- ')}`);
}

const NAMED_PROXY_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * TRUST_PROXY: false (default: nobody's X-Forwarded-For is believed), true (a proxy on
 * loopback or a private network, as in docker/compose.yml), or the proxies' addresses and
 * CIDRs. Only those hops are believed, so a client that reaches the API directly cannot
 * choose the address its sign-in attempts and audit rows are counted under.
 */
function trustedProxies(env: NodeJS.ProcessEnv): string[] | false {
  const raw = (env.TRUST_PROXY ?? '').trim();
  if (['', '0', 'false', 'no'].includes(raw.toLowerCase())) return false;
  if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return ['loopback', 'uniquelocal'];
  const entries = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const entry of entries) {
    if (NAMED_PROXY_RANGES.includes(entry)) continue;
    const [address, bits, extra] = entry.split('/');
    const family = isIP(address);
    const maxBits = family === 6 ? 128 : 32;
    if (!family || extra !== undefined || (bits !== undefined && !(/^\d{1,3}$/.test(bits) && Number(bits) <= maxBits))) {
      throw new ConfigError(`TRUST_PROXY must be true, false, or proxy addresses/CIDRs separated by commas (e.g. 10.0.0.5,172.18.0.0/16), got "${entry}"`);
    }
  }
  return entries;
}
