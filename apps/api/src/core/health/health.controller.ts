import { Controller, Get, Inject, VERSION_NEUTRAL } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { Public } from '../auth/access.decorators';
import { DomainError } from '../errors/domain-error';
import { REDIS } from '../redis/redis.module';

export class HealthDto {
  @ApiProperty({ example: 'ok' }) status!: string;
}

export class ReadinessDto extends HealthDto {
  @ApiProperty({ example: { postgres: 'up', redis: 'up' } }) checks!: Record<string, 'up' | 'down'>;
}

const withTimeout = <T>(promise: Promise<T>, ms: number): Promise<T> =>
  Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);

@ApiTags('health')
@Controller({ path: 'health', version: VERSION_NEUTRAL })
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  @Get()
  @Public()
  @ApiOkResponse({ type: HealthDto })
  liveness(): HealthDto {
    return { status: 'ok' };
  }

  @Get('ready')
  @Public()
  @ApiOkResponse({ type: ReadinessDto })
  @ApiServiceUnavailableResponse({ description: 'Postgres or Redis is not reachable' })
  async readiness(): Promise<ReadinessDto> {
    const [postgres, redis] = await Promise.all([
      withTimeout(this.dataSource.query('SELECT 1'), 2_000).then(
        () => 'up' as const,
        () => 'down' as const,
      ),
      withTimeout(this.redis.ping(), 2_000).then(
        () => 'up' as const,
        () => 'down' as const,
      ),
    ]);
    if (postgres === 'down' || redis === 'down') {
      throw new DomainError('service_unavailable', `Not ready: postgres ${postgres}, redis ${redis}`, { checks: { postgres, redis } });
    }
    return { status: 'ok', checks: { postgres, redis } };
  }
}
