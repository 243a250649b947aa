import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

export const REDIS = 'REDIS';

export function createRedis(url: string, options: { forQueue?: boolean } = {}): Redis {
  return new Redis(url, {
    // BullMQ needs commands to wait for a reconnect rather than fail; other users fail fast.
    maxRetriesPerRequest: options.forQueue ? null : 2,
    enableOfflineQueue: options.forQueue ? true : false,
    connectTimeout: 5_000,
    lazyConnect: false,
  });
}

@Global()
@Module({
  providers: [{ provide: REDIS, inject: [APP_CONFIG], useFactory: (config: AppConfig) => createRedis(config.redisUrl) }],
  exports: [REDIS],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
