import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { MenuLanguage } from '@mayak/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { escapeLike } from '#api/core/database/like';
import { QuickReply } from './quick-reply.entity';

/** The SQL of quick replies. */
@Injectable()
export class QuickRepliesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** A page of an office set's replies, by language then title (the unique index's order). */
  page(officeIds: string[], filter: { language?: MenuLanguage; q?: string }, limit: number, offset: number): Promise<[QuickReply[], number]> {
    const qb = this.dataSource.getRepository(QuickReply).createQueryBuilder('r').where('r.office_id IN (:...officeIds)', { officeIds });
    if (filter.language) qb.andWhere('r.language = :language', { language: filter.language });
    if (filter.q) qb.andWhere(`(r.title ILIKE :q ESCAPE '\\' OR r.body ILIKE :q ESCAPE '\\')`, { q: `%${escapeLike(filter.q)}%` });
    return qb.orderBy('r.office_id').addOrderBy('r.language').addOrderBy('r.title').addOrderBy('r.id').take(limit).skip(offset).getManyAndCount();
  }

  lockForUpdate(m: EntityManager, id: string): Promise<QuickReply | null> {
    return m.getRepository(QuickReply).createQueryBuilder('r').setLock('pessimistic_write').where('r.id = :id', { id }).getOne();
  }

  find(id: string): Promise<QuickReply | null> {
    return this.dataSource.getRepository(QuickReply).findOneBy({ id });
  }

  save(m: EntityManager, reply: Partial<QuickReply>): Promise<QuickReply> {
    const repo = m.getRepository(QuickReply);
    return repo.save(repo.create(reply));
  }

  async remove(m: EntityManager, id: string): Promise<void> {
    await m.getRepository(QuickReply).delete({ id });
  }
}
