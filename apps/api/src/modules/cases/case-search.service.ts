import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { clampPageSize, normalisePhone, parseReference, formatReference } from '@mayak/domain';
import { Brackets, DataSource, type SelectQueryBuilder } from 'typeorm';
import { AuditAction } from '../../core/audit/audit-actions';
import { AuditService } from '../../core/audit/audit.service';
import type { Actor } from '../../core/context/request-context';
import { decodeCursor, pageOf } from '../../core/database/keyset';
import { fieldInvalid } from '../../core/errors/domain-error';
import { caseListBranches, caseScope } from '../access/record-scope';
import { IdentifierVault } from '../people/identifier-vault';
import { Case } from './case.entity';
import { CasesService } from './cases.service';
import type { CasePageDto, ListCasesQuery } from './dto/case.dto';

export type SearchKind = 'reference' | 'phone' | 'words';

/** What a search box entry is: a case reference, a phone number, or words (names and notes). */
export function classifySearch(q: string): SearchKind {
  if (parseReference(q)) return 'reference';
  if (/^[+()\d\s.\-/]{5,}$/.test(q) && normalisePhone(q).ok) return 'phone';
  return 'words';
}

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
    const kind = query.q ? classifySearch(query.q) : null;

    let rows: Case[];
    if (kind) {
      // A search narrows to few cases first; the full visibility rule then filters them.
      const qb = this.base(actor, query, position);
      const scope = caseScope(actor, 'c');
      qb.andWhere(scope.sql, scope.params);
      this.applySearch(qb, kind, query.q!);
      rows = await qb.orderBy('c.last_activity_at', 'DESC').addOrderBy('c.id', 'DESC').limit(limit + 1).getMany();
    } else {
      // A plain list is the union of branches an index walks in order (office, assigned, shared).
      const branches = caseListBranches(actor, 'c');
      const found = await Promise.all(branches.map((branch) => {
        const qb = this.base(actor, query, position).andWhere(branch.sql, branch.params);
        return qb.orderBy('c.last_activity_at', 'DESC').addOrderBy('c.id', 'DESC').limit(limit + 1).getMany();
      }));
      const unique = new Map<string, Case>();
      for (const c of found.flat()) unique.set(c.id, c);
      rows = [...unique.values()].sort((a, b) => b.lastActivityAt.getTime() - a.lastActivityAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)).slice(0, limit + 1);
    }
    const page = pageOf(rows, limit, (c) => ({ at: c.lastActivityAt, id: c.id }));
    await this.audit.record({ action: AuditAction.CasesListed, entityType: 'case', summary: { search: kind, filters: Object.keys(query).filter((k) => k !== 'q' && k !== 'cursor'), returned: page.items.length } });
    return { items: await this.cases.summaries(actor, page.items), nextCursor: page.nextCursor, limit };
  }

  private base(actor: Actor, query: ListCasesQuery, position: { at: Date; id: string } | null): SelectQueryBuilder<Case> {
    const qb = this.dataSource.getRepository(Case).createQueryBuilder('c');
    if (query.status?.length) qb.andWhere('c.status IN (:...statuses)', { statuses: query.status });
    if (query.priority) qb.andWhere('c.priority = :priority', { priority: query.priority });
    if (query.type) qb.andWhere('c.type = :type', { type: query.type });
    if (query.sharedWithMe) qb.andWhere('c.id IN (SELECT s.case_id FROM case_shares s WHERE s.user_id = :sharedWith)', { sharedWith: actor.userId });
    if (query.officeId) qb.andWhere('c.office_id = :officeId', { officeId: query.officeId });
    if (query.assignee === 'none') qb.andWhere('c.assignee_id IS NULL');
    else if (query.assignee === 'me') qb.andWhere('c.assignee_id = :meAssignee', { meAssignee: actor.userId });
    else if (query.assignee) qb.andWhere('c.assignee_id = :assigneeId', { assigneeId: query.assignee });
    if (query.from) qb.andWhere('c.created_at >= :from', { from: new Date(query.from) });
    if (query.to) qb.andWhere('c.created_at < :to', { to: new Date(query.to) });
    if (position) qb.andWhere('(c.last_activity_at, c.id) < (:cursorAt, :cursorId)', { cursorAt: position.at, cursorId: position.id });
    return qb;
  }

  private applySearch(qb: SelectQueryBuilder<Case>, kind: SearchKind, q: string): void {
    if (kind === 'reference') {
      const ref = parseReference(q)!;
      qb.andWhere('c.reference = :reference', { reference: formatReference(ref.prefix, ref.year, ref.sequence) });
      return;
    }
    if (kind === 'phone') {
      const hash = this.vault.phoneHash(q, 'q');
      qb.andWhere(new Brackets((w) => {
        w.where('c.person_id IN (SELECT i.person_id FROM person_identifiers i WHERE i.value_hash = :phoneHash)', { phoneHash: hash })
          .orWhere('c.id IN (SELECT k.case_id FROM contacts k WHERE k.phone_hash = :phoneHash AND k.case_id IS NOT NULL)');
      }));
      return;
    }
    const tokens = this.vault.nameIndex(q);
    qb.andWhere(new Brackets((w) => {
      if (tokens.length) w.orWhere('c.person_id IN (SELECT p.id FROM people p WHERE p.name_index @> CAST(:nameTokens AS text[]))', { nameTokens: tokens });
      w.orWhere(`c.summary_tsv @@ ${TEXT_QUERY}`, { text: q })
        .orWhere(`c.id IN (SELECT k.case_id FROM contacts k WHERE k.notes_tsv @@ ${TEXT_QUERY} AND k.case_id IS NOT NULL)`)
        .orWhere(`c.id IN (SELECT e.case_id FROM case_events e WHERE e.body_tsv @@ ${TEXT_QUERY})`);
    }));
  }
}
