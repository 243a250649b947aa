import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { MAX_PAGE_SIZE, clampPageSize } from '@mayak/domain';
import { CurrentActor, RequirePermission } from '#api/core/auth/access.decorators';
import type { Actor } from '#api/core/context/request-context';
import type { Alert } from './alert.entity';
import { AlertsService, type AlertState } from './alerts.service';

const ALERT_STATES = ['unread', 'read', 'open', 'resolved'] as const;

export class ListAlertsQuery {
  @ApiPropertyOptional({ enum: ALERT_STATES })
  @IsOptional()
  @IsIn(ALERT_STATES)
  state?: AlertState;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

export class AlertDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({
    enum: [
      'critical_contact',
      'closure_approval_requested',
      'referral_overdue',
      'referral_escalated',
      'referral_answered',
      'case_stale',
      'task_overdue',
      'callback_due',
      'callback_failed',
      'message_unroutable',
      'message_unprocessed',
      'conversation_assigned',
    ],
    enumName: 'AlertKind',
  })
  kind!: string;
  @ApiProperty({ type: String, nullable: true }) entityType!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) entityId!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) data!: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) readAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) resolvedAt!: string | null;

  static from(a: Alert): AlertDto {
    return {
      id: a.id,
      kind: a.kind,
      entityType: a.entityType,
      entityId: a.entityId,
      data: a.data,
      createdAt: a.createdAt.toISOString(),
      readAt: a.readAt?.toISOString() ?? null,
      resolvedAt: a.resolvedAt?.toISOString() ?? null,
    };
  }
}

export class AlertPageDto {
  @ApiProperty({ type: [AlertDto] }) items!: AlertDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
  @ApiProperty() limit!: number;
  @ApiProperty({ description: 'Unread alerts in all' }) unread!: number;
}

/** The signed-in user's own alerts; nobody reads another's. */
@ApiTags('alerts')
@Controller({ path: 'alerts', version: '1' })
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Get()
  @RequirePermission('alerts.read')
  @ApiOkResponse({ type: AlertPageDto })
  async listAlerts(@CurrentActor() actor: Actor, @Query() query: ListAlertsQuery): Promise<AlertPageDto> {
    const page = await this.alerts.list(actor, query.state, clampPageSize(query.limit), query.cursor);
    return { ...page, items: page.items.map(AlertDto.from) };
  }

  @Post(':id/read')
  @HttpCode(200)
  @RequirePermission('alerts.read')
  @ApiOkResponse({ type: AlertDto })
  async markAlertRead(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<AlertDto> {
    return AlertDto.from(await this.alerts.mark(actor, id, 'read'));
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @RequirePermission('alerts.read')
  @ApiOkResponse({ type: AlertDto })
  async resolveAlert(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<AlertDto> {
    return AlertDto.from(await this.alerts.mark(actor, id, 'resolved'));
  }
}
