import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { matchesWords } from '#api/core/database/full-text';
import type { SearchOrganisationsQuery } from './dto/organisation.dto';
import { Organisation } from './organisation.entity';

/** An organisation as first written; the database gives id, version, timestamps and the search vector. */
export type NewOrganisation = Pick<
  Organisation,
  | 'name'
  | 'type'
  | 'description'
  | 'serviceTypes'
  | 'regions'
  | 'cities'
  | 'languages'
  | 'phone'
  | 'email'
  | 'website'
  | 'address'
  | 'openingHours'
  | 'acceptsReferrals'
  | 'active'
>;

export interface OrganisationSearchFilter extends Pick<SearchOrganisationsQuery, 'q' | 'serviceType' | 'region' | 'language' | 'acceptsReferrals'> {
  activeOnly: boolean;
}

/** The service directory's organisations. */
export abstract class DirectoryRepository {
  abstract transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T>;
  /** One page by name (a `q` matches the words or the start of the name), and the total. */
  abstract search(filter: OrganisationSearchFilter, limit: number, offset: number): Promise<{ items: Organisation[]; total: number }>;
  abstract findById(id: string): Promise<Organisation | null>;
  /** The organisation locked for a change, or null. */
  abstract findForUpdate(m: EntityManager, id: string): Promise<Organisation | null>;
  abstract insert(m: EntityManager, organisation: NewOrganisation): Promise<Organisation>;
  abstract save(m: EntityManager, organisation: Organisation): Promise<Organisation>;
}

@Injectable()
export class SqlDirectoryRepository extends DirectoryRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async search(filter: OrganisationSearchFilter, limit: number, offset: number): Promise<{ items: Organisation[]; total: number }> {
    const qb = this.dataSource.getRepository(Organisation).createQueryBuilder('o');
    if (filter.activeOnly) qb.andWhere('o.active');
    if (filter.serviceType) qb.andWhere(':serviceType = ANY(o.service_types)', { serviceType: filter.serviceType });
    if (filter.region) qb.andWhere('o.regions @> ARRAY[CAST(:region AS text)]', { region: filter.region });
    if (filter.language) qb.andWhere('o.languages @> ARRAY[CAST(:language AS text)]', { language: filter.language });
    if (filter.acceptsReferrals !== undefined) qb.andWhere('o.accepts_referrals = :accepts', { accepts: filter.acceptsReferrals });
    if (filter.q)
      qb.andWhere(`(${matchesWords('o.search_tsv')} OR o.name ILIKE :namePrefix)`, {
        text: filter.q,
        namePrefix: `${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
      });
    const [items, total] = await qb.orderBy('o.name', 'ASC').addOrderBy('o.id', 'ASC').take(limit).skip(offset).getManyAndCount();
    return { items, total };
  }

  async findById(id: string): Promise<Organisation | null> {
    return this.dataSource.getRepository(Organisation).findOneBy({ id });
  }

  async findForUpdate(m: EntityManager, id: string): Promise<Organisation | null> {
    return m.getRepository(Organisation).createQueryBuilder('o').setLock('pessimistic_write').where('o.id = :id', { id }).getOne();
  }

  async insert(m: EntityManager, organisation: NewOrganisation): Promise<Organisation> {
    const repo = m.getRepository(Organisation);
    return repo.save(repo.create(organisation));
  }

  async save(m: EntityManager, organisation: Organisation): Promise<Organisation> {
    return m.getRepository(Organisation).save(organisation);
  }
}
