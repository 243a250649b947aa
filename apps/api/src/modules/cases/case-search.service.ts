import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { clampPageSize, normalisePhone, parseReference, formatReference } from '@mayak/domain';
import { DataSource, type SelectQueryBuilder } from 'typeorm';
import { AuditAction } from '../../core/audit/audit-actions';
import { AuditService } from '../../core/audit/audit.service';
import type { Actor } from '../../core/context/request-context';
import { decodeCursor, mergeNewestFirst, pageOf } from '../../core/database/keyset';
import { fieldInvalid } from '../../core/errors/domain-error';
import { caseListBranches } from '../access/record-scope';
import { IdentifierVault } from '../people/identifier-vault';
import { Case } from './case.entity';
import { AGE_GROUP_SQL, COUNTRY_OF_EXPLOITATION_SQL, TRAFFICKING_CASE_SQL } from './trafficking-sql';
import { CasesService } from './cases.service';
import type { CasePageDto, ListCasesQuery } from './dto/case.dto';

export type SearchKind = 'reference' | 'phone' | 'words';

/** What a search box entry is: a case reference, a phone number, or words (names and notes). */
export function classifySearch(q: string): SearchKind {
  if (parseReference(q)) return 'reference';
  if (/^[+()\d\s.\-/]{5,}$/.test(q) && normalisePhone(q).ok) return 'phone';
  return 'words';
}

/** At most this many people or cases a name or phone number resolves to before the list query. */
const MAX_RESOLVED = 10_000;

/** Full-text query matching Russian or English stemming of the same words. */
export const TEXT_QUERY = `(websearch_to_tsquery('russian', :text) || websearch_to_tsquery('english', :text))`;

@Injectable()
export class CaseSearchService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cases: CasesService,
    private readonly vault: IdentifierVault,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, query: ListCasesQuery): Promise<CasePageDto> {
    const limit = clampPageSize(query.limit);
    const position = decodeCursor(query.cursor);
    if (query.from && query.to && query.from >= query.to) throw fieldInvalid('to', 'before_from', 'to must be after from');
    if (query.closedFrom && query.closedTo && query.closedFrom >= query.closedTo) throw fieldInvalid('closedTo', 'before_from', 'closedTo must be after closedFrom');
    const kind = query.q ? classifySearch(query.q) : null;
    const search = kind ? await this.searchCondition(kind, query.q!) : null;

    // Every list and search is the union of the actor's branches (an office, assigned to
    // me, shared with me), each an index walk in activity order that stops at limit + 1.
    const branches = caseListBranches(actor, 'c');
    const found = search?.none ? [] : await Promise.all(branches.map((branch) => {
      const qb = this.base(actor, query, position).andWhere(branch.sql, branch.params);
      if (search) qb.andWhere(search.sql, search.params);
      return qb.orderBy('c.last_activity_at', 'DESC').addOrderBy('c.id', 'DESC').limit(limit + 1).getMany();
    }));
    const rows = mergeNewestFirst(found, limit, (row) => row.lastActivityAt);
    const page = pageOf(rows, limit, (c) => ({ at: c.lastActivityAt, id: c.id }));
    await this.audit.record({ action: AuditAction.CasesListed, entityType: 'case', summary: { search: kind, filters: Object.keys(query).filter((k) => k !== 'q' && k !== 'cursor'), returned: page.items.length } });
    return { items: await this.cases.summaries(actor, page.items), nextCursor: page.nextCursor, limit };
  }

  /**
   * The search as one condition on `cases` alone. Phone numbers and names are resolved to
   * ids first through their keyed-hash indexes (a handful of rows); words match the case's
   * trigger-kept search vector.
   */
  private async searchCondition(kind: SearchKind, q: string): Promise<{ sql: string; params: Record<string, unknown>; none?: boolean }> {
    if (kind === 'reference') {
      const ref = parseReference(q)!;
      return { sql: 'c.reference = :reference', params: { reference: formatReference(ref.prefix, ref.year, ref.sequence) } };
    }
    if (kind === 'phone') {
      const hashes = this.vault.phoneHashes(q, 'q');
      const rows: { id: string }[] = await this.dataSource.query(
        `SELECT c.id FROM cases c WHERE c.person_id IN (SELECT i.person_id FROM person_identifiers i WHERE i.value_hash = ANY($1))
         UNION SELECT k.case_id FROM contacts k WHERE k.phone_hash = ANY($1) AND k.case_id IS NOT NULL LIMIT ${MAX_RESOLVED}`,
        [hashes],
      );
      return { sql: 'c.id = ANY(:phoneCaseIds)', params: { phoneCaseIds: rows.map((r) => r.id) }, none: rows.length === 0 };
    }
    // While the hash key rotates, a person matches with all their tokens under one of the keys.
    const indexes = this.vault.nameIndexes(q);
    const people: { id: string }[] = indexes[0].length
      ? await this.dataSource.query(`SELECT id FROM people WHERE (${indexes.map((_, n) => `name_index @> $${n + 1}::text[]`).join(' OR ')}) AND merged_into_id IS NULL LIMIT ${MAX_RESOLVED}`, indexes)
      : [];
    const text = `c.search_tsv @@ ${TEXT_QUERY}`;
    if (!people.length) return { sql: text, params: { text: q } };
    return { sql: `(c.person_id = ANY(:namePersonIds) OR ${text})`, params: { namePersonIds: people.map((p) => p.id), text: q } };
  }

  /** The trafficking picture's breakdowns as filters, with the same expressions as the figures. */
  private traffickingFilters(qb: SelectQueryBuilder<Case>, query: ListCasesQuery): void {
    if (query.trafficking) qb.andWhere(TRAFFICKING_CASE_SQL);
    if (query.traffickingStatus) qb.andWhere('c.trafficking_status = :traffickingStatus', { traffickingStatus: query.traffickingStatus });
    if (query.exploitationType) qb.andWhere(':exploitationType = ANY(c.exploitation_types)', { exploitationType: query.exploitationType });
    if (query.controlMethod) qb.andWhere(':controlMethod = ANY(c.control_methods)', { controlMethod: query.controlMethod });
    if (query.countryOfExploitation) qb.andWhere(`${COUNTRY_OF_EXPLOITATION_SQL} = :countryOfExploitation`, { countryOfExploitation: query.countryOfExploitation });
    const person: string[] = [];
    if (query.citizenship) person.push(':citizenship = ANY(pe.citizenship)');
    if (query.gender) person.push('pe.gender = :gender');
    if (query.ageGroup) person.push(`${AGE_GROUP_SQL} = :ageGroup`);
    if (person.length) {
      qb.andWhere(`EXISTS (SELECT 1 FROM people pe WHERE pe.id = c.person_id AND ${person.join(' AND ')})`, { citizenship: query.citizenship, gender: query.gender, ageGroup: query.ageGroup });
    }
  }

  private base(actor: Actor, query: ListCasesQuery, position: { at: Date; id: string } | null): SelectQueryBuilder<Case> {
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
