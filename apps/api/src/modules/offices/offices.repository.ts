import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { escapeLike } from '#api/core/database/like';
import type { ListOfficesQuery } from './dto/office.dto';
import { Office } from './office.entity';

/** An office as first written; the database gives id, version and timestamps. */
export type NewOffice = Pick<Office, 'name' | 'code' | 'timezone' | 'active' | 'wrapUpSeconds'>;

export type OfficeListFilter = Pick<ListOfficesQuery, 'q' | 'active'>;

export abstract class OfficesRepository {
  abstract transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T>;
  /** One page of offices by name (a `q` matches name or code anywhere), and the total. */
  abstract list(filter: OfficeListFilter, limit: number, offset: number): Promise<{ items: Office[]; total: number }>;
  abstract findById(id: string): Promise<Office | null>;
  /** The office locked for a change, or null. */
  abstract findForUpdate(m: EntityManager, id: string): Promise<Office | null>;
  abstract findByIds(ids: string[], m?: EntityManager): Promise<Office[]>;
  /** The office of that name, whatever its case, or null. */
  abstract findByName(name: string): Promise<Office | null>;
  abstract insert(m: EntityManager, office: NewOffice): Promise<Office>;
  abstract save(m: EntityManager, office: Office): Promise<Office>;
}

@Injectable()
export class SqlOfficesRepository extends OfficesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async list(filter: OfficeListFilter, limit: number, offset: number): Promise<{ items: Office[]; total: number }> {
    const qb = this.dataSource.getRepository(Office).createQueryBuilder('o').orderBy('o.name', 'ASC').addOrderBy('o.id', 'ASC').take(limit).skip(offset);
    if (filter.q) qb.andWhere('(o.name ILIKE :q OR o.code ILIKE :q)', { q: `%${escapeLike(filter.q)}%` });
    if (filter.active !== undefined) qb.andWhere('o.active = :active', { active: filter.active });
    const [items, total] = await qb.getManyAndCount();
    return { items, total };
  }

  async findById(id: string): Promise<Office | null> {
    return this.dataSource.getRepository(Office).findOne({ where: { id } });
  }

  async findForUpdate(m: EntityManager, id: string): Promise<Office | null> {
    return m.getRepository(Office).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async findByIds(ids: string[], m: EntityManager = this.dataSource.manager): Promise<Office[]> {
    if (ids.length === 0) return [];
    return m.getRepository(Office).createQueryBuilder('o').where('o.id IN (:...ids)', { ids }).getMany();
  }

  async findByName(name: string): Promise<Office | null> {
    return this.dataSource.getRepository(Office).createQueryBuilder('o').where('lower(o.name) = lower(:name)', { name }).getOne();
  }

  async insert(m: EntityManager, office: NewOffice): Promise<Office> {
    return m.getRepository(Office).save(m.getRepository(Office).create(office));
  }

  async save(m: EntityManager, office: Office): Promise<Office> {
    return m.getRepository(Office).save(office);
  }
}
