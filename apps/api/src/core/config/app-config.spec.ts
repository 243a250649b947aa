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
});
