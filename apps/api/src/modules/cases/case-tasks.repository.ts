import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '../../core/context/request-context';
import { caseScope } from '../access/record-scope';
import { CaseTask } from './case-task.entity';
import { Case } from './case.entity';

/** The SQL of tasks across cases. */
@Injectable()
export class CaseTasksRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Open tasks assigned to the actor on cases they may still see, the soonest due first
   * (undated last), a page of them with each task's case reference, and how many there are.
   */
  async openAssignedTo(actor: Actor, limit: number, offset: number): Promise<{ rows: { task: CaseTask; caseReference: string }[]; total: number }> {
    const scope = caseScope(actor, 'c');
    const qb = this.dataSource.getRepository(CaseTask).createQueryBuilder('t')
      .innerJoin(Case, 'c', 'c.id = t.case_id')
      .addSelect('c.reference', 'case_reference')
      .where('t.assignee_id = :me AND t.status = :open', { me: actor.userId, open: 'open' })
      .andWhere(scope.sql, scope.params);
    const [{ entities, raw }, total] = await Promise.all([
      qb.clone().orderBy('t.due_at', 'ASC', 'NULLS LAST').addOrderBy('t.created_at', 'ASC').addOrderBy('t.id', 'ASC').limit(limit).offset(offset).getRawAndEntities<{ case_reference: string }>(),
      qb.clone().getCount(),
    ]);
    return { rows: entities.map((task, i) => ({ task, caseReference: raw[i].case_reference })), total };
  }
}
