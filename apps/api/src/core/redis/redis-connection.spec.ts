import { ConfigError, loadConfig } from '../config/app-config';
import { describeRedis, redisClientOptions } from './redis-connection';

describe('Redis connection', () => {
  it('connects to REDIS_URL when no Sentinels are named', () => {
    const config = loadConfig({ NODE_ENV: 'development', REDIS_URL: 'redis://cache.internal:6380/2' });
    expect(config.redisSentinel).toBeNull();
    const { url, options } = redisClientOptions(config);
    expect(url).toBe('redis://cache.internal:6380/2');
    expect(options.sentinels).toBeUndefined();
    expect(describeRedis(config)).toBe('cache.internal:6380');
  });

  it('asks the Sentinels for the master, with the credentials and database of REDIS_URL', () => {
    const config = loadConfig({
      NODE_ENV: 'development',
      REDIS_URL: 'redis://mayak:s%40cret@ignored-host:6379/3',
      REDIS_SENTINELS: 'sentinel-a:26379, sentinel-b:26379,[fd00::7]:26380',
      REDIS_SENTINEL_NAME: 'mayak-master',
      REDIS_SENTINEL_PASSWORD: 'sentinel-secret',
    });
    const { url, options } = redisClientOptions(config, { forQueue: true });
    expect(url).toBeNull();
    expect(options).toMatchObject({
      sentinels: [
        { host: 'sentinel-a', port: 26379 },
        { host: 'sentinel-b', port: 26379 },
        { host: 'fd00::7', port: 26380 },
      ],
      name: 'mayak-master',
      sentinelPassword: 'sentinel-secret',
      username: 'mayak',
      password: 's@cret',
      db: 3,
      maxRetriesPerRequest: null,
      enableOfflineQueue: true,
    });
    expect(options.host).toBeUndefined();
    expect(options.tls).toBeUndefined();
    expect(describeRedis(config)).toBe('master "mayak-master" via Sentinels sentinel-a:26379, sentinel-b:26379, fd00::7:26380');
  });

  it('keeps TLS on for the master found through Sentinels when REDIS_URL is rediss://', () => {
    const config = loadConfig({ NODE_ENV: 'development', REDIS_URL: 'rediss://:pw@x:6379', REDIS_SENTINELS: 's1:26379', REDIS_SENTINEL_NAME: 'm' });
    const { options } = redisClientOptions(config);
    expect(options).toMatchObject({ tls: {}, enableTLSForSentinelMode: true, password: 'pw', db: 0, maxRetriesPerRequest: 2, enableOfflineQueue: false });
    expect(options.username).toBeUndefined();
  });

  it('refuses Sentinels without a master name, a name without Sentinels, and entries that are not host:port', () => {
    expect(() => loadConfig({ NODE_ENV: 'development', REDIS_SENTINELS: 's1:26379' })).toThrow(/REDIS_SENTINEL_NAME is required/);
    expect(() => loadConfig({ NODE_ENV: 'development', REDIS_SENTINEL_NAME: 'm' })).toThrow(/needs REDIS_SENTINELS/);
    for (const bad of ['s1', 's1:0', 's1:70000', 'redis://s1:26379', 's1:26379:1']) {
      expect(() => loadConfig({ NODE_ENV: 'development', REDIS_SENTINELS: bad, REDIS_SENTINEL_NAME: 'm' })).toThrow(ConfigError);
    }
  });
});
