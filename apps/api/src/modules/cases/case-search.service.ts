import { Injectable } from '@nestjs/common';
import { clampPageSize, normalisePhone, parseReference, formatReference } from '@mayak/domain';
import { AuditAction } from '#api/core/audit/audit-actions';
import { AuditService } from '#api/core/audit/audit.service';
import type { Actor } from '#api/core/context/request-context';
import { decodeCursor, mergeNewestFirst, pageOf } from '#api/core/database/keyset';
import { fieldInvalid } from '#api/core/errors/domain-error';
import { caseListBranches } from '../access/record-scope';
import { IdentifierVault } from '../people/identifier-vault';
import { CaseSearchRepository, type CaseSearchMatch } from './case-search.repository';
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

@Injectable()
export class CaseSearchService {
  constructor(
    private readonly search: CaseSearchRepository,
    private readonly cases: CasesService,
    private readonly vault: IdentifierVault,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, query: ListCasesQuery): Promise<CasePageDto> {
    const limit = clampPageSize(query.limit);
    const position = decodeCursor(query.cursor);
    if (query.from && query.to && query.from >= query.to) throw fieldInvalid('to', 'before_from', 'to must be after from');
    if (query.closedFrom && query.closedTo && query.closedFrom >= query.closedTo)
      throw fieldInvalid('closedTo', 'before_from', 'closedTo must be after closedFrom');
    const kind = query.q ? classifySearch(query.q) : null;
    const search = kind ? await this.searchMatch(kind, query.q!) : null;

    // Every list and search is the union of the actor's branches (an office, assigned to
    // me, shared with me), each an index walk in activity order that stops at limit + 1.
    const branches = caseListBranches(actor, 'c');
    const found = search?.none
      ? []
      : await Promise.all(branches.map((branch) => this.search.listBranch(actor, branch, query, search?.match ?? null, position, limit)));
    const rows = mergeNewestFirst(found, limit, (row) => row.lastActivityAt);
    const page = pageOf(rows, limit, (c) => ({ at: c.lastActivityAt, id: c.id }));
    await this.audit.record({
      action: AuditAction.CasesListed,
      entityType: 'case',
      summary: { search: kind, filters: Object.keys(query).filter((k) => k !== 'q' && k !== 'cursor'), returned: page.items.length },
    });
    return { items: await this.cases.summaries(actor, page.items), nextCursor: page.nextCursor, limit };
  }

  /**
   * The search as one condition on `cases` alone. Phone numbers and names are resolved to
   * ids first through their keyed-hash indexes (a handful of rows); words match the case's
   * trigger-kept search vector.
   */
  private async searchMatch(kind: SearchKind, q: string): Promise<{ match: CaseSearchMatch; none?: boolean }> {
    if (kind === 'reference') {
      const ref = parseReference(q)!;
      return { match: { kind: 'reference', reference: formatReference(ref.prefix, ref.year, ref.sequence) } };
    }
    if (kind === 'phone') {
      const caseIds = await this.search.caseIdsByPhoneHashes(this.vault.phoneHashes(q, 'q'), MAX_RESOLVED);
      return { match: { kind: 'cases', caseIds }, none: caseIds.length === 0 };
    }
    // While the hash key rotates, a person matches with all their tokens under one of the keys.
    const indexes = this.vault.nameIndexes(q);
    const personIds = indexes[0].length ? await this.search.personIdsByNameIndexes(indexes, MAX_RESOLVED) : [];
    return { match: { kind: 'words', text: q, personIds } };
  }
}
