import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { clampPageSize, type Page } from '@mayak/domain';
import { DataSource } from 'typeorm';
import { AuditAction } from '../../core/audit/audit-actions';
import { AuditService } from '../../core/audit/audit.service';
import type { Actor } from '../../core/context/request-context';
import { notFound, staleVersion } from '../../core/errors/domain-error';
import { matchesWords } from '../../core/database/full-text';
import type { CreateOrganisationDto, SearchOrganisationsQuery, UpdateOrganisationDto } from './dto/organisation.dto';
import { Organisation } from './organisation.entity';

/** The service directory: administrators keep it, everyone on the line searches it. */
@Injectable()
export class DirectoryService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource, private readonly audit: AuditService) {}

  async search(actor: Actor, query: SearchOrganisationsQuery): Promise<Page<Organisation>> {
    const limit = clampPageSize(query.limit);
    const offset = query.offset ?? 0;
    const qb = this.dataSource.getRepository(Organisation).createQueryBuilder('o');
    if (!(query.includeInactive && actor.permissions.includes('directory.manage'))) qb.andWhere('o.active');
    if (query.serviceType) qb.andWhere(':serviceType = ANY(o.service_types)', { serviceType: query.serviceType });
    if (query.region) qb.andWhere('o.regions @> ARRAY[CAST(:region AS text)]', { region: query.region });
    if (query.language) qb.andWhere('o.languages @> ARRAY[CAST(:language AS text)]', { language: query.language });
    if (query.acceptsReferrals !== undefined) qb.andWhere('o.accepts_referrals = :accepts', { accepts: query.acceptsReferrals });
    if (query.q) qb.andWhere(`(${matchesWords('o.search_tsv')} OR o.name ILIKE :namePrefix)`, { text: query.q, namePrefix: `${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` });
    const [items, total] = await qb.orderBy('o.name', 'ASC').addOrderBy('o.id', 'ASC').take(limit).skip(offset).getManyAndCount();
    return { items, total, limit, offset };
  }

  async get(id: string): Promise<Organisation> {
    const found = await this.dataSource.getRepository(Organisation).findOneBy({ id });
    if (!found) throw notFound('Organisation');
    return found;
  }

  async create(input: CreateOrganisationDto): Promise<Organisation> {
    return this.dataSource.transaction(async (m) => {
      const repo = m.getRepository(Organisation);
      const saved = await repo.save(repo.create({
        name: input.name, type: input.type, description: input.description ?? '', serviceTypes: input.serviceTypes ?? [], regions: input.regions ?? [], cities: input.cities ?? [],
        languages: input.languages ?? [], phone: input.phone ?? null, email: input.email ?? null, website: input.website ?? null, address: input.address ?? null,
        openingHours: input.openingHours ?? null, acceptsReferrals: input.acceptsReferrals ?? true, active: input.active ?? true,
      }));
      await this.audit.record({ action: AuditAction.OrganisationCreated, entityType: 'organisation', entityId: saved.id, summary: { name: saved.name, serviceTypes: saved.serviceTypes } }, m);
      return saved;
    });
  }

  async update(id: string, input: UpdateOrganisationDto): Promise<Organisation> {
    return this.dataSource.transaction(async (m) => {
      const repo = m.getRepository(Organisation);
      const found = await repo.createQueryBuilder('o').setLock('pessimistic_write').where('o.id = :id', { id }).getOne();
      if (!found) throw notFound('Organisation');
      if (found.version !== input.version) throw staleVersion('This organisation');
      const { version: _version, ...changes } = input;
      const changed = Object.entries(changes).filter(([key, value]) => value !== undefined && JSON.stringify(value) !== JSON.stringify((found as unknown as Record<string, unknown>)[key])).map(([key]) => key);
      if (!changed.length) return found;
      Object.assign(found, Object.fromEntries(changed.map((key) => [key, (changes as Record<string, unknown>)[key]])));
      const saved = await repo.save(found);
      await this.audit.record({ action: AuditAction.OrganisationUpdated, entityType: 'organisation', entityId: id, summary: { changed } }, m);
      return saved;
    });
  }
}
