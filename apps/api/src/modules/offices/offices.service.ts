import { Injectable } from '@nestjs/common';
import { clampPageSize, type Page } from '@mayak/domain';
import type { EntityManager } from 'typeorm';
import { AuditAction } from '#api/core/audit/audit-actions';
import { AuditService } from '#api/core/audit/audit.service';
import { DomainError, notFound, staleVersion } from '#api/core/errors/domain-error';
import { isUniqueViolation } from '#api/core/database/pg-errors';
import type { CreateOfficeDto, ListOfficesQuery, UpdateOfficeDto } from './dto/office.dto';
import type { Office } from './office.entity';
import { OfficesRepository } from './offices.repository';

@Injectable()
export class OfficesService {
  constructor(
    private readonly offices: OfficesRepository,
    private readonly audit: AuditService,
  ) {}

  async list(query: ListOfficesQuery): Promise<Page<Office>> {
    const limit = clampPageSize(query.limit);
    const offset = query.offset ?? 0;
    const { items, total } = await this.offices.list({ q: query.q, active: query.active }, limit, offset);
    return { items, total, limit, offset };
  }

  async get(id: string): Promise<Office> {
    const office = await this.offices.findById(id);
    if (!office) throw notFound('Office');
    return office;
  }

  async findByIds(ids: string[], manager?: EntityManager): Promise<Office[]> {
    return this.offices.findByIds(ids, manager);
  }

  async findByName(name: string): Promise<Office | null> {
    return this.offices.findByName(name);
  }

  async create(input: CreateOfficeDto, manager?: EntityManager): Promise<Office> {
    const run = async (m: EntityManager) => {
      const office = await this.offices.insert(m, {
        name: input.name,
        code: input.code,
        timezone: input.timezone ?? 'Asia/Almaty',
        active: true,
        wrapUpSeconds: input.wrapUpSeconds ?? 60,
      });
      await this.audit.record(
        {
          action: AuditAction.OfficeCreated,
          entityType: 'office',
          entityId: office.id,
          officeId: office.id,
          summary: { name: office.name, code: office.code },
        },
        m,
      );
      return office;
    };
    try {
      return await (manager ? run(manager) : this.offices.transaction(run));
    } catch (error) {
      throw translateUnique(error);
    }
  }

  async update(id: string, input: UpdateOfficeDto): Promise<Office> {
    try {
      return await this.offices.transaction(async (m) => {
        const office = await this.offices.findForUpdate(m, id);
        if (!office) throw notFound('Office');
        if (office.version !== input.version) throw staleVersion('This office');
        const changed: Record<string, { from: unknown; to: unknown }> = {};
        for (const key of ['name', 'code', 'timezone', 'active', 'wrapUpSeconds'] as const) {
          const value = input[key];
          if (value !== undefined && value !== office[key]) {
            changed[key] = { from: office[key], to: value };
            (office as unknown as Record<string, unknown>)[key] = value;
          }
        }
        if (Object.keys(changed).length === 0) return office;
        const saved = await this.offices.save(m, office);
        await this.audit.record({ action: AuditAction.OfficeUpdated, entityType: 'office', entityId: id, officeId: id, summary: { changed } }, m);
        return saved;
      });
    } catch (error) {
      throw translateUnique(error);
    }
  }
}

function translateUnique(error: unknown): unknown {
  if (isUniqueViolation(error, 'uq_offices_name_lower'))
    return new DomainError('office_name_taken', 'An office with this name already exists', {
      errors: [{ field: 'name', code: 'office_name_taken', message: 'An office with this name already exists' }],
    });
  if (isUniqueViolation(error, 'uq_offices_code'))
    return new DomainError('office_name_taken', 'An office with this code already exists', {
      errors: [{ field: 'code', code: 'office_name_taken', message: 'An office with this code already exists' }],
    });
  return error;
}
