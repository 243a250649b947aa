import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { LOCALES, type Locale } from '@mayak/domain';
import type { Response } from 'express';
import { CurrentActor, RequirePermission } from '#api/core/auth/access.decorators';
import type { Actor } from '#api/core/context/request-context';
import { MonthlyReportService } from './monthly-report.service';

export class MonthlyReportQuery {
  @ApiProperty({ example: '2026-10' })
  @Matches(/^\d{4}-\d{2}$/)
  month!: string;

  @ApiPropertyOptional({ enum: LOCALES, enumName: 'Locale', description: 'Defaults to ru' })
  @IsOptional()
  @IsIn(LOCALES)
  locale?: Locale;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  officeId?: string;
}

@ApiTags('reports')
@Controller({ path: 'reports', version: '1' })
export class ReportsController {
  constructor(private readonly monthly: MonthlyReportService) {}

  @Get('monthly')
  @RequirePermission('exports.run')
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The monthly statistics report as PDF (counts under EXPORT_K_ANONYMITY hidden)', schema: { type: 'string', format: 'binary' } })
  async getMonthlyReport(@CurrentActor() actor: Actor, @Query() query: MonthlyReportQuery, @Res() response: Response): Promise<void> {
    const report = await this.monthly.build(actor, { month: query.month, locale: query.locale ?? 'ru', officeId: query.officeId });
    response
      .status(200)
      .set({ 'Content-Type': 'application/pdf', 'Content-Disposition': `attachment; filename="${report.filename}"`, 'Cache-Control': 'no-store' });
    response.send(report.pdf);
  }
}
