import { QueryFailedError, type EntityManager } from 'typeorm';
import { AuditAction } from '#api/core/audit/audit-actions';
import type { AuditService } from '#api/core/audit/audit.service';
import { strictFake } from '#api/testing/strict-fake';
import type { Office } from './office.entity';
import { OfficesRepository } from './offices.repository';
import { OfficesService } from './offices.service';

const tx = { transaction: 'tx' } as unknown as EntityManager;

function anOffice(fields: Partial<Office> = {}): Office {
  return { id: 'office-1', name: 'Almaty', code: 'ALA', timezone: 'Asia/Almaty', active: true, wrapUpSeconds: 60, version: 4, ...fields } as Office;
}

function uniqueViolation(constraint: string): QueryFailedError {
  return new QueryFailedError('INSERT', [], Object.assign(new Error('duplicate key'), { code: '23505', constraint }));
}

function setup() {
  const offices = strictFake<OfficesRepository>('OfficesRepository');
  const audit = strictFake<AuditService>('AuditService');
  offices.transaction.mockImplementation((work) => work(tx));
  return { service: new OfficesService(offices, audit), offices, audit };
}

describe('OfficesService', () => {
  describe('list', () => {
    it('clamps the page size and passes the filter through', async () => {
      const { service, offices } = setup();
      offices.list.mockResolvedValue({ items: [anOffice()], total: 7 });
      await expect(service.list({ q: 'alm', active: true, limit: 5000, offset: 5 } as never)).resolves.toMatchObject({ total: 7, limit: 100, offset: 5 });
      expect(offices.list).toHaveBeenCalledWith({ q: 'alm', active: true }, 100, 5);
    });
  });

  it('get is a 404 for an unknown office', async () => {
    const { service, offices } = setup();
    offices.findById.mockResolvedValue(null);
    await expect(service.get('nope')).rejects.toMatchObject({ code: 'not_found' });
  });

  describe('create', () => {
    it('writes the office with the default time zone and wrap-up, and audits it in the same transaction', async () => {
      const { service, offices, audit } = setup();
      offices.insert.mockImplementation(async (_m, fields) => anOffice({ ...fields, id: 'office-9' }));
      audit.record.mockResolvedValue();

      const office = await service.create({ name: 'Shymkent', code: 'SHY' });

      expect(office.id).toBe('office-9');
      expect(offices.insert).toHaveBeenCalledWith(tx, { name: 'Shymkent', code: 'SHY', timezone: 'Asia/Almaty', active: true, wrapUpSeconds: 60 });
      expect(audit.record).toHaveBeenCalledWith(
        { action: AuditAction.OfficeCreated, entityType: 'office', entityId: 'office-9', officeId: 'office-9', summary: { name: 'Shymkent', code: 'SHY' } },
        tx,
      );
    });

    it('runs inside the caller’s transaction when given one', async () => {
      const { service, offices, audit } = setup();
      const callers = { transaction: 'callers' } as unknown as EntityManager;
      offices.insert.mockImplementation(async (_m, fields) => anOffice(fields));
      audit.record.mockResolvedValue();
      await service.create({ name: 'Shymkent', code: 'SHY', timezone: 'Asia/Aqtobe', wrapUpSeconds: 0 }, callers);
      expect(offices.transaction).not.toHaveBeenCalled();
      expect(offices.insert).toHaveBeenCalledWith(callers, expect.objectContaining({ timezone: 'Asia/Aqtobe', wrapUpSeconds: 0 }));
    });

    it.each([
      ['uq_offices_name_lower', 'name'],
      ['uq_offices_code', 'code'],
    ])('turns a clash on %s into office_name_taken on the %s field', async (constraint, field) => {
      const { service, offices } = setup();
      offices.insert.mockRejectedValue(uniqueViolation(constraint));
      await expect(service.create({ name: 'Almaty', code: 'ALA' })).rejects.toMatchObject({
        code: 'office_name_taken',
        extra: { errors: [expect.objectContaining({ field })] },
      });
    });

    it('lets other database errors through as they are', async () => {
      const { service, offices } = setup();
      const other = uniqueViolation('uq_something_else');
      offices.insert.mockRejectedValue(other);
      await expect(service.create({ name: 'Almaty', code: 'ALA' })).rejects.toBe(other);
    });
  });

  describe('update', () => {
    it('refuses a stale version, writing nothing', async () => {
      const { service, offices } = setup();
      offices.findForUpdate.mockResolvedValue(anOffice({ version: 4 }));
      await expect(service.update('office-1', { version: 3, name: 'Almaty City' })).rejects.toMatchObject({ code: 'conflict' });
      expect(offices.findForUpdate).toHaveBeenCalledWith(tx, 'office-1');
    });

    it('is a 404 for an unknown office', async () => {
      const { service, offices } = setup();
      offices.findForUpdate.mockResolvedValue(null);
      await expect(service.update('nope', { version: 1 })).rejects.toMatchObject({ code: 'not_found' });
    });

    it('writes and audits nothing when nothing changes', async () => {
      const { service, offices } = setup();
      const office = anOffice();
      offices.findForUpdate.mockResolvedValue(office);
      await expect(service.update('office-1', { version: 4, name: 'Almaty', wrapUpSeconds: 60 })).resolves.toBe(office);
    });

    it('saves only what changed and audits each change from and to', async () => {
      const { service, offices, audit } = setup();
      offices.findForUpdate.mockResolvedValue(anOffice());
      offices.save.mockImplementation(async (_m, office) => office);
      audit.record.mockResolvedValue();

      const saved = await service.update('office-1', { version: 4, name: 'Almaty', active: false, wrapUpSeconds: 120 });

      expect(saved).toMatchObject({ name: 'Almaty', active: false, wrapUpSeconds: 120 });
      expect(offices.save).toHaveBeenCalledWith(tx, expect.objectContaining({ active: false, wrapUpSeconds: 120 }));
      expect(audit.record).toHaveBeenCalledWith(
        {
          action: AuditAction.OfficeUpdated,
          entityType: 'office',
          entityId: 'office-1',
          officeId: 'office-1',
          summary: { changed: { active: { from: true, to: false }, wrapUpSeconds: { from: 60, to: 120 } } },
        },
        tx,
      );
    });

    it('turns a code taken by another office into office_name_taken', async () => {
      const { service, offices } = setup();
      offices.findForUpdate.mockResolvedValue(anOffice());
      offices.save.mockRejectedValue(uniqueViolation('uq_offices_code'));
      await expect(service.update('office-1', { version: 4, code: 'AST' })).rejects.toMatchObject({
        code: 'office_name_taken',
        extra: { errors: [expect.objectContaining({ field: 'code' })] },
      });
    });
  });
});
