import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  CALENDAR_DAY, CTDC_COLUMNS, K_MAX, refuseK, HTCDS_EXPORT_COLUMNS, anonymiseCtdcRows, anonymiseHtcdsRows, localDayOf, startOfLocalDay, toCtdcRow, toHtcdsRow,
  type AnonymisationReport, type CaseExportSource, type CaseStatus,
} from '@mayak/domain';
import { DataSource } from 'typeorm';
import { AuditAction } from '../../core/audit/audit-actions';
import { AuditService } from '../../core/audit/audit.service';
import { Clock } from '../../core/clock/clock';
import type { AppConfig } from '../../core/config/app-config';
import { APP_CONFIG } from '../../core/config/config.module';
import type { Actor } from '../../core/context/request-context';
import { DomainError, fieldInvalid } from '../../core/errors/domain-error';
import { toCsv } from './csv';
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

interface CaseRow {
  id: string;
  created_at: Date;
  status: string;
  closure_reason: string | null;
  trafficking_status: string | null;
  trafficking_status_decided_by: string | null;
  exploitation_types: string[];
  control_methods: string[];
  labour_industry: string | null;
  recruitment_methods: string[];
  recruiter_relation: string | null;
  gender: string | null;
  birth_year: number | null;
  age_group: string | null;
  citizenship: string[] | null;
  route: { type: string; country: string | null }[] | null;
  /** HTCDS spl_Type of the case's support plans (codes only). */
  support_plan_types: string[] | null;
  statistics_consent: boolean;
}

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
  constructor(@InjectDataSource() private readonly dataSource: DataSource, @Inject(APP_CONFIG) private readonly config: AppConfig, private readonly audit: AuditService, private readonly clock: Clock) {}

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
      throw new DomainError('k_below_floor', `k must be from ${this.config.exportK} to ${K_MAX} on this installation`, { errors: [{ field: 'k', code: 'k_below_floor', message: `At least ${this.config.exportK}` }] });
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
      const result = anonymiseCtdcRows(sources.map((s) => toCtdcRow({ ...s, identifiedInCountry: this.config.lineCountry })), k);
      csv = toCsv(CTDC_COLUMNS, result.rows);
      report = result.report;
    } else {
      const result = anonymiseHtcdsRows(sources.map((s) => toHtcdsRow(s)), k);
      csv = toCsv(HTCDS_EXPORT_COLUMNS, result.rows as unknown as Record<string, string>[]);
      report = result.report;
    }
    await this.audit.record({
      action: AuditAction.ExportRun, entityType: 'export', officeId: query.officeId ?? null,
      summary: { standard, from: from.toISOString(), to: to.toISOString(), offices, k, withoutConsent, rowsIn: report.rowsIn, rowsOut: report.rowsOut, suppressedRows: report.suppressedRows, generalisedRows: report.generalisedRows },
    });
    const stamp = (d: Date) => localDayOf(d, timeZone);
    return { filename: `mayak-${standard}-${stamp(from)}-${stamp(to)}.csv`, csv, report, withoutConsent };
  }

  /** Trafficking cases (by type or by a trafficking status) registered in the period, with their client's coded fields and route. */
  /** The time zone whose days the export counts: its office's, or the first of the actor's offices. */
  private async timeZoneOf(offices: string[]): Promise<string> {
    const [office] = await this.dataSource.query<{ timezone: string }[]>(`SELECT timezone FROM offices WHERE id = ANY($1) ORDER BY code LIMIT 1`, [offices]);
    return office?.timezone ?? 'Asia/Almaty';
  }

  private async batch(offices: string[], from: Date, to: Date, after: { at: Date; id: string } | null): Promise<CaseRow[]> {
    return this.dataSource.query(
      `SELECT c.id, c.created_at, c.status, c.closure_reason, c.trafficking_status, c.trafficking_status_decided_by, c.exploitation_types, c.control_methods,
              c.labour_industry, c.recruitment_methods, c.recruiter_relation, p.gender, p.birth_year, p.age_group, p.citizenship,
              (SELECT json_agg(json_build_object('type', e.type, 'country', e.country) ORDER BY e.position) FROM case_trafficking_events e WHERE e.case_id = c.id) AS route,
              (SELECT array_agg(DISTINCT p.details->>'supportType') FROM case_plans p WHERE p.case_id = c.id AND p.kind = 'support') AS support_plan_types,
              EXISTS (SELECT 1 FROM case_consents cc WHERE cc.case_id = c.id AND cc.purpose = 'statistics' AND cc.withdrawn_at IS NULL) AS statistics_consent
         FROM cases c LEFT JOIN people p ON p.id = c.person_id
        WHERE c.office_id = ANY($1) AND c.created_at >= $2 AND c.created_at < $3
          AND (c.type = 'trafficking' OR c.trafficking_status IS NOT NULL)
          AND ($4::timestamptz IS NULL OR (c.created_at, c.id) > ($4::timestamptz, $5::uuid))
        ORDER BY c.created_at, c.id LIMIT ${BATCH}`,
      [offices, from, to, after?.at ?? null, after?.id ?? null],
    );
  }

  private sourceOf(row: CaseRow, timeZone: string): CaseExportSource & Record<string, unknown> {
    return {
      registrationYear: Number(localDayOf(row.created_at, timeZone).slice(0, 4)), gender: row.gender, birthYear: row.birth_year, ageGroup: row.age_group, citizenship: row.citizenship ?? [],
      route: row.route ?? [], exploitationTypes: row.exploitation_types, controlMethods: row.control_methods, labourIndustry: row.labour_industry,
      recruiterRelation: row.recruiter_relation, caseStatus: row.status as CaseStatus, closureReason: row.closure_reason, traffickingStatus: row.trafficking_status,
      traffickingStatusDecidedBy: row.trafficking_status_decided_by, recruitmentMethods: row.recruitment_methods, supportPlanTypes: row.support_plan_types ?? [],
    };
  }
}
