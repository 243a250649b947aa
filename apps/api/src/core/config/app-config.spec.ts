import { can } from '@mayak/domain';
import { availableParallelism } from 'node:os';
import { ConfigError, loadConfig } from './app-config';

/** What `npm run secrets:generate` writes, in short: a production environment that starts. */
const PRODUCTION = {
  NODE_ENV: 'production',
  PUBLIC_URL: 'https://hotline.example.org',
  ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
  IDENTIFIER_HASH_KEY: Buffer.alloc(32, 2).toString('base64'),
  AUDIT_CHAIN_KEY: `a1:${Buffer.alloc(32, 5).toString('base64')}`,
  TELEPHONY_PROVIDER: 'local',
  TELEPHONY_DEV_TOKEN: 'a-generated-telephony-token-of-43-characters',
  MAIL_ENABLED: 'false',
};
const SOFTPHONE = { TWILIO_API_KEY: `SK${'c'.repeat(32)}`, TWILIO_API_SECRET: 'd'.repeat(32), TWILIO_TWIML_APP_SID: `AP${'e'.repeat(32)}` };
const TWILIO = { TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`, TWILIO_AUTH_TOKEN: 'b'.repeat(32), TELEPHONY_HOTLINE_NUMBER: '+77273000000', ...SOFTPHONE };
const PUBLIC_ENCRYPTION_KEY = 'dev:bWF5YWstZGV2ZWxvcG1lbnQta2V5LXB1YmxpYyEhISE=';
const PUBLIC_HASH_KEY = 'bWF5YWstZGV2LWJsaW5kLWluZGV4LWtleS1wdWJsaWM=';
const PUBLIC_CHAIN_KEY = 'dev:bWF5YWstZGV2LWF1ZGl0LWNoYWluLWtleS1wdWJsaWM=';

describe('loadConfig', () => {
  it('defaults identifier viewing to case workers and supervisors, the 11616 prefix and a development hash key', () => {
    const config = loadConfig({ NODE_ENV: 'development' });
    expect(can(['operator'], 'identifiers.view', config.permissionTable)).toBe(false);
    expect(can(['case_worker'], 'identifiers.view', config.permissionTable)).toBe(true);
    expect(config.caseReferencePrefix).toBe('11616');
    expect(config.identifierHashKey).toHaveLength(32);
  });

  it('lets an installation choose who sees identifiers', () => {
    const config = loadConfig({ NODE_ENV: 'development', IDENTIFIER_VIEW_ROLES: 'operator' });
    expect(can(['operator'], 'identifiers.view', config.permissionTable)).toBe(true);
    expect(can(['supervisor'], 'identifiers.view', config.permissionTable)).toBe(false);
    expect(can(['supervisor'], 'cases.assign', config.permissionTable)).toBe(true);
    expect(() => loadConfig({ NODE_ENV: 'development', IDENTIFIER_VIEW_ROLES: 'janitor' })).toThrow(ConfigError);
  });

  it('refuses a bad prefix or hash key, and a production start without a hash key', () => {
    expect(() => loadConfig({ NODE_ENV: 'development', CASE_REFERENCE_PREFIX: 'a-b' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'development', IDENTIFIER_HASH_KEY: 'c2hvcnQ=' })).toThrow(ConfigError);
    // Nobody lowers k below CTDC's 11; an installation may raise it.
    for (const k of ['2', '10', '101', '11.5']) expect(() => loadConfig({ NODE_ENV: 'development', EXPORT_K_ANONYMITY: k })).toThrow(/EXPORT_K_ANONYMITY/);
    expect(loadConfig({ NODE_ENV: 'development', EXPORT_K_ANONYMITY: '25' }).exportK).toBe(25);
    expect(loadConfig({ NODE_ENV: 'development' }).exportK).toBe(11);
    const keys = `k1:${Buffer.alloc(32, 1).toString('base64')}`;
    expect(() => loadConfig({ NODE_ENV: 'production', ENCRYPTION_KEYS: keys })).toThrow(/IDENTIFIER_HASH_KEY/);
    expect(loadConfig({ ...PRODUCTION, ENCRYPTION_KEYS: keys, IDENTIFIER_HASH_KEY: Buffer.alloc(32, 2).toString('base64') }).nodeEnv).toBe('production');
  });

  it('uses the local telephony adapter unless both Twilio settings are given, and checks them', () => {
    const local = loadConfig({ NODE_ENV: 'development' }).telephony;
    expect(local).toMatchObject({ provider: 'local', authToken: 'mayak-local-telephony-token', hotlineNumber: '+77000011616', lines: {} });
    const sid = `AC${'a'.repeat(32)}`;
    const twilio = loadConfig({
      NODE_ENV: 'development',
      TWILIO_ACCOUNT_SID: sid,
      TWILIO_AUTH_TOKEN: 'secret',
      TELEPHONY_LINES: '+77273000000=ALA, +77172000000=AST',
    }).telephony;
    expect(twilio).toMatchObject({ provider: 'twilio', accountSid: sid, authToken: 'secret', lines: { '+77273000000': 'ALA', '+77172000000': 'AST' } });
    expect(() => loadConfig({ NODE_ENV: 'development', TWILIO_ACCOUNT_SID: sid })).toThrow(/both/);
    expect(() => loadConfig({ NODE_ENV: 'development', TWILIO_ACCOUNT_SID: 'AC123', TWILIO_AUTH_TOKEN: 'x' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'development', TELEPHONY_LINES: '12345=ALA' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'development', TELEPHONY_HOTLINE_NUMBER: '11616' })).toThrow(ConfigError);
    const keys = `k1:${Buffer.alloc(32, 1).toString('base64')}`;
    const hash = Buffer.alloc(32, 2).toString('base64');
    expect(() =>
      loadConfig({ NODE_ENV: 'production', ENCRYPTION_KEYS: keys, IDENTIFIER_HASH_KEY: hash, TWILIO_ACCOUNT_SID: sid, TWILIO_AUTH_TOKEN: 'x' }),
    ).toThrow(/TELEPHONY_HOTLINE_NUMBER/);
  });

  it('takes the softphone’s API key and TwiML App with a Twilio line, all three or none, and checks them', () => {
    const line = { NODE_ENV: 'development', TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`, TWILIO_AUTH_TOKEN: 'secret' };
    expect(loadConfig(line).telephony.voiceClient).toBeNull();
    expect(loadConfig({ ...line, ...SOFTPHONE }).telephony.voiceClient).toEqual({
      apiKeySid: SOFTPHONE.TWILIO_API_KEY,
      apiKeySecret: SOFTPHONE.TWILIO_API_SECRET,
      twimlAppSid: SOFTPHONE.TWILIO_TWIML_APP_SID,
    });
    expect(() => loadConfig({ ...line, TWILIO_API_KEY: SOFTPHONE.TWILIO_API_KEY })).toThrow(
      /all of TWILIO_API_KEY, TWILIO_API_SECRET and TWILIO_TWIML_APP_SID/,
    );
    expect(() => loadConfig({ ...line, ...SOFTPHONE, TWILIO_API_KEY: 'SK123' })).toThrow(/TWILIO_API_KEY must look like SK/);
    expect(() => loadConfig({ ...line, ...SOFTPHONE, TWILIO_TWIML_APP_SID: `PN${'e'.repeat(32)}` })).toThrow(/TWILIO_TWIML_APP_SID must look like AP/);
    expect(() => loadConfig({ NODE_ENV: 'development', ...SOFTPHONE })).toThrow(/belong to a Twilio line/);
  });

  it('offers six menu languages unless the line names its own, in its order, and checks them', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).telephony.menuLanguages).toEqual(['ru', 'kk', 'en', 'uz', 'tg', 'ky']);
    expect(loadConfig({ NODE_ENV: 'development', TELEPHONY_MENU_LANGUAGES: 'ru, tg ,UZ' }).telephony.menuLanguages).toEqual(['ru', 'tg', 'uz']);
    expect(() => loadConfig({ NODE_ENV: 'development', TELEPHONY_MENU_LANGUAGES: 'ru,fr' })).toThrow(/not fr/);
    expect(() => loadConfig({ NODE_ENV: 'development', TELEPHONY_MENU_LANGUAGES: 'ru,ru' })).toThrow(/twice/);
    expect(loadConfig({ NODE_ENV: 'development', TELEPHONY_PROMPT_HOLD_TG: 'https://example.org/hold-tg.mp3' }).telephony.prompts.hold.tg).toBe(
      'https://example.org/hold-tg.mp3',
    );
  });

  it('lets prompts be replaced by text or by a recording’s address', () => {
    const prompts = loadConfig({
      NODE_ENV: 'development',
      TELEPHONY_PROMPT_MENU_KK: 'https://example.org/menu-kk.mp3',
      TELEPHONY_PROMPT_HOLD_EN: 'Please hold.',
    }).telephony.prompts;
    expect(prompts.menu.kk).toBe('https://example.org/menu-kk.mp3');
    expect(prompts.hold.en).toBe('Please hold.');
    expect(prompts.hold.ru).toContain('оставайтесь на линии');
  });

  it('keeps files from messages in a directory, or in an S3-compatible bucket it checks', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).attachments).toMatchObject({ store: 'local', s3: null });
    expect(loadConfig({ NODE_ENV: 'development' }).attachments.dir).toMatch(/var\/attachments$/);
    expect(loadConfig(PRODUCTION).attachments.dir).toBe('/data/attachments');
    const s3 = {
      NODE_ENV: 'development',
      ATTACHMENTS_STORE: 's3',
      ATTACHMENTS_S3_BUCKET: 'mayak-files',
      ATTACHMENTS_S3_ENDPOINT: 'http://127.0.0.1:9000',
      ATTACHMENTS_S3_FORCE_PATH_STYLE: 'true',
      ATTACHMENTS_S3_ACCESS_KEY_ID: 'key',
      ATTACHMENTS_S3_SECRET_ACCESS_KEY: 'secret',
    };
    expect(loadConfig(s3).attachments).toEqual({
      store: 's3',
      dir: null,
      s3: {
        bucket: 'mayak-files',
        region: 'us-east-1',
        endpoint: 'http://127.0.0.1:9000',
        forcePathStyle: true,
        credentials: { accessKeyId: 'key', secretAccessKey: 'secret' },
        prefix: '',
      },
    });
    expect(() => loadConfig({ ...s3, ATTACHMENTS_S3_BUCKET: 'Not A Bucket' })).toThrow(/ATTACHMENTS_S3_BUCKET/);
    expect(() => loadConfig({ ...s3, ATTACHMENTS_S3_SECRET_ACCESS_KEY: '' })).toThrow(/both/);
    expect(() => loadConfig({ ...s3, ATTACHMENTS_S3_PREFIX: 'no-slash' })).toThrow(/ATTACHMENTS_S3_PREFIX/);
    expect(() => loadConfig({ ...s3, ATTACHMENTS_STORE: 'ftp' })).toThrow(/ATTACHMENTS_STORE/);
    expect(() => loadConfig({ ...PRODUCTION, ...s3, NODE_ENV: 'production' })).toThrow(/https in production/);
  });

  it('holds files kept with a case to 10 MB unless CASE_ATTACHMENT_MAX_MB says otherwise (1 to 50)', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).caseAttachmentMaxBytes).toBe(10 * 1024 * 1024);
    expect(loadConfig({ NODE_ENV: 'development', CASE_ATTACHMENT_MAX_MB: '25' }).caseAttachmentMaxBytes).toBe(25 * 1024 * 1024);
    for (const bad of ['0', '51', '2.5', 'ten'])
      expect(() => loadConfig({ NODE_ENV: 'development', CASE_ATTACHMENT_MAX_MB: bad })).toThrow(/CASE_ATTACHMENT_MAX_MB/);
  });

  it('gives development a local Telegram stand-in, and checks the bot settings', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).telegram).toMatchObject({
      provider: 'local',
      botToken: null,
      botId: 'local',
      webhookSecret: 'mayak-local-telegram-secret',
      mode: 'webhook',
    });
    expect(() => loadConfig({ NODE_ENV: 'development', TELEGRAM_BOT_TOKEN: 'not-a-token' })).toThrow(/TELEGRAM_BOT_TOKEN/);
    expect(() => loadConfig({ NODE_ENV: 'development', TELEGRAM_MODE: 'polling' })).toThrow(/polling needs TELEGRAM_BOT_TOKEN/);
    expect(() => loadConfig({ NODE_ENV: 'development', TELEGRAM_MODE: 'push' })).toThrow(/TELEGRAM_MODE/);
    expect(() => loadConfig({ NODE_ENV: 'development', TELEGRAM_WEBHOOK_SECRET: 'has spaces' })).toThrow(/TELEGRAM_WEBHOOK_SECRET/);
    expect(() => loadConfig({ NODE_ENV: 'development', TELEGRAM_OFFICE: 'almaty office' })).toThrow(/TELEGRAM_OFFICE/);
  });

  it('gives development and tests a public audit chain key and a checkpoint directory, and checks the keys given', () => {
    const development = loadConfig({ NODE_ENV: 'development' }).auditChain;
    expect(development.keys.map((k) => k.id)).toEqual(['dev']);
    expect(development.keys[0].key).toEqual(Buffer.from(PUBLIC_CHAIN_KEY.split(':')[1], 'base64'));
    expect(development.checkpointDir).toMatch(/var\/audit-checkpoints$/);
    expect(loadConfig({ NODE_ENV: 'test' }).auditChain.checkpointDir).toMatch(/mayak-audit-checkpoints$/);
    expect(loadConfig({ NODE_ENV: 'development', AUDIT_CHECKPOINT_DIR: '/srv/checkpoints', AUDIT_CHECKPOINT_INTERVAL_SECONDS: '60' }).auditChain).toMatchObject(
      { checkpointDir: '/srv/checkpoints', checkpointIntervalSeconds: 60 },
    );
    const rotating = { NODE_ENV: 'development', AUDIT_CHAIN_KEY: `a2:${Buffer.alloc(32, 6).toString('base64')},a1:${Buffer.alloc(32, 5).toString('base64')}` };
    expect(loadConfig(rotating).auditChain.activeKeyId).toBe('a2');
    expect(loadConfig({ ...rotating, AUDIT_CHAIN_ACTIVE_KEY_ID: 'a1' }).auditChain.activeKeyId).toBe('a1');
    expect(() => loadConfig({ ...rotating, AUDIT_CHAIN_ACTIVE_KEY_ID: 'a3' })).toThrow(/AUDIT_CHAIN_ACTIVE_KEY_ID "a3" is not in AUDIT_CHAIN_KEY/);
    expect(() =>
      loadConfig({ NODE_ENV: 'development', AUDIT_CHAIN_KEY: `a1:${Buffer.alloc(32, 5).toString('base64')},a1:${Buffer.alloc(32, 6).toString('base64')}` }),
    ).toThrow(/twice/);
    expect(() => loadConfig({ NODE_ENV: 'development', AUDIT_CHAIN_KEY: `a b:${Buffer.alloc(32, 5).toString('base64')}` })).toThrow(/AUDIT_CHAIN_KEY ids/);
  });

  it('pins the clock only outside production, to an instant with an offset', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).clockStart).toBeNull();
    const pinned = loadConfig({ NODE_ENV: 'test', MAYAK_CLOCK_START: '2026-12-31T23:58:00+05:00', MAYAK_CLOCK_STARTED_AT: '2026-01-01T00:00:00Z' }).clockStart;
    expect(pinned?.at.toISOString()).toBe('2026-12-31T18:58:00.000Z');
    expect(pinned?.startedAt?.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(() => loadConfig({ NODE_ENV: 'test', MAYAK_CLOCK_START: '2026-12-31 23:58' })).toThrow(/MAYAK_CLOCK_START/);
    expect(() => loadConfig({ NODE_ENV: 'test', MAYAK_CLOCK_START: '2026-12-31T23:58:00Z', MAYAK_CLOCK_STARTED_AT: 'now' })).toThrow(/MAYAK_CLOCK_STARTED_AT/);
  });

  describe('in production', () => {
    it('starts with generated secrets, with the local adapter only when asked by name, or with Twilio', () => {
      const local = loadConfig(PRODUCTION);
      expect(local.telephony).toMatchObject({ provider: 'local', authToken: PRODUCTION.TELEPHONY_DEV_TOKEN });
      expect(local.cookieSecure).toBe(true);
      const { TELEPHONY_PROVIDER: _provider, TELEPHONY_DEV_TOKEN: _token, ...withoutTelephony } = PRODUCTION;
      expect(loadConfig({ ...withoutTelephony, ...TWILIO }).telephony).toMatchObject({ provider: 'twilio', authToken: TWILIO.TWILIO_AUTH_TOKEN });
    });

    it('refuses a Twilio line whose console could not answer (no softphone key)', () => {
      const { TELEPHONY_PROVIDER: _provider, TELEPHONY_DEV_TOKEN: _token, ...withoutTelephony } = PRODUCTION;
      const { TWILIO_API_KEY: _key, TWILIO_API_SECRET: _secret, TWILIO_TWIML_APP_SID: _app, ...lineOnly } = TWILIO;
      expect(() => loadConfig({ ...withoutTelephony, ...lineOnly })).toThrow(/needs TWILIO_API_KEY, TWILIO_API_SECRET and TWILIO_TWIML_APP_SID/);
    });

    it('refuses to run without Twilio unless the local adapter is chosen, and never with the public development token', () => {
      const { TELEPHONY_PROVIDER: _provider, TELEPHONY_DEV_TOKEN: _token, ...withoutTelephony } = PRODUCTION;
      expect(() => loadConfig(withoutTelephony)).toThrow(/no Twilio credentials/);
      expect(() => loadConfig({ ...withoutTelephony, TELEPHONY_DEV_TOKEN: PRODUCTION.TELEPHONY_DEV_TOKEN })).toThrow(/no Twilio credentials/);
      expect(() => loadConfig({ ...PRODUCTION, TELEPHONY_DEV_TOKEN: '' })).toThrow(
        /TELEPHONY_DEV_TOKEN is unset, so it would be the public development token "mayak-local-telephony-token"/,
      );
      expect(() => loadConfig({ ...PRODUCTION, TELEPHONY_DEV_TOKEN: 'mayak-local-telephony-token' })).toThrow(
        /TELEPHONY_DEV_TOKEN is the public development token/,
      );
      expect(() => loadConfig({ ...PRODUCTION, TELEPHONY_DEV_TOKEN: 'short-but-not-public' })).toThrow(/TELEPHONY_DEV_TOKEN must be at least 32 characters/);
      expect(() => loadConfig({ ...PRODUCTION, TELEPHONY_PROVIDER: 'twilio' })).toThrow(/TELEPHONY_PROVIDER=twilio needs TWILIO_ACCOUNT_SID/);
      expect(() => loadConfig({ ...PRODUCTION, ...TWILIO })).toThrow(/TELEPHONY_PROVIDER=local while TWILIO_ACCOUNT_SID is set/);
      expect(() => loadConfig({ ...PRODUCTION, TELEPHONY_PROVIDER: 'asterisk' })).toThrow(/TELEPHONY_PROVIDER must be twilio or local/);
    });

    it('refuses the public development encryption and hash keys, even under another id or beside a real key', () => {
      expect(() => loadConfig({ ...PRODUCTION, ENCRYPTION_KEYS: PUBLIC_ENCRYPTION_KEY })).toThrow(
        /ENCRYPTION_KEYS holds the public development key \(id "dev"\)/,
      );
      const copied = `k2:${PUBLIC_ENCRYPTION_KEY.split(':')[1]},${PRODUCTION.ENCRYPTION_KEYS}`;
      expect(() => loadConfig({ ...PRODUCTION, ENCRYPTION_KEYS: copied })).toThrow(/public development key \(id "k2"\)/);
      expect(() => loadConfig({ ...PRODUCTION, IDENTIFIER_HASH_KEY: PUBLIC_HASH_KEY })).toThrow(/IDENTIFIER_HASH_KEY is the public development key/);
      expect(() => loadConfig({ ...PRODUCTION, IDENTIFIER_HASH_KEY: PRODUCTION.ENCRYPTION_KEYS.split(':')[1] })).toThrow(
        /IDENTIFIER_HASH_KEY must not be one of the ENCRYPTION_KEYS/,
      );
      // The same values stay accepted where they belong.
      expect(loadConfig({ NODE_ENV: 'development', ENCRYPTION_KEYS: PUBLIC_ENCRYPTION_KEY, IDENTIFIER_HASH_KEY: PUBLIC_HASH_KEY }).encryptionKeys[0].id).toBe(
        'dev',
      );
    });

    it('refuses a missing audit chain key, the public development one, and one that is also another key', () => {
      const { AUDIT_CHAIN_KEY: _chain, ...withoutChainKey } = PRODUCTION;
      expect(() => loadConfig(withoutChainKey)).toThrow(/AUDIT_CHAIN_KEY is required in production/);
      expect(() => loadConfig({ ...PRODUCTION, AUDIT_CHAIN_KEY: PUBLIC_CHAIN_KEY })).toThrow(/AUDIT_CHAIN_KEY holds the public development key \(id "dev"\)/);
      // Copied under another id, or listed behind a key of its own for verification only.
      expect(() => loadConfig({ ...PRODUCTION, AUDIT_CHAIN_KEY: `${PRODUCTION.AUDIT_CHAIN_KEY},old:${PUBLIC_CHAIN_KEY.split(':')[1]}` })).toThrow(
        /AUDIT_CHAIN_KEY holds the public development key \(id "old"\)/,
      );
      expect(() => loadConfig({ ...PRODUCTION, AUDIT_CHAIN_KEY: `a2:${PRODUCTION.ENCRYPTION_KEYS.split(':')[1]}` })).toThrow(
        /AUDIT_CHAIN_KEY "a2" is also one of the ENCRYPTION_KEYS or the IDENTIFIER_HASH_KEY/,
      );
      expect(() => loadConfig({ ...PRODUCTION, AUDIT_CHAIN_KEY: `a2:${PRODUCTION.IDENTIFIER_HASH_KEY}` })).toThrow(
        /AUDIT_CHAIN_KEY "a2" is also one of the ENCRYPTION_KEYS or the IDENTIFIER_HASH_KEY/,
      );
      expect(() => loadConfig({ ...PRODUCTION, AUDIT_CHAIN_KEY: `a1:${Buffer.alloc(16, 5).toString('base64')}` })).toThrow(
        /AUDIT_CHAIN_KEY entries must be "id:<32 bytes in base64>"/,
      );
      const production = loadConfig(PRODUCTION).auditChain;
      expect(production).toMatchObject({ activeKeyId: 'a1', checkpointDir: '/data/audit-checkpoints', checkpointIntervalSeconds: 300 });
      expect(production.keys).toEqual([{ id: 'a1', key: Buffer.alloc(32, 5) }]);
    });

    it('refuses keys shorter than 32 bytes and a missing ENCRYPTION_KEYS', () => {
      expect(() => loadConfig({ ...PRODUCTION, ENCRYPTION_KEYS: `k1:${Buffer.alloc(16, 1).toString('base64')}` })).toThrow(/32 bytes/);
      expect(() => loadConfig({ ...PRODUCTION, IDENTIFIER_HASH_KEY: Buffer.alloc(31, 2).toString('base64') })).toThrow(/IDENTIFIER_HASH_KEY must be 32 bytes/);
      const { ENCRYPTION_KEYS: _keys, ...withoutKeys } = PRODUCTION;
      expect(() => loadConfig(withoutKeys)).toThrow(/ENCRYPTION_KEYS is required in production/);
    });

    it('takes several identifier hash keys while that key rotates, and refuses a public or shared one among them, old ones included', () => {
      const h1 = Buffer.alloc(32, 2).toString('base64');
      const h2 = Buffer.alloc(32, 3).toString('base64');
      // The single-value form is key "h1".
      expect(loadConfig(PRODUCTION)).toMatchObject({ activeIdentifierHashKeyId: 'h1', identifierHashKeys: [{ id: 'h1', key: Buffer.alloc(32, 2) }] });
      const rotating = loadConfig({ ...PRODUCTION, IDENTIFIER_HASH_KEY: `h2:${h2},h1:${h1}` });
      expect(rotating.identifierHashKeys.map((k) => k.id)).toEqual(['h2', 'h1']);
      expect(rotating).toMatchObject({ activeIdentifierHashKeyId: 'h2', identifierHashKey: Buffer.alloc(32, 3) });
      expect(loadConfig({ ...PRODUCTION, IDENTIFIER_HASH_KEY: `h1:${h1},h2:${h2}`, IDENTIFIER_HASH_ACTIVE_KEY_ID: 'h2' }).identifierHashKey).toEqual(
        Buffer.alloc(32, 3),
      );
      expect(() => loadConfig({ ...PRODUCTION, IDENTIFIER_HASH_KEY: `h1:${h1}`, IDENTIFIER_HASH_ACTIVE_KEY_ID: 'h2' })).toThrow(
        /IDENTIFIER_HASH_ACTIVE_KEY_ID "h2" is not in IDENTIFIER_HASH_KEY/,
      );
      expect(() => loadConfig({ ...PRODUCTION, IDENTIFIER_HASH_KEY: `h1:${h1},h1:${h2}` })).toThrow(/IDENTIFIER_HASH_KEY lists a key id twice/);
      expect(() => loadConfig({ ...PRODUCTION, IDENTIFIER_HASH_KEY: `h2:${h2},h1:${Buffer.alloc(16, 2).toString('base64')}` })).toThrow(/32 bytes/);
      // An old key kept for lookups is held to the same rules as the active one.
      expect(() => loadConfig({ ...PRODUCTION, IDENTIFIER_HASH_KEY: `h2:${h2},old:${PUBLIC_HASH_KEY}` })).toThrow(
        /IDENTIFIER_HASH_KEY is the public development key \(id "old"\)/,
      );
      expect(() => loadConfig({ ...PRODUCTION, IDENTIFIER_HASH_KEY: `h2:${h2},old:${PRODUCTION.ENCRYPTION_KEYS.split(':')[1]}` })).toThrow(
        /IDENTIFIER_HASH_KEY must not be one of the ENCRYPTION_KEYS \(id "old"\)/,
      );
      expect(() => loadConfig({ ...PRODUCTION, IDENTIFIER_HASH_KEY: `h2:${h2},old:${PRODUCTION.AUDIT_CHAIN_KEY.split(':')[1]}` })).toThrow(
        /IDENTIFIER_HASH_KEY must not be one of the AUDIT_CHAIN_KEY keys \(id "old"\)/,
      );
      expect(() =>
        loadConfig({
          ...PRODUCTION,
          ENCRYPTION_KEYS: `k2:${Buffer.alloc(32, 4).toString('base64')},${PRODUCTION.ENCRYPTION_KEYS}`,
          IDENTIFIER_HASH_KEY: `h2:${h2},h1:${Buffer.alloc(32, 4).toString('base64')}`,
        }),
      ).toThrow(/IDENTIFIER_HASH_KEY must not be one of the ENCRYPTION_KEYS \(id "h1"\)/);
    });

    it('refuses an encryption key id that cannot head a stored value, or one given twice', () => {
      const key = Buffer.alloc(32, 1).toString('base64');
      expect(() => loadConfig({ ...PRODUCTION, ENCRYPTION_KEYS: `k.1:${key}` })).toThrow(/ENCRYPTION_KEYS ids must be 1–32 characters without dots/);
      expect(() => loadConfig({ ...PRODUCTION, ENCRYPTION_KEYS: `k1:${key},k1:${Buffer.alloc(32, 9).toString('base64')}` })).toThrow(
        /ENCRYPTION_KEYS lists a key id twice/,
      );
    });

    it('refuses an http address and cookies without the Secure flag', () => {
      expect(() => loadConfig({ ...PRODUCTION, PUBLIC_URL: 'http://hotline.example.org' })).toThrow(
        /PUBLIC_URL must be an https:\/\/ address in production.*"http:\/\/hotline.example.org"/,
      );
      const { PUBLIC_URL: _url, ...withoutUrl } = PRODUCTION;
      expect(() => loadConfig(withoutUrl)).toThrow(/PUBLIC_URL must be an https:\/\/ address in production.*"http:\/\/localhost:3000"/);
      expect(() => loadConfig({ ...PRODUCTION, COOKIE_SECURE: 'false' })).toThrow(/COOKIE_SECURE=false/);
    });

    it('refuses MFA_REQUIRED_ROLES emptied or without supervisors, administrators and partners, and lets it add roles', () => {
      expect(() => loadConfig({ ...PRODUCTION, MFA_REQUIRED_ROLES: '' })).toThrow(
        /MFA_REQUIRED_ROLES must include supervisor,admin,partner in production \(missing: supervisor, admin, partner\)/,
      );
      expect(() => loadConfig({ ...PRODUCTION, MFA_REQUIRED_ROLES: 'admin' })).toThrow(/missing: supervisor, partner\)/);
      expect(() => loadConfig({ ...PRODUCTION, MFA_REQUIRED_ROLES: 'supervisor,admin' })).toThrow(/missing: partner\)/);
      expect(loadConfig({ ...PRODUCTION, MFA_REQUIRED_ROLES: 'supervisor,admin,partner' }).mfaRequiredRoles).toEqual(['supervisor', 'admin', 'partner']);
      expect(loadConfig({ NODE_ENV: 'development', MFA_REQUIRED_ROLES: '' }).mfaRequiredRoles).toEqual([]);
    });

    it('has no Telegram without a bot, and refuses a bot with the public or a short webhook secret', () => {
      expect(loadConfig(PRODUCTION).telegram).toBeNull();
      const bot = { TELEGRAM_BOT_TOKEN: `123456789:${'A'.repeat(35)}` };
      expect(() => loadConfig({ ...PRODUCTION, ...bot })).toThrow(/TELEGRAM_WEBHOOK_SECRET/);
      expect(() => loadConfig({ ...PRODUCTION, ...bot, TELEGRAM_WEBHOOK_SECRET: 'mayak-local-telegram-secret' })).toThrow(/TELEGRAM_WEBHOOK_SECRET/);
      expect(() => loadConfig({ ...PRODUCTION, ...bot, TELEGRAM_WEBHOOK_SECRET: 'short_secret' })).toThrow(/at least 32/);
      expect(loadConfig({ ...PRODUCTION, ...bot, TELEGRAM_WEBHOOK_SECRET: 's'.repeat(43) }).telegram).toMatchObject({
        provider: 'bot-api',
        botId: '123456789',
        mode: 'webhook',
      });
    });

    it('refuses a pinned clock', () => {
      expect(() => loadConfig({ ...PRODUCTION, MAYAK_CLOCK_START: '2026-12-31T23:58:00+05:00' })).toThrow(/MAYAK_CLOCK_START/);
    });

    it('names every development default it finds at once', () => {
      expect(() =>
        loadConfig({
          ...PRODUCTION,
          ENCRYPTION_KEYS: PUBLIC_ENCRYPTION_KEY,
          IDENTIFIER_HASH_KEY: PUBLIC_HASH_KEY,
          AUDIT_CHAIN_KEY: PUBLIC_CHAIN_KEY,
          PUBLIC_URL: 'http://x.example',
          MFA_REQUIRED_ROLES: '',
        }),
      ).toThrow(/ENCRYPTION_KEYS[\s\S]*IDENTIFIER_HASH_KEY[\s\S]*AUDIT_CHAIN_KEY[\s\S]*PUBLIC_URL[\s\S]*COOKIE_SECURE[\s\S]*MFA_REQUIRED_ROLES/);
    });
  });

  it('trusts X-Forwarded-For from nobody, from private-network proxies, or from the proxies named', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).trustProxy).toBe(false);
    expect(loadConfig({ NODE_ENV: 'development', TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ NODE_ENV: 'development', TRUST_PROXY: 'true' }).trustProxy).toEqual(['loopback', 'uniquelocal']);
    expect(loadConfig({ NODE_ENV: 'development', TRUST_PROXY: '10.0.0.5, 172.18.0.0/16,fd00::/8' }).trustProxy).toEqual([
      '10.0.0.5',
      '172.18.0.0/16',
      'fd00::/8',
    ]);
    for (const bad of ['nginx', '10.0.0.0/33', '10.0.0.1/8/2', '300.1.1.1']) {
      expect(() => loadConfig({ NODE_ENV: 'development', TRUST_PROXY: bad })).toThrow(/TRUST_PROXY must be true, false, or proxy addresses/);
    }
  });
  it('keeps metrics off the public API unless a long enough token is set, on loopback by default', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).metrics).toEqual({ token: null, host: '127.0.0.1', apiPort: null, workerPort: 9465 });
    expect(loadConfig({ NODE_ENV: 'test' }).metrics.workerPort).toBeNull();
    expect(() => loadConfig({ NODE_ENV: 'development', METRICS_TOKEN: 'short-token' })).toThrow(/METRICS_TOKEN must be at least 32/);
    const configured = loadConfig({
      NODE_ENV: 'development',
      METRICS_TOKEN: 'x'.repeat(32),
      METRICS_HOST: '10.0.0.5',
      METRICS_PORT: '9464',
      WORKER_METRICS_PORT: '0',
    }).metrics;
    expect(configured).toEqual({ token: 'x'.repeat(32), host: '10.0.0.5', apiPort: 9464, workerPort: null });
    expect(() => loadConfig({ NODE_ENV: 'development', METRICS_PORT: '70000' })).toThrow(/METRICS_PORT/);
  });

  it('runs one API process unless API_PROCESSES asks for more, or one per core with auto', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).apiProcesses).toBe(1);
    expect(loadConfig({ NODE_ENV: 'development', API_PROCESSES: '4' }).apiProcesses).toBe(4);
    expect(loadConfig({ NODE_ENV: 'development', API_PROCESSES: 'auto' }).apiProcesses).toBe(Math.min(64, availableParallelism()));
    for (const refused of ['0', '-1', '1.5', 'two', '65'])
      expect(() => loadConfig({ NODE_ENV: 'development', API_PROCESSES: refused })).toThrow(/API_PROCESSES must be/);
  });

  describe('e-mail', () => {
    it('sends to the loopback server of npm start in development, and is off in tests unless asked for', () => {
      expect(loadConfig({ NODE_ENV: 'development' }).mail).toMatchObject({
        enabled: true,
        from: 'Mayak <mayak@localhost>',
        smtp: { host: '127.0.0.1', port: 2525, secure: false, requireTls: false, user: null },
      });
      expect(loadConfig({ NODE_ENV: 'test' }).mail).toMatchObject({ enabled: false, smtp: null });
      expect(loadConfig({ NODE_ENV: 'test', MAIL_ENABLED: 'true', SMTP_URL: 'smtp://127.0.0.1:4025' }).mail.smtp).toMatchObject({
        url: 'smtp://127.0.0.1:4025',
        host: '127.0.0.1',
        port: 4025,
      });
      expect(loadConfig({ NODE_ENV: 'development', MAIL_ENABLED: 'false' }).mail).toMatchObject({ enabled: false, smtp: null });
    });

    it('refuses to start production with mail on but no server or sender, naming how to turn it off', () => {
      const { MAIL_ENABLED: _off, ...withMail } = PRODUCTION;
      expect(() => loadConfig(withMail)).toThrow(/SMTP_URL[\s\S]*MAIL_ENABLED=false/);
      expect(() => loadConfig({ ...withMail, SMTP_URL: 'smtps://mayak:secret@smtp.example.org' })).toThrow(/MAIL_FROM is required/);
      const mail = loadConfig({
        ...withMail,
        SMTP_URL: 'smtps://mayak:s%40cret@smtp.example.org',
        MAIL_FROM: 'Mayak 11616 <noreply@hotline.example.org>',
      }).mail;
      expect(mail).toMatchObject({
        enabled: true,
        from: 'Mayak 11616 <noreply@hotline.example.org>',
        smtp: { host: 'smtp.example.org', port: 465, secure: true, user: 'mayak', password: 's@cret' },
      });
      expect(loadConfig(PRODUCTION).mail.enabled).toBe(false);
    });

    it('asks production for TLS unless the server is a relay on loopback or TLS is declined by name', () => {
      const { MAIL_ENABLED: _off, ...withMail } = PRODUCTION;
      const base = { ...withMail, MAIL_FROM: 'noreply@hotline.example.org' };
      expect(loadConfig({ ...base, SMTP_HOST: 'smtp.example.org', SMTP_USER: 'u', SMTP_PASSWORD: 'p' }).mail.smtp).toMatchObject({
        port: 587,
        secure: false,
        requireTls: true,
      });
      expect(loadConfig({ ...base, SMTP_HOST: '127.0.0.1', SMTP_PORT: '25' }).mail.smtp).toMatchObject({ port: 25, requireTls: false });
      expect(loadConfig({ ...base, SMTP_HOST: 'relay.internal', SMTP_REQUIRE_TLS: 'false' }).mail.smtp).toMatchObject({ requireTls: false });
    });

    it('refuses settings that contradict each other or are not what they say', () => {
      const dev = { NODE_ENV: 'development' };
      expect(() => loadConfig({ ...dev, SMTP_URL: 'http://smtp.example.org' })).toThrow(/smtp:\/\/ or smtps:\/\//);
      expect(() => loadConfig({ ...dev, SMTP_URL: 'smtp://a.example.org', SMTP_HOST: 'b.example.org' })).toThrow(/not both/);
      expect(() => loadConfig({ ...dev, SMTP_URL: 'smtp://a.example.org', SMTP_PORT: '25' })).toThrow(/leave SMTP_PORT/);
      expect(() => loadConfig({ ...dev, SMTP_HOST: 'a.example.org', SMTP_USER: 'only-user' })).toThrow(/SMTP_USER and SMTP_PASSWORD/);
      expect(() => loadConfig({ ...dev, MAIL_FROM: 'not an address' })).toThrow(/MAIL_FROM must be an e-mail address/);
      expect(() => loadConfig({ ...dev, MAIL_DIGEST_HOUR: '24' })).toThrow(/MAIL_DIGEST_HOUR/);
      expect(loadConfig(dev).mail.taskDueSoonHours).toBe(24);
      expect(loadConfig({ ...dev, MAIL_TASK_DUE_SOON_HOURS: '6' }).mail.taskDueSoonHours).toBe(6);
      expect(() => loadConfig({ ...dev, MAIL_TASK_DUE_SOON_HOURS: '0' })).toThrow(/MAIL_TASK_DUE_SOON_HOURS must be an integer >= 1/);
      expect(() => loadConfig({ ...dev, MAIL_TASK_DUE_SOON_HOURS: '169' })).toThrow(/MAIL_TASK_DUE_SOON_HOURS must be at most 168/);
      expect(() => loadConfig({ ...dev, MAIL_ENABLED: 'sometimes' })).toThrow(/MAIL_ENABLED must be true or false/);
    });
  });
});
