import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '../auth/access.decorators';
import type { Actor } from '../context/request-context';
import { AuditPageDto, ListAuditQuery } from './audit.dto';
import { AuditLogService } from './audit-log.service';

@ApiTags('audit')
@Controller({ path: 'audit', version: '1' })
export class AuditController {
  constructor(private readonly log: AuditLogService) {}

  @Get()
  @RequirePermission('audit.read')
  @ApiOkResponse({ type: AuditPageDto })
  listAudit(@CurrentActor() actor: Actor, @Query() query: ListAuditQuery): Promise<AuditPageDto> {
    return this.log.list(actor, query);
  }
}
