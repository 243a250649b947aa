import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../auth/access.decorators';
import { Clock } from '../clock/clock';
import { JobQueue } from './job-queue.port';
import { QueueName } from './queue-names';

export class QueueCountsDto {
  @ApiProperty() waiting!: number;
  @ApiProperty() active!: number;
  @ApiProperty() delayed!: number;
  @ApiProperty() failed!: number;
  @ApiProperty() completed!: number;
}

export class QueueStatusDto {
  @ApiProperty({ enum: QueueName, enumName: 'QueueName' }) name!: QueueName;
  @ApiProperty() isPaused!: boolean;
  @ApiProperty({ description: 'Worker processes connected to this queue' }) workers!: number;
  @ApiProperty({ type: QueueCountsDto }) counts!: QueueCountsDto;
}

export class QueueHealthDto {
  @ApiProperty({ format: 'date-time' }) checkedAt!: string;
  @ApiProperty({ type: [QueueStatusDto] }) queues!: QueueStatusDto[];
}

@ApiTags('admin')
@Controller({ path: 'admin/queues', version: '1' })
export class QueueHealthController {
  constructor(
    private readonly queue: JobQueue,
    private readonly clock: Clock,
  ) {}

  @Get()
  @RequirePermission('queues.read')
  @ApiOkResponse({ type: QueueHealthDto })
  async queueHealth(): Promise<QueueHealthDto> {
    return { checkedAt: this.clock.now().toISOString(), queues: await this.queue.health() };
  }
}
