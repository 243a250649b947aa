import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { DomainError } from '../errors/domain-error';
import { REDIS } from '../redis/redis.module';
import { sha256 } from '../crypto/tokens';

// Account names are hashed so Redis never holds an e-mail address.
const key = (account: string) => sha256(account.toLowerCase()).toString('hex');

/**
 * Counts failed sign-ins per account and per address in Redis (shared by every API
 * instance). Past the limit, further attempts get 429 until the window passes, even
 * with the right password, so guessing stays slow.
 */
@Injectable()
export class LoginThrottle {
  private readonly perAccount: RateLimiterRedis;
  private readonly perAddress: RateLimiterRedis;

  constructor(@Inject(REDIS) redis: Redis, @Inject(APP_CONFIG) config: AppConfig) {
    const duration = config.login.windowMinutes * 60;
    const keyPrefix = `${config.redisKeyPrefix}:login-fail`;
    this.perAccount = new RateLimiterRedis({ storeClient: redis, keyPrefix: `${keyPrefix}:account`, points: config.login.maxFailuresPerAccount, duration, useRedisPackage: false });
    this.perAddress = new RateLimiterRedis({ storeClient: redis, keyPrefix: `${keyPrefix}:address`, points: config.login.maxFailuresPerAddress, duration, useRedisPackage: false });
  }

  /** Throws 429 when either counter is exhausted. */
  async assertAllowed(account: string, address: string): Promise<void> {
    const limiters = [[this.perAccount, key(account)], [this.perAddress, address]] as const;
    const results = await Promise.all(limiters.map(([limiter, k]) => limiter.get(k)));
    const exhausted = results.filter((r, i): r is RateLimiterRes => !!r && r.consumedPoints >= limiters[i][0].points);
    if (exhausted.length > 0) {
      const retryAfterSeconds = Math.max(1, Math.ceil(Math.max(...exhausted.map((r) => r.msBeforeNext)) / 1000));
      throw new DomainError('too_many_attempts', 'Too many failed attempts; wait before trying again', { retryAfterSeconds });
    }
  }

  async recordFailure(account: string, address: string): Promise<void> {
    await Promise.all([
      this.perAccount.penalty(key(account), 1).catch(() => undefined),
      this.perAddress.penalty(address, 1).catch(() => undefined),
    ]);
  }

  async reset(account: string): Promise<void> {
    await this.perAccount.delete(key(account));
  }
}
