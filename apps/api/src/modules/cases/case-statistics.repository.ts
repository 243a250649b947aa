import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AGE_GROUP_SQL, COUNTRY_OF_EXPLOITATION_SQL, TRAFFICKING_CASE_SQL } from './trafficking-sql';

/** One count of a breakdown: `dim` names the breakdown, `key` the value counted ('' for none recorded). */
export interface BreakdownRow {
  dim: 'status' | 'exploitation' | 'control' | 'citizenship' | 'country' | 'gender' | 'age';
  key: string | null;
  count: number;
}

/** Counts over cases for other contexts' figures, worked out where the case's rules live. */
export abstract class CaseStatisticsRepository {
  /**
   * Every breakdown of the trafficking cases the offices opened in [from, to), from one pass
   * over them: by trafficking status, exploitation type, control method, citizenship, country
   * of exploitation, gender and age band. A case counts once per value of a many-valued fact.
   */
  abstract traffickingBreakdowns(officeIds: string[], from: Date, to: Date): Promise<BreakdownRow[]>;
}

@Injectable()
export class SqlCaseStatisticsRepository extends CaseStatisticsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async traffickingBreakdowns(officeIds: string[], from: Date, to: Date): Promise<BreakdownRow[]> {
    const several = (column: string) => `unnest(CASE WHEN cardinality(COALESCE(${column}, '{}')) = 0 THEN ARRAY[NULL::text] ELSE ${column} END)`;
    // An index on office and opening picks the cases.
    return (await this.dataSource.query(
      `WITH picked AS MATERIALIZED (
         SELECT c.trafficking_status AS status, c.exploitation_types AS exploitation, c.control_methods AS control, pe.citizenship, pe.gender,
                ${AGE_GROUP_SQL} AS age_group, ${COUNTRY_OF_EXPLOITATION_SQL} AS country
           FROM cases c LEFT JOIN people pe ON pe.id = c.person_id
          WHERE c.office_id = ANY($1) AND c.created_at >= $2 AND c.created_at < $3 AND ${TRAFFICKING_CASE_SQL})
       SELECT 'status' AS dim, COALESCE(status, '') AS key, count(*)::int AS count FROM picked GROUP BY 2
       UNION ALL SELECT 'exploitation', COALESCE(v, ''), count(*)::int FROM picked, ${several('exploitation')} AS v GROUP BY 2
       UNION ALL SELECT 'control', COALESCE(v, ''), count(*)::int FROM picked, ${several('control')} AS v GROUP BY 2
       UNION ALL SELECT 'citizenship', COALESCE(v, ''), count(*)::int FROM picked, ${several('citizenship')} AS v GROUP BY 2
       UNION ALL SELECT 'country', COALESCE(country, ''), count(*)::int FROM picked GROUP BY 2
       UNION ALL SELECT 'gender', COALESCE(gender, ''), count(*)::int FROM picked GROUP BY 2
       UNION ALL SELECT 'age', COALESCE(age_group, ''), count(*)::int FROM picked GROUP BY 2`,
      [officeIds, from, to],
    )) as BreakdownRow[];
  }
}
