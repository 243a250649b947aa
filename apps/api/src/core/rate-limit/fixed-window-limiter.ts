import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { Clock } from '../clock/clock';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { REDIS } from '../redis/redis.module';

// Counts the attempt and starts the window with the first one, in one step (parallel attempts see each other).
const TAKE = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
if n > tonumber(ARGV[2]) then return redis.call('PTTL', KEYS[1]) end
return 0
`;

/** At most `limit` attempts per key in each window; Redis keeps the count, so every API process shares it. */
@Injectable()
export class FixedWindowLimiter {
  private readonly prefix: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.prefix = `${config.redisKeyPrefix}:rate`;
  }

  /** 0 when the attempt may go ahead, else the milliseconds until the window reopens. */
  async take(key: string, limit: number, windowMs: number): Promise<number> {
    const window = Math.floor(this.clock.nowMs() / windowMs);
    const waitMs = Number(await this.redis.eval(TAKE, 1, `${this.prefix}:${key}:${window}`, String(windowMs), String(limit)));
    return waitMs > 0 ? waitMs : 0;
  }
}
