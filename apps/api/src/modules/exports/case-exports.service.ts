import { Inject, Injectable } from '@nestjs/common';
import {
  CALENDAR_DAY,
  CTDC_COLUMNS,
  K_MAX,
  refuseK,
  HTCDS_EXPORT_COLUMNS,
  anonymiseCtdcRows,
  anonymiseHtcdsRows,
  localDayOf,
  startOfLocalDay,
  toCtdcRow,
  toHtcdsRow,
  type AnonymisationReport,
  type CaseExportSource,
  type CaseStatus,
} from '@mayak/domain';
import { AuditAction } from '#api/core/audit/audit-actions';
import { AuditService } from '#api/core/audit/audit.service';
import { Clock } from '#api/core/clock/clock';
import type { AppConfig } from '#api/core/config/app-config';
import { APP_CONFIG } from '#api/core/config/config.module';
import type { Actor } from '#api/core/context/request-context';
import { DomainError, fieldInvalid } from '#api/core/errors/domain-error';
import { toCsv } from './csv';
import { CaseExportsRepository, type CaseExportRow } from './case-exports.repository';
import type { CaseExportQuery, ExportRulesDto } from './dto/export.dto';

export type CaseExportStandard = 'ctdc' | 'htcds';

export interface CaseExport {
  filename: string;
  csv: string;
  report: AnonymisationReport;
  /** Trafficking cases of the period left out because their client gave no standing consent to statistics. */
  withoutConsent: number;
}

const BATCH = 1000;
const MAX_BATCHES = 1000; // a million cases: far beyond one line's history

/**
 * Anonymised case exports for data-sharing partners: the CTDC global dataset and HTCDS rows
 * without direct identifiers. Only coded fields are read (never names, numbers, notes or
 * exact dates), and before anything leaves, the k-anonymity check in libs/domain
 * generalises or suppresses rows until every combination of the quasi-identifiers appears
 * at least k times (k never below the installation's floor, itself never below 11). Only
 * cases whose client gave standing consent to anonymous statistics leave; the others are
 * only counted. Each export is audited with its filters and what it changed.
 */
@Injectable()
export class CaseExportsService {
  constructor(
    private readonly exports: CaseExportsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  rules(): ExportRulesDto {
    return { kFloor: this.config.exportK, kMax: K_MAX, statisticsConsentRequired: true };
  }

  async export(actor: Actor, standard: CaseExportStandard, query: CaseExportQuery): Promise<CaseExport> {
    if (query.officeId && !actor.officeIds.includes(query.officeId)) throw fieldInvalid('officeId', 'not_your_office', 'You can export only your own offices');
    const offices = query.officeId ? [query.officeId] : actor.officeIds;
    // Days are the office's calendar days (as on the dashboards), not UTC's.
    const timeZone = await this.timeZoneOf(offices);
    const today = localDayOf(this.clock.now(), timeZone);
    const dayOrInstant = (value: string) => (CALENDAR_DAY.test(value) ? startOfLocalDay(value, timeZone) : new Date(value));
    const from = query.from ? dayOrInstant(query.from) : startOfLocalDay(`${today.slice(0, 4)}-01-01`, timeZone);
    const to = query.to ? dayOrInstant(query.to) : startOfLocalDay(today, timeZone, 1);
    if (from >= to) throw fieldInvalid('to', 'before_from', 'to must be after from');
    const k = query.k ?? this.config.exportK;
    if (refuseK(k, this.config.exportK)) {
      throw new DomainError('k_below_floor', `k must be from ${this.config.exportK} to ${K_MAX} on this installation`, {
        errors: [{ field: 'k', code: 'k_below_floor', message: `At least ${this.config.exportK}` }],
      });
    }
    const sources: (CaseExportSource & Record<string, unknown>)[] = [];
    let withoutConsent = 0;
    let after: { at: Date; id: string } | null = null;
    for (let batch = 0; batch < MAX_BATCHES && offices.length; batch++) {
      const rows = await this.batch(offices, from, to, after);
      for (const row of rows) {
        if (row.statistics_consent) sources.push(this.sourceOf(row, timeZone));
        else withoutConsent += 1;
      }
      if (rows.length < BATCH) break;
      after = { at: rows[rows.length - 1].created_at, id: rows[rows.length - 1].id };
    }
    let csv: string;
    let report: AnonymisationReport;
    if (standard === 'ctdc') {
      const result = anonymiseCtdcRows(
        sources.map((s) => toCtdcRow({ ...s, identifiedInCountry: this.config.lineCountry })),
        k,
      );
      csv = toCsv(CTDC_COLUMNS, result.rows);
      report = result.report;
    } else {
      const result = anonymiseHtcdsRows(
        sources.map((s) => toHtcdsRow(s)),
        k,
      );
      csv = toCsv(HTCDS_EXPORT_COLUMNS, result.rows as unknown as Record<string, string>[]);
      report = result.report;
    }
    await this.audit.record({
      action: AuditAction.ExportRun,
      entityType: 'export',
      officeId: query.officeId ?? null,
      summary: {
        standard,
        from: from.toISOString(),
        to: to.toISOString(),
        offices,
        k,
        withoutConsent,
        rowsIn: report.rowsIn,
        rowsOut: report.rowsOut,
        suppressedRows: report.suppressedRows,
        generalisedRows: report.generalisedRows,
      },
    });
    const stamp = (d: Date) => localDayOf(d, timeZone);
    return { filename: `mayak-${standard}-${stamp(from)}-${stamp(to)}.csv`, csv, report, withoutConsent };
  }

  /** The time zone whose days the export counts: its office's, or the first of the actor's offices. */
  private async timeZoneOf(offices: string[]): Promise<string> {
    return (await this.exports.firstOfficeTimeZone(offices)) ?? 'Asia/Almaty';
  }

  private async batch(offices: string[], from: Date, to: Date, after: { at: Date; id: string } | null): Promise<CaseExportRow[]> {
    return this.exports.traffickingCases(offices, from, to, after, BATCH);
  }

  private sourceOf(row: CaseExportRow, timeZone: string): CaseExportSource & Record<string, unknown> {
    return {
      registrationYear: Number(localDayOf(row.created_at, timeZone).slice(0, 4)),
      gender: row.gender,
      birthYear: row.birth_year,
      ageGroup: row.age_group,
      citizenship: row.citizenship ?? [],
      route: row.route ?? [],
      exploitationTypes: row.exploitation_types,
      controlMethods: row.control_methods,
      labourIndustry: row.labour_industry,
      recruiterRelation: row.recruiter_relation,
      caseStatus: row.status as CaseStatus,
      closureReason: row.closure_reason,
      traffickingStatus: row.trafficking_status,
      traffickingStatusDecidedBy: row.trafficking_status_decided_by,
      recruitmentMethods: row.recruitment_methods,
      supportPlanTypes: row.support_plan_types ?? [],
    };
  }
}
