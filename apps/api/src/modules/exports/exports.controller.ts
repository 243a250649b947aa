import { Controller, Get, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ListCasesQuery } from '../cases/dto/case.dto';
import { ListContactsQuery } from '../contacts/dto/contact.dto';
import { ListExportsService, type ListExport, type ListFormat } from './list-exports.service';
import type { Response } from 'express';
import { CurrentActor, RequirePermission } from '#api/core/auth/access.decorators';
import type { Actor } from '#api/core/context/request-context';
import { CaseExportsService, type CaseExport } from './case-exports.service';
import { CaseExportQuery, ExportRulesDto } from './dto/export.dto';
import { SubjectAccessService } from './subject-access.service';

const REPORT_HEADERS = 'X-Export-Rows-In, X-Export-Rows-Out, X-Export-Rows-Suppressed, X-Export-Rows-Generalised, X-Export-K, X-Export-Rows-Without-Consent';

export class ContactsListExportQuery extends ListContactsQuery {
  @ApiPropertyOptional({ enum: ['csv', 'xlsx'], description: 'Defaults to csv' })
  @IsOptional()
  @IsIn(['csv', 'xlsx'])
  format?: ListFormat;
}

export class CasesListExportQuery extends ListCasesQuery {
  @ApiPropertyOptional({ enum: ['csv', 'xlsx'], description: 'Defaults to csv' })
  @IsOptional()
  @IsIn(['csv', 'xlsx'])
  format?: ListFormat;
}

export class CorrectionDto {
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ description: 'people.updated, people.identifier_added, ...' }) action!: string;
  @ApiProperty({ type: String, nullable: true }) by!: string | null;
  @ApiProperty({ type: Object, description: 'Which fields or kinds changed (never their values)' }) changed!: Record<string, unknown>;
}

export class CorrectionLogDto {
  @ApiProperty({ type: [CorrectionDto], description: 'Newest first, the latest 200' }) items!: CorrectionDto[];
}

@ApiTags('exports')
@Controller({ path: 'exports', version: '1' })
export class ExportsController {
  constructor(
    private readonly exports: CaseExportsService,
    private readonly subjectAccess: SubjectAccessService,
    private readonly lists: ListExportsService,
  ) {}

  @Get('rules')
  @RequirePermission('exports.run')
  @ApiOkResponse({ type: ExportRulesDto, description: 'The k an anonymised export may ask for on this installation, and the consent it needs' })
  getExportRules(): ExportRulesDto {
    return this.exports.rules();
  }

  @Get('contacts')
  @RequirePermission('exports.run')
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({
    description: 'The contacts list with its filters, without numbers or notes; X-Export-Rows, X-Export-Truncated (50,000 rows at most)',
    schema: { type: 'string', format: 'binary' },
  })
  async exportContactsList(@CurrentActor() actor: Actor, @Query() query: ContactsListExportQuery, @Res() response: Response): Promise<void> {
    const { format, ...filters } = query;
    sendList(response, await this.lists.contactsList(actor, filters, format ?? 'csv'));
  }

  @Get('cases')
  @RequirePermission('exports.run')
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({ description: 'The cases list with its filters, without names or summaries', schema: { type: 'string', format: 'binary' } })
  async exportCasesList(@CurrentActor() actor: Actor, @Query() query: CasesListExportQuery, @Res() response: Response): Promise<void> {
    const { format, ...filters } = query;
    sendList(response, await this.lists.casesList(actor, filters, format ?? 'csv'));
  }

  @Get('people/:id/subject-access')
  @RequirePermission('people.subject_access')
  @ApiOkResponse({ description: 'Everything held about one person, decrypted, as a JSON document to hand to them (audited)', schema: { type: 'object' } })
  async exportSubjectAccess(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Res() response: Response): Promise<void> {
    const report = await this.subjectAccess.report(actor, id);
    response.status(200).set({
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="mayak-subject-access-${id}.json"`,
      'Cache-Control': 'no-store',
    });
    response.send(JSON.stringify(report, null, 2));
  }

  @Get('people/:id/corrections')
  @RequirePermission('people.read')
  @ApiOkResponse({ type: CorrectionLogDto, description: 'The correction log of a person' })
  async listPersonCorrections(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<CorrectionLogDto> {
    return this.subjectAccess.corrections(actor, id);
  }

  @Get('cases/ctdc')
  @RequirePermission('exports.run')
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description: `CTDC global dataset (2024, 27 variables) as CSV, k-anonymous; ${REPORT_HEADERS} say what the check changed`,
    schema: { type: 'string' },
  })
  async exportCtdc(@CurrentActor() actor: Actor, @Query() query: CaseExportQuery, @Res() response: Response): Promise<void> {
    sendExport(response, await this.exports.export(actor, 'ctdc', query));
  }

  @Get('cases/htcds')
  @RequirePermission('exports.run')
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description: `Human Trafficking Case Data Standard fields without direct identifiers, as CSV, k-anonymous; ${REPORT_HEADERS}`,
    schema: { type: 'string' },
  })
  async exportHtcds(@CurrentActor() actor: Actor, @Query() query: CaseExportQuery, @Res() response: Response): Promise<void> {
    sendExport(response, await this.exports.export(actor, 'htcds', query));
  }
}

/** The CSV with what the k-anonymity check changed in headers (a plain function: controllers hold only routes). */
function sendExport(response: Response, result: CaseExport): void {
  response.status(200).set({
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${result.filename}"`,
    'Cache-Control': 'no-store',
    'X-Export-Rows-In': String(result.report.rowsIn),
    'X-Export-Rows-Out': String(result.report.rowsOut),
    'X-Export-Rows-Suppressed': String(result.report.suppressedRows),
    'X-Export-Rows-Generalised': String(result.report.generalisedRows),
    'X-Export-K': String(result.report.k),
    'X-Export-Rows-Without-Consent': String(result.withoutConsent),
  });
  response.send(result.csv);
}

function sendList(response: Response, result: ListExport): void {
  response.status(200).set({
    'Content-Type': result.contentType,
    'Content-Disposition': `attachment; filename="${result.filename}"`,
    'Cache-Control': 'no-store',
    'X-Export-Rows': String(result.rows),
    'X-Export-Truncated': String(result.truncated),
  });
  response.send(result.body);
}
