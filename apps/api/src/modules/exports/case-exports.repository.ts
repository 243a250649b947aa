import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { KeysetPosition } from '#api/core/database/keyset';

/** A trafficking case's coded fields, its client's and its route: nothing that names anyone. */
export interface CaseExportRow {
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

/** What the anonymised exports read: coded fields only. */
export abstract class CaseExportsRepository {
  /** The time zone of the first of the offices (by code), or null. */
  abstract firstOfficeTimeZone(officeIds: string[]): Promise<string | null>;
  /** Trafficking cases (by type or by a trafficking status) the offices registered in [from, to), in (registration, id) order after `after`: at most `limit`. */
  abstract traffickingCases(officeIds: string[], from: Date, to: Date, after: KeysetPosition | null, limit: number): Promise<CaseExportRow[]>;
}

@Injectable()
export class SqlCaseExportsRepository extends CaseExportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async firstOfficeTimeZone(officeIds: string[]): Promise<string | null> {
    const [office] = await this.dataSource.query<{ timezone: string }[]>(`SELECT timezone FROM offices WHERE id = ANY($1) ORDER BY code LIMIT 1`, [officeIds]);
    return office?.timezone ?? null;
  }

  async traffickingCases(officeIds: string[], from: Date, to: Date, after: KeysetPosition | null, limit: number): Promise<CaseExportRow[]> {
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
        ORDER BY c.created_at, c.id LIMIT ${limit}`,
      [officeIds, from, to, after?.at ?? null, after?.id ?? null],
    );
  }
}
