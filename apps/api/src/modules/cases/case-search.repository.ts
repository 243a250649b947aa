import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type SelectQueryBuilder } from 'typeorm';
import type { Actor } from '#api/core/context/request-context';
import type { KeysetPosition } from '#api/core/database/keyset';
import type { Scope } from '../access/record-scope';
import { Case } from './case.entity';
import type { ListCasesQuery } from './dto/case.dto';
import { matchesWords } from '#api/core/database/full-text';
import { AGE_GROUP_SQL, COUNTRY_OF_EXPLOITATION_SQL, TRAFFICKING_CASE_SQL } from './trafficking-sql';

/** What the search box matched, as a condition on cases alone. */
export type CaseSearchMatch =
  | { kind: 'reference'; reference: string }
  | { kind: 'cases'; caseIds: string[] }
  /** The case's search vector matches the words, or its client is one of the people named. */
  | { kind: 'words'; text: string; personIds: string[] };

/** The case list: filters, search and the actor's branches of visibility. */
export abstract class CaseSearchRepository {
  /** Cases whose client holds one of the numbers, or whose contacts came from one (at most `limit`). */
  abstract caseIdsByPhoneHashes(hashes: string[], limit: number): Promise<string[]>;
  /** People (not merged away) whose name index holds every token of one of the indexes (at most `limit`). */
  abstract personIdsByNameIndexes(indexes: string[][], limit: number): Promise<string[]>;
  /** One branch of what the actor sees, filtered, newest activity first after `position`: limit + 1 rows. */
  abstract listBranch(
    actor: Actor,
    branch: Scope,
    query: ListCasesQuery,
    search: CaseSearchMatch | null,
    position: KeysetPosition | null,
    limit: number,
  ): Promise<Case[]>;
}

@Injectable()
export class SqlCaseSearchRepository extends CaseSearchRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async caseIdsByPhoneHashes(hashes: string[], limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT c.id FROM cases c WHERE c.person_id IN (SELECT i.person_id FROM person_identifiers i WHERE i.value_hash = ANY($1))
       UNION SELECT k.case_id FROM contacts k WHERE k.phone_hash = ANY($1) AND k.case_id IS NOT NULL LIMIT ${limit}`,
      [hashes],
    );
    return rows.map((r) => r.id);
  }

  async personIdsByNameIndexes(indexes: string[][], limit: number): Promise<string[]> {
    const people: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM people WHERE (${indexes.map((_, n) => `name_index @> $${n + 1}::text[]`).join(' OR ')}) AND merged_into_id IS NULL LIMIT ${limit}`,
      indexes,
    );
    return people.map((p) => p.id);
  }

  async listBranch(
    actor: Actor,
    branch: Scope,
    query: ListCasesQuery,
    search: CaseSearchMatch | null,
    position: KeysetPosition | null,
    limit: number,
  ): Promise<Case[]> {
    const qb = this.filtered(actor, query, position).andWhere(branch.sql, branch.params);
    if (search) {
      const condition = this.searchCondition(search);
      qb.andWhere(condition.sql, condition.params);
    }
    return qb
      .orderBy('c.last_activity_at', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .limit(limit + 1)
      .getMany();
  }

  private searchCondition(search: CaseSearchMatch): { sql: string; params: Record<string, unknown> } {
    if (search.kind === 'reference') return { sql: 'c.reference = :reference', params: { reference: search.reference } };
    if (search.kind === 'cases') return { sql: 'c.id = ANY(:phoneCaseIds)', params: { phoneCaseIds: search.caseIds } };
    const text = matchesWords('c.search_tsv');
    if (!search.personIds.length) return { sql: text, params: { text: search.text } };
    return { sql: `(c.person_id = ANY(:namePersonIds) OR ${text})`, params: { namePersonIds: search.personIds, text: search.text } };
  }

  /** The trafficking picture's breakdowns as filters, with the same expressions as the figures. */
  private traffickingFilters(qb: SelectQueryBuilder<Case>, query: ListCasesQuery): void {
    if (query.trafficking) qb.andWhere(TRAFFICKING_CASE_SQL);
    if (query.traffickingStatus) qb.andWhere('c.trafficking_status = :traffickingStatus', { traffickingStatus: query.traffickingStatus });
    if (query.exploitationType) qb.andWhere(':exploitationType = ANY(c.exploitation_types)', { exploitationType: query.exploitationType });
    if (query.controlMethod) qb.andWhere(':controlMethod = ANY(c.control_methods)', { controlMethod: query.controlMethod });
    if (query.countryOfExploitation)
      qb.andWhere(`${COUNTRY_OF_EXPLOITATION_SQL} = :countryOfExploitation`, { countryOfExploitation: query.countryOfExploitation });
    const person: string[] = [];
    if (query.citizenship) person.push(':citizenship = ANY(pe.citizenship)');
    if (query.gender) person.push('pe.gender = :gender');
    if (query.ageGroup) person.push(`${AGE_GROUP_SQL} = :ageGroup`);
    if (person.length) {
      qb.andWhere(`EXISTS (SELECT 1 FROM people pe WHERE pe.id = c.person_id AND ${person.join(' AND ')})`, {
        citizenship: query.citizenship,
        gender: query.gender,
        ageGroup: query.ageGroup,
      });
    }
  }

  private filtered(actor: Actor, query: ListCasesQuery, position: KeysetPosition | null): SelectQueryBuilder<Case> {
    const qb = this.dataSource.getRepository(Case).createQueryBuilder('c');
    if (query.status?.length) qb.andWhere('c.status IN (:...statuses)', { statuses: query.status });
    if (query.priority) qb.andWhere('c.priority = :priority', { priority: query.priority });
    if (query.type) qb.andWhere('c.type = :type', { type: query.type });
    if (query.category) qb.andWhere('c.category = :category', { category: query.category });
    if (query.sharedWithMe) qb.andWhere('c.id IN (SELECT s.case_id FROM case_shares s WHERE s.user_id = :sharedWith)', { sharedWith: actor.userId });
    if (query.officeId) qb.andWhere('c.office_id = :officeId', { officeId: query.officeId });
    if (query.personId) qb.andWhere('c.person_id = :personId', { personId: query.personId });
    if (query.assignee === 'none') qb.andWhere('c.assignee_id IS NULL');
    else if (query.assignee === 'me') qb.andWhere('c.assignee_id = :meAssignee', { meAssignee: actor.userId });
    else if (query.assignee) qb.andWhere('c.assignee_id = :assigneeId', { assigneeId: query.assignee });
    if (query.from) qb.andWhere('c.created_at >= :from', { from: new Date(query.from) });
    if (query.to) qb.andWhere('c.created_at < :to', { to: new Date(query.to) });
    if (query.closedFrom) qb.andWhere('c.closed_at >= :closedFrom', { closedFrom: new Date(query.closedFrom) });
    if (query.closedTo) qb.andWhere('c.closed_at < :closedTo', { closedTo: new Date(query.closedTo) });
    if (query.closureReason) qb.andWhere('c.closure_reason = :closureReason', { closureReason: query.closureReason });
    if (query.inactiveDays) qb.andWhere('c.last_activity_at < mayak_now() - make_interval(days => :inactiveDays)', { inactiveDays: query.inactiveDays });
    this.traffickingFilters(qb, query);
    if (position) qb.andWhere('(c.last_activity_at, c.id) < (:cursorAt, :cursorId)', { cursorAt: position.at, cursorId: position.id });
    return qb;
  }
}
