import { Injectable } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { AuditAction } from '#api/core/audit/audit-actions';
import { AuditService } from '#api/core/audit/audit.service';
import { Clock } from '#api/core/clock/clock';
import type { Actor } from '#api/core/context/request-context';
import { CaseSearchService } from '../cases/case-search.service';
import type { ListCasesQuery } from '../cases/dto/case.dto';
import type { ListContactsQuery } from '../contacts/dto/contact.dto';
import { ContactsService } from '../contacts/contacts.service';
import { toCsv } from './csv';

export type ListFormat = 'csv' | 'xlsx';

export interface ListExport {
  filename: string;
  contentType: string;
  body: Buffer;
  rows: number;
  truncated: boolean;
}

const PAGE = 100;
const MAX_ROWS = 50_000;

/**
 * The contacts and cases lists a supervisor sees, as CSV or XLSX, with the same filters.
 * Exports never carry identifiers or free text: numbers, names, notes and summaries stay
 * out (whoever needs one opens the record, which is audited); the rest are codes, dates,
 * references and staff names. Pages are read with the lists' own keyset queries, so the
 * same visibility rules apply, up to MAX_ROWS rows.
 */
@Injectable()
export class ListExportsService {
  constructor(
    private readonly contacts: ContactsService,
    private readonly cases: CaseSearchService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async contactsList(actor: Actor, query: ListContactsQuery, format: ListFormat): Promise<ListExport> {
    const columns = [
      'startedAt',
      'endedAt',
      'durationSeconds',
      'channel',
      'direction',
      'language',
      'callerType',
      'category',
      'riskLevel',
      'critical',
      'status',
      'operator',
      'officeId',
      'caseReference',
    ];
    const rows: Record<string, string>[] = [];
    let cursor: string | undefined;
    let truncated = false;
    const masked = withoutIdentifiers(actor);
    for (;;) {
      const page = await this.contacts.list(masked, { ...query, limit: PAGE, cursor });
      for (const k of page.items) {
        rows.push({
          startedAt: k.startedAt,
          endedAt: k.endedAt ?? '',
          durationSeconds: k.durationSeconds?.toString() ?? '',
          channel: k.channel,
          direction: k.direction,
          language: k.language ?? '',
          callerType: k.callerType ?? '',
          category: k.category ?? '',
          riskLevel: k.riskLevel,
          critical: k.critical ? '1' : '',
          status: k.status,
          operator: k.operator?.displayName ?? '',
          officeId: k.officeId,
          caseReference: k.caseReference ?? '',
        });
      }
      if (!page.nextCursor) break;
      if (rows.length >= MAX_ROWS) {
        truncated = true;
        break;
      }
      cursor = page.nextCursor;
    }
    return this.finish('contacts', columns, rows, format, truncated, query as unknown as Record<string, unknown>);
  }

  async casesList(actor: Actor, query: ListCasesQuery, format: ListFormat): Promise<ListExport> {
    const columns = ['reference', 'type', 'category', 'priority', 'status', 'assignee', 'officeId', 'createdAt', 'lastActivityAt'];
    const rows: Record<string, string>[] = [];
    let cursor: string | undefined;
    let truncated = false;
    const masked = withoutIdentifiers(actor);
    for (;;) {
      const page = await this.cases.list(masked, { ...query, limit: PAGE, cursor });
      for (const c of page.items) {
        rows.push({
          reference: c.reference,
          type: c.type,
          category: c.category ?? '',
          priority: c.priority,
          status: c.status,
          assignee: c.assignee?.displayName ?? '',
          officeId: c.officeId,
          createdAt: c.createdAt,
          lastActivityAt: c.lastActivityAt,
        });
      }
      if (!page.nextCursor) break;
      if (rows.length >= MAX_ROWS) {
        truncated = true;
        break;
      }
      cursor = page.nextCursor;
    }
    return this.finish('cases', columns, rows, format, truncated, query as unknown as Record<string, unknown>);
  }

  private async finish(
    list: string,
    columns: string[],
    rows: Record<string, string>[],
    format: ListFormat,
    truncated: boolean,
    filters: Record<string, unknown>,
  ): Promise<ListExport> {
    const { cursor: _cursor, limit: _limit, q, ...rest } = filters;
    await this.audit.record({
      action: AuditAction.ListExported,
      entityType: list,
      summary: { format, rows: rows.length, truncated, filters: { ...rest, search: q ? true : undefined } },
    });
    const now = this.clock.now();
    const stamp = now.toISOString().slice(0, 10);
    if (format === 'csv')
      return {
        filename: `mayak-${list}-${stamp}.csv`,
        contentType: 'text/csv; charset=utf-8',
        body: Buffer.from(toCsv(columns, rows), 'utf8'),
        rows: rows.length,
        truncated,
      };
    const book = new ExcelJS.Workbook();
    book.creator = 'Mayak';
    book.created = now;
    book.modified = now;
    const sheet = book.addWorksheet(list);
    sheet.columns = columns.map((key) => ({ header: key, key, width: Math.max(12, key.length + 2) }));
    // Cells are written as text: nothing in an export is ever evaluated as a formula.
    for (const row of rows) sheet.addRow(columns.map((c) => ({ richText: [{ text: row[c] ?? '' }] })));
    sheet.getRow(1).font = { bold: true };
    const body = Buffer.from(await book.xlsx.writeBuffer());
    return {
      filename: `mayak-${list}-${stamp}.xlsx`,
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      body,
      rows: rows.length,
      truncated,
    };
  }
}

/** The same actor without the right to see identifiers: lists come back masked, and we leave even the masked ones out. */
function withoutIdentifiers(actor: Actor): Actor {
  return { ...actor, permissions: actor.permissions.filter((p) => p !== 'identifiers.view') };
}
