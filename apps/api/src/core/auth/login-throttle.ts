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
 * Counts sign-in attempts per account and per address in Redis (shared by every API
 * instance). Past the limit, further attempts get 429 until the window passes, even
 * with the right password, so guessing stays slow.
 *
 * An attempt is counted (one atomic INCR per counter) before the password is checked and
 * given back when it turns out right: a burst of parallel guesses cannot all pass a check
 * that reads the counters first and counts the failures only after the slow hash.
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

  /**
   * Takes one attempt from both counters before verifying; throws 429 when either is
   * exhausted. The attempt stays counted unless `succeeded` or `giveBack` returns it.
   */
  async take(account: string, address: string): Promise<void> {
    const limiters = [[this.perAccount, key(account)], [this.perAddress, address]] as const;
    const results = await Promise.allSettled(limiters.map(([limiter, k]) => limiter.consume(k, 1)));
    const refusals = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    if (refusals.length === 0) return;
    // A refused attempt verifies nothing, so it must not use up the other counter.
    await Promise.all(results.map((r, i) => (r.status === 'fulfilled' ? limiters[i][0].reward(limiters[i][1], 1).catch(() => undefined) : undefined)));
    const storeError = refusals.find((r) => !(r instanceof RateLimiterRes));
    if (storeError) throw storeError;
    const retryAfterSeconds = Math.max(1, Math.ceil(Math.max(...(refusals as RateLimiterRes[]).map((r) => r.msBeforeNext)) / 1000));
    throw new DomainError('too_many_attempts', 'Too many failed attempts; wait before trying again', { retryAfterSeconds });
  }

  /** The right secret: the account's failures are forgotten and the address gets its attempt back. */
  async succeeded(account: string, address: string): Promise<void> {
    await Promise.all([this.perAccount.delete(key(account)), this.perAddress.reward(address, 1)]);
  }

  /** The attempt was not a guess (the password was right but sign-in refused for another reason). */
  async giveBack(account: string, address: string): Promise<void> {
    await Promise.all([this.perAccount.reward(key(account), 1), this.perAddress.reward(address, 1)]);
  }
}
