import type { EntityManager } from 'typeorm';
import { AuditAction } from '#api/core/audit/audit-actions';
import type { AuditService } from '#api/core/audit/audit.service';
import type { Actor } from '#api/core/context/request-context';
import { strictFake } from '#api/testing/strict-fake';
import { DirectoryRepository } from './directory.repository';
import { DirectoryService } from './directory.service';
import type { Organisation } from './organisation.entity';

const tx = { transaction: 'tx' } as unknown as EntityManager;

const operator: Actor = {
  userId: 'operator-1',
  email: 'operator@mayak.kz',
  roles: ['operator'],
  officeIds: ['office-1'],
  sessionId: 's-1',
  permissions: ['directory.read'],
};
const admin: Actor = {
  userId: 'admin-1',
  email: 'admin@mayak.kz',
  roles: ['admin'],
  officeIds: [],
  sessionId: 's-2',
  permissions: ['directory.read', 'directory.manage'],
};

function anOrganisation(fields: Partial<Organisation> = {}): Organisation {
  return {
    id: 'org-1',
    name: 'Shelter Nadezhda',
    type: 'NGO',
    description: '',
    serviceTypes: ['shelter'],
    regions: ['KZ-75'],
    cities: ['Almaty'],
    languages: ['ru'],
    phone: null,
    email: null,
    website: null,
    address: null,
    openingHours: null,
    acceptsReferrals: true,
    active: true,
    version: 2,
    ...fields,
  } as Organisation;
}

function setup() {
  const directory = strictFake<DirectoryRepository>('DirectoryRepository');
  const audit = strictFake<AuditService>('AuditService');
  directory.transaction.mockImplementation((work) => work(tx));
  return { service: new DirectoryService(directory, audit), directory, audit };
}

describe('DirectoryService', () => {
  describe('search', () => {
    it('shows only active organisations to those who do not keep the directory, even when they ask for inactive ones', async () => {
      const { service, directory } = setup();
      directory.search.mockResolvedValue({ items: [], total: 0 });
      await service.search(operator, { includeInactive: true, q: 'shelter' } as never);
      expect(directory.search).toHaveBeenCalledWith(expect.objectContaining({ activeOnly: true, q: 'shelter' }), expect.any(Number), 0);
    });

    it('shows inactive ones to an administrator who asks', async () => {
      const { service, directory } = setup();
      directory.search.mockResolvedValue({ items: [], total: 0 });
      await service.search(admin, { includeInactive: true } as never);
      expect(directory.search).toHaveBeenCalledWith(expect.objectContaining({ activeOnly: false }), expect.any(Number), 0);
    });

    it('an administrator who does not ask sees active ones only', async () => {
      const { service, directory } = setup();
      directory.search.mockResolvedValue({ items: [], total: 0 });
      await service.search(admin, {} as never);
      expect(directory.search).toHaveBeenCalledWith(expect.objectContaining({ activeOnly: true }), expect.any(Number), 0);
    });

    it('passes the filters and the clamped page on, and answers with the page', async () => {
      const { service, directory } = setup();
      const found = anOrganisation();
      directory.search.mockResolvedValue({ items: [found], total: 31 });
      const page = await service.search(operator, {
        serviceType: 'shelter',
        region: 'KZ-75',
        language: 'kk',
        acceptsReferrals: false,
        limit: 500,
        offset: 20,
      } as never);
      expect(page).toEqual({ items: [found], total: 31, limit: 100, offset: 20 });
      expect(directory.search).toHaveBeenCalledWith(
        { activeOnly: true, q: undefined, serviceType: 'shelter', region: 'KZ-75', language: 'kk', acceptsReferrals: false },
        100,
        20,
      );
    });
  });

  it('get is a 404 for an unknown organisation', async () => {
    const { service, directory } = setup();
    directory.findById.mockResolvedValue(null);
    await expect(service.get('nope')).rejects.toMatchObject({ code: 'not_found' });
  });

  describe('create', () => {
    it('fills what was left out (active, taking referrals, empty lists) and audits the name and services', async () => {
      const { service, directory, audit } = setup();
      directory.insert.mockImplementation(async (_m, fields) => anOrganisation({ ...fields, id: 'org-9' }));
      audit.record.mockResolvedValue();

      const saved = await service.create({ name: 'Legal Aid Centre', type: 'NGO', serviceTypes: ['legal_aid'] } as never);

      expect(saved.id).toBe('org-9');
      expect(directory.insert).toHaveBeenCalledWith(tx, {
        name: 'Legal Aid Centre',
        type: 'NGO',
        description: '',
        serviceTypes: ['legal_aid'],
        regions: [],
        cities: [],
        languages: [],
        phone: null,
        email: null,
        website: null,
        address: null,
        openingHours: null,
        acceptsReferrals: true,
        active: true,
      });
      expect(audit.record).toHaveBeenCalledWith(
        {
          action: AuditAction.OrganisationCreated,
          entityType: 'organisation',
          entityId: 'org-9',
          summary: { name: 'Legal Aid Centre', serviceTypes: ['legal_aid'] },
        },
        tx,
      );
    });
  });

  describe('update', () => {
    it('refuses a stale version, writing nothing', async () => {
      const { service, directory } = setup();
      directory.findForUpdate.mockResolvedValue(anOrganisation({ version: 2 }));
      await expect(service.update('org-1', { version: 1, name: 'Nadezhda' } as never)).rejects.toMatchObject({ code: 'conflict' });
      expect(directory.findForUpdate).toHaveBeenCalledWith(tx, 'org-1');
    });

    it('is a 404 for an unknown organisation', async () => {
      const { service, directory } = setup();
      directory.findForUpdate.mockResolvedValue(null);
      await expect(service.update('nope', { version: 1 } as never)).rejects.toMatchObject({ code: 'not_found' });
    });

    it('writes and audits nothing when every field sent is as it was (lists compared by value)', async () => {
      const { service, directory } = setup();
      const found = anOrganisation();
      directory.findForUpdate.mockResolvedValue(found);
      await expect(service.update('org-1', { version: 2, name: 'Shelter Nadezhda', serviceTypes: ['shelter'] } as never)).resolves.toBe(found);
    });

    it('saves the changed fields and audits their names only', async () => {
      const { service, directory, audit } = setup();
      directory.findForUpdate.mockResolvedValue(anOrganisation());
      directory.save.mockImplementation(async (_m, organisation) => organisation);
      audit.record.mockResolvedValue();

      const saved = await service.update('org-1', {
        version: 2,
        name: 'Shelter Nadezhda',
        phone: '+77270000000',
        serviceTypes: ['shelter', 'legal_aid'],
      } as never);

      expect(saved).toMatchObject({ phone: '+77270000000', serviceTypes: ['shelter', 'legal_aid'], version: 2 });
      expect(directory.save).toHaveBeenCalledWith(tx, saved);
      expect(audit.record).toHaveBeenCalledWith(
        { action: AuditAction.OrganisationUpdated, entityType: 'organisation', entityId: 'org-1', summary: { changed: ['phone', 'serviceTypes'] } },
        tx,
      );
    });
  });
});
