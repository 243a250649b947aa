import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '#api/core/auth/access.decorators';
import type { Actor } from '#api/core/context/request-context';
import { LegalHoldDto, LegalHoldStateDto, RetentionReportDto, RetentionSettingsDto, UpdateRetentionSettingsDto } from './dto/retention.dto';
import { RetentionService } from './retention.service';

@ApiTags('retention')
@Controller({ version: '1' })
export class RetentionController {
  constructor(private readonly retention: RetentionService) {}

  @Get('admin/retention')
  @RequirePermission('retention.manage')
  @ApiOkResponse({ type: RetentionSettingsDto })
  async getRetentionSettings(): Promise<RetentionSettingsDto> {
    return this.retention.view(await this.retention.settings());
  }

  @Put('admin/retention')
  @RequirePermission('retention.manage')
  @ApiOkResponse({ type: RetentionSettingsDto })
  async updateRetentionSettings(@CurrentActor() actor: Actor, @Body() body: UpdateRetentionSettingsDto): Promise<RetentionSettingsDto> {
    return this.retention.update(actor, body);
  }

  @Post('admin/retention/preview')
  @HttpCode(200)
  @RequirePermission('retention.manage')
  @ApiOkResponse({ type: RetentionReportDto, description: 'What a run would anonymise now; changes nothing' })
  async previewRetention(@CurrentActor() actor: Actor): Promise<RetentionReportDto> {
    return this.retention.preview(actor);
  }

  @Post('admin/retention/run')
  @HttpCode(200)
  @RequirePermission('retention.manage')
  @ApiOkResponse({ type: RetentionReportDto, description: 'Anonymises now what is past its period (the worker also does, daily); safe to repeat' })
  async runRetention(): Promise<RetentionReportDto> {
    return this.retention.run();
  }

  @Put('cases/:id/legal-hold')
  @RequirePermission('cases.legal_hold')
  @ApiOkResponse({ type: LegalHoldStateDto, description: 'A held case and its client are never anonymised' })
  async setCaseLegalHold(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: LegalHoldDto): Promise<LegalHoldStateDto> {
    return this.retention.setLegalHold(actor, id, body.hold, body.reason);
  }
}
