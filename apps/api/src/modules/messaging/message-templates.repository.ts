import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { MenuLanguage } from '@mayak/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { MessageTemplate } from './message-template.entity';

/** The SQL of WhatsApp templates (a few dozen for a line at most). */
@Injectable()
export class MessageTemplatesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  list(filter: { language?: MenuLanguage; activeOnly: boolean }): Promise<MessageTemplate[]> {
    const qb = this.dataSource.getRepository(MessageTemplate).createQueryBuilder('t');
    if (filter.language) qb.andWhere('t.language = :language', { language: filter.language });
    if (filter.activeOnly) qb.andWhere('t.active');
    return qb.orderBy('t.language').addOrderBy('t.name').addOrderBy('t.id').limit(200).getMany();
  }

  find(id: string): Promise<MessageTemplate | null> {
    return this.dataSource.getRepository(MessageTemplate).findOneBy({ id });
  }

  lockForUpdate(m: EntityManager, id: string): Promise<MessageTemplate | null> {
    return m.getRepository(MessageTemplate).createQueryBuilder('t').setLock('pessimistic_write').where('t.id = :id', { id }).getOne();
  }

  save(m: EntityManager, template: Partial<MessageTemplate>): Promise<MessageTemplate> {
    const repo = m.getRepository(MessageTemplate);
    return repo.save(repo.create(template));
  }
}
