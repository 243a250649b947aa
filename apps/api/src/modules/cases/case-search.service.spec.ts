import type { AuditService } from '#api/core/audit/audit.service';
import type { Actor } from '#api/core/context/request-context';
import { strictFake } from '#api/testing/strict-fake';
import type { IdentifierVault } from '../people/identifier-vault';
import type { Case } from './case.entity';
import { CaseSearchRepository } from './case-search.repository';
import { CaseSearchService, classifySearch } from './case-search.service';
import type { CasesService } from './cases.service';

const worker: Actor = {
  userId: 'worker-1',
  email: 'worker@mayak.kz',
  roles: ['case_worker'],
  officeIds: ['office-1'],
  sessionId: 's-1',
  permissions: ['cases.read'],
};
const at = (iso: string) => new Date(iso);

function setup() {
  const search = strictFake<CaseSearchRepository>('CaseSearchRepository');
  const cases = strictFake<CasesService>('CasesService');
  const vault = strictFake<IdentifierVault>('IdentifierVault');
  const audit = strictFake<AuditService>('AuditService');
  audit.record.mockResolvedValue();
  cases.summaries.mockImplementation(async (_actor, rows) => rows.map((c) => ({ id: c.id }) as never));
  return { service: new CaseSearchService(search, cases, vault, audit), search, cases, vault, audit };
}

describe('CaseSearchService', () => {
  it('tells references, phone numbers and words apart', () => {
    expect(classifySearch('ast-2031-7')).toBe('reference');
    expect(classifySearch('+7 701 000 00 00')).toBe('phone');
    expect(classifySearch('Айгерим')).toBe('words');
  });

  it('a reference is matched in its canonical form on every branch the actor sees', async () => {
    const { service, search } = setup();
    search.listBranch.mockResolvedValue([]);
    await service.list(worker, { q: 'ast 2031 7' } as never);
    expect(search.listBranch).toHaveBeenCalled();
    for (const call of search.listBranch.mock.calls) expect(call[3]).toEqual({ kind: 'reference', reference: 'AST-2031-000007' });
  });

  it('a number no case knows returns nothing without listing', async () => {
    const { service, search, vault } = setup();
    vault.phoneHashes.mockReturnValue(['h1']);
    search.caseIdsByPhoneHashes.mockResolvedValue([]);
    await expect(service.list(worker, { q: '+77010000000' } as never)).resolves.toEqual({ items: [], nextCursor: null, limit: 25 });
    expect(search.listBranch).not.toHaveBeenCalled();
  });

  it('merges the branches newest activity first, each case once, and pages after the limit', async () => {
    const { service, search } = setup();
    const c = (id: string, iso: string) => ({ id, lastActivityAt: at(iso) }) as Case;
    search.listBranch
      .mockResolvedValueOnce([c('a', '2031-05-03T00:00:00Z'), c('b', '2031-05-01T00:00:00Z')])
      .mockResolvedValue([c('a', '2031-05-03T00:00:00Z'), c('d', '2031-05-02T00:00:00Z')]);
    const page = await service.list(worker, { limit: 2 } as never);
    expect(page.items).toEqual([{ id: 'a' }, { id: 'd' }]);
    expect(page.nextCursor).not.toBeNull();
  });
});
