import { Injectable } from '@nestjs/common';
import { clampPageSize, type Page } from '@mayak/domain';
import { AuditAction } from '#api/core/audit/audit-actions';
import { AuditService } from '#api/core/audit/audit.service';
import type { Actor } from '#api/core/context/request-context';
import { notFound, staleVersion } from '#api/core/errors/domain-error';
import { DirectoryRepository } from './directory.repository';
import type { CreateOrganisationDto, SearchOrganisationsQuery, UpdateOrganisationDto } from './dto/organisation.dto';
import type { Organisation } from './organisation.entity';

/** The service directory: administrators keep it, everyone on the line searches it. */
@Injectable()
export class DirectoryService {
  constructor(
    private readonly directory: DirectoryRepository,
    private readonly audit: AuditService,
  ) {}

  async search(actor: Actor, query: SearchOrganisationsQuery): Promise<Page<Organisation>> {
    const limit = clampPageSize(query.limit);
    const offset = query.offset ?? 0;
    const activeOnly = !(query.includeInactive && actor.permissions.includes('directory.manage'));
    const { items, total } = await this.directory.search(
      { activeOnly, q: query.q, serviceType: query.serviceType, region: query.region, language: query.language, acceptsReferrals: query.acceptsReferrals },
      limit,
      offset,
    );
    return { items, total, limit, offset };
  }

  async get(id: string): Promise<Organisation> {
    const found = await this.directory.findById(id);
    if (!found) throw notFound('Organisation');
    return found;
  }

  async create(input: CreateOrganisationDto): Promise<Organisation> {
    return this.directory.transaction(async (m) => {
      const saved = await this.directory.insert(m, {
        name: input.name,
        type: input.type,
        description: input.description ?? '',
        serviceTypes: input.serviceTypes ?? [],
        regions: input.regions ?? [],
        cities: input.cities ?? [],
        languages: input.languages ?? [],
        phone: input.phone ?? null,
        email: input.email ?? null,
        website: input.website ?? null,
        address: input.address ?? null,
        openingHours: input.openingHours ?? null,
        acceptsReferrals: input.acceptsReferrals ?? true,
        active: input.active ?? true,
      });
      await this.audit.record(
        {
          action: AuditAction.OrganisationCreated,
          entityType: 'organisation',
          entityId: saved.id,
          summary: { name: saved.name, serviceTypes: saved.serviceTypes },
        },
        m,
      );
      return saved;
    });
  }

  async update(id: string, input: UpdateOrganisationDto): Promise<Organisation> {
    return this.directory.transaction(async (m) => {
      const found = await this.directory.findForUpdate(m, id);
      if (!found) throw notFound('Organisation');
      if (found.version !== input.version) throw staleVersion('This organisation');
      const { version: _version, ...changes } = input;
      const changed = Object.entries(changes)
        .filter(([key, value]) => value !== undefined && JSON.stringify(value) !== JSON.stringify((found as unknown as Record<string, unknown>)[key]))
        .map(([key]) => key);
      if (!changed.length) return found;
      Object.assign(found, Object.fromEntries(changed.map((key) => [key, (changes as Record<string, unknown>)[key]])));
      const saved = await this.directory.save(m, found);
      await this.audit.record({ action: AuditAction.OrganisationUpdated, entityType: 'organisation', entityId: id, summary: { changed } }, m);
      return saved;
    });
  }
}
