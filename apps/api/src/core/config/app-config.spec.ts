import { can } from '@mayak/domain';
import { ConfigError, loadConfig } from './app-config';

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
    const keys = `k1:${Buffer.alloc(32, 1).toString('base64')}`;
    expect(() => loadConfig({ NODE_ENV: 'production', ENCRYPTION_KEYS: keys })).toThrow(/IDENTIFIER_HASH_KEY/);
    expect(loadConfig({ NODE_ENV: 'production', ENCRYPTION_KEYS: keys, IDENTIFIER_HASH_KEY: Buffer.alloc(32, 2).toString('base64') }).nodeEnv).toBe('production');
  });

  it('uses the local telephony adapter unless both Twilio settings are given, and checks them', () => {
    const local = loadConfig({ NODE_ENV: 'development' }).telephony;
    expect(local).toMatchObject({ provider: 'local', authToken: 'mayak-local-telephony-token', hotlineNumber: '+77000011616', lines: {} });
    const sid = `AC${'a'.repeat(32)}`;
    const twilio = loadConfig({ NODE_ENV: 'development', TWILIO_ACCOUNT_SID: sid, TWILIO_AUTH_TOKEN: 'secret', TELEPHONY_LINES: '+77273000000=ALA, +77172000000=AST' }).telephony;
    expect(twilio).toMatchObject({ provider: 'twilio', accountSid: sid, authToken: 'secret', lines: { '+77273000000': 'ALA', '+77172000000': 'AST' } });
    expect(() => loadConfig({ NODE_ENV: 'development', TWILIO_ACCOUNT_SID: sid })).toThrow(/both/);
    expect(() => loadConfig({ NODE_ENV: 'development', TWILIO_ACCOUNT_SID: 'AC123', TWILIO_AUTH_TOKEN: 'x' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'development', TELEPHONY_LINES: '12345=ALA' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'development', TELEPHONY_HOTLINE_NUMBER: '11616' })).toThrow(ConfigError);
    const keys = `k1:${Buffer.alloc(32, 1).toString('base64')}`;
    const hash = Buffer.alloc(32, 2).toString('base64');
    expect(() => loadConfig({ NODE_ENV: 'production', ENCRYPTION_KEYS: keys, IDENTIFIER_HASH_KEY: hash, TWILIO_ACCOUNT_SID: sid, TWILIO_AUTH_TOKEN: 'x' })).toThrow(/TELEPHONY_HOTLINE_NUMBER/);
  });

  it('lets prompts be replaced by text or by a recording’s address', () => {
    const prompts = loadConfig({ NODE_ENV: 'development', TELEPHONY_PROMPT_MENU_KK: 'https://example.org/menu-kk.mp3', TELEPHONY_PROMPT_HOLD_EN: 'Please hold.' }).telephony.prompts;
    expect(prompts.menu.kk).toBe('https://example.org/menu-kk.mp3');
    expect(prompts.hold.en).toBe('Please hold.');
    expect(prompts.hold.ru).toContain('оставайтесь на линии');
  });

  it('pins the clock only outside production, to an instant with an offset', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).clockStart).toBeNull();
    const pinned = loadConfig({ NODE_ENV: 'test', MAYAK_CLOCK_START: '2026-12-31T23:58:00+05:00', MAYAK_CLOCK_STARTED_AT: '2026-01-01T00:00:00Z' }).clockStart;
    expect(pinned?.at.toISOString()).toBe('2026-12-31T18:58:00.000Z');
    expect(pinned?.startedAt?.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(() => loadConfig({ NODE_ENV: 'test', MAYAK_CLOCK_START: '2026-12-31 23:58' })).toThrow(/MAYAK_CLOCK_START/);
    expect(() => loadConfig({ NODE_ENV: 'test', MAYAK_CLOCK_START: '2026-12-31T23:58:00Z', MAYAK_CLOCK_STARTED_AT: 'now' })).toThrow(/MAYAK_CLOCK_STARTED_AT/);
  });

  it('keeps metrics off the public API unless a long enough token is set, on loopback by default', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).metrics).toEqual({ token: null, host: '127.0.0.1', apiPort: null, workerPort: 9465 });
    expect(loadConfig({ NODE_ENV: 'test' }).metrics.workerPort).toBeNull();
    expect(() => loadConfig({ NODE_ENV: 'development', METRICS_TOKEN: 'short-token' })).toThrow(/METRICS_TOKEN must be at least 32/);
    const configured = loadConfig({ NODE_ENV: 'development', METRICS_TOKEN: 'x'.repeat(32), METRICS_HOST: '10.0.0.5', METRICS_PORT: '9464', WORKER_METRICS_PORT: '0' }).metrics;
    expect(configured).toEqual({ token: 'x'.repeat(32), host: '10.0.0.5', apiPort: 9464, workerPort: null });
    expect(() => loadConfig({ NODE_ENV: 'development', METRICS_PORT: '70000' })).toThrow(/METRICS_PORT/);
  });
});
