import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import type { Actor } from '#api/core/context/request-context';
import { caseScope } from '../access/record-scope';
import { CaseConsent } from './case-consent.entity';
import { CaseTask } from './case-task.entity';
import { Case } from './case.entity';
import { loadUserRefs, type UserRef } from './user-refs';

export type NewTask = Pick<CaseTask, 'caseId' | 'title' | 'dueAt' | 'assigneeId' | 'status' | 'createdById' | 'completedAt'>;
export type NewConsent = Pick<CaseConsent, 'caseId' | 'purpose' | 'channel' | 'givenAt' | 'recordedById' | 'note' | 'withdrawnAt' | 'withdrawnById'>;

/** The follow-up work of cases: tasks, and the consents the client gave. */
export abstract class CaseWorkRepository {
  abstract transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T>;
  /** A case's tasks (up to 200): open ones first, the soonest due first (undated last), then the oldest. */
  abstract tasksOfCase(caseId: string): Promise<CaseTask[]>;
  /**
   * Open tasks assigned to the actor on cases they may still see, the soonest due first
   * (undated last), a page of them with each task's case reference, and how many there are.
   */
  abstract openAssignedTo(actor: Actor, limit: number, offset: number): Promise<{ rows: { task: CaseTask; caseReference: string }[]; total: number }>;
  abstract insertTask(m: EntityManager, task: NewTask): Promise<CaseTask>;
  /** A task of the case, locked for a change, or null. */
  abstract lockTaskOfCase(m: EntityManager, caseId: string, taskId: string): Promise<CaseTask | null>;
  abstract saveTask(m: EntityManager, task: CaseTask): Promise<CaseTask>;
  /** Whether the user is an active member of the office. */
  abstract isActiveMemberOf(m: EntityManager, userId: string, officeId: string): Promise<boolean>;
  /** Records a consent; fails with uq_case_consents_active while one for the purpose stands. */
  abstract insertConsent(m: EntityManager, consent: NewConsent): Promise<void>;
  /** A consent of the case not withdrawn, or null. */
  abstract findStandingConsent(m: EntityManager, caseId: string, consentId: string): Promise<CaseConsent | null>;
  abstract withdrawConsent(m: EntityManager, consentId: string, at: Date, byId: string): Promise<void>;
  abstract userRefs(ids: (string | null)[]): Promise<Map<string, UserRef>>;
}

@Injectable()
export class SqlCaseWorkRepository extends CaseWorkRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async tasksOfCase(caseId: string): Promise<CaseTask[]> {
    return this.dataSource
      .getRepository(CaseTask)
      .find({ where: { caseId }, order: { status: 'DESC', dueAt: { direction: 'ASC', nulls: 'LAST' }, createdAt: 'ASC' }, take: 200 });
  }

  async openAssignedTo(actor: Actor, limit: number, offset: number): Promise<{ rows: { task: CaseTask; caseReference: string }[]; total: number }> {
    const scope = caseScope(actor, 'c');
    const qb = this.dataSource
      .getRepository(CaseTask)
      .createQueryBuilder('t')
      .innerJoin(Case, 'c', 'c.id = t.case_id')
      .addSelect('c.reference', 'case_reference')
      .where('t.assignee_id = :me AND t.status = :open', { me: actor.userId, open: 'open' })
      .andWhere(scope.sql, scope.params);
    const [{ entities, raw }, total] = await Promise.all([
      qb
        .clone()
        .orderBy('t.due_at', 'ASC', 'NULLS LAST')
        .addOrderBy('t.created_at', 'ASC')
        .addOrderBy('t.id', 'ASC')
        .limit(limit)
        .offset(offset)
        .getRawAndEntities<{ case_reference: string }>(),
      qb.clone().getCount(),
    ]);
    return { rows: entities.map((task, i) => ({ task, caseReference: raw[i].case_reference })), total };
  }

  async insertTask(m: EntityManager, task: NewTask): Promise<CaseTask> {
    const repo = m.getRepository(CaseTask);
    return repo.save(repo.create(task));
  }

  async lockTaskOfCase(m: EntityManager, caseId: string, taskId: string): Promise<CaseTask | null> {
    return m
      .getRepository(CaseTask)
      .createQueryBuilder('t')
      .setLock('pessimistic_write')
      .where('t.id = :taskId AND t.case_id = :caseId', { taskId, caseId })
      .getOne();
  }

  async saveTask(m: EntityManager, task: CaseTask): Promise<CaseTask> {
    return m.getRepository(CaseTask).save(task);
  }

  async isActiveMemberOf(m: EntityManager, userId: string, officeId: string): Promise<boolean> {
    const [row] = await m.query(`SELECT 1 FROM users u JOIN user_offices uo ON uo.user_id = u.id WHERE u.id = $1 AND uo.office_id = $2 AND u.active`, [
      userId,
      officeId,
    ]);
    return !!row;
  }

  async insertConsent(m: EntityManager, consent: NewConsent): Promise<void> {
    await m.insert(CaseConsent, consent);
  }

  async findStandingConsent(m: EntityManager, caseId: string, consentId: string): Promise<CaseConsent | null> {
    return m.getRepository(CaseConsent).findOneBy({ id: consentId, caseId, withdrawnAt: IsNull() });
  }

  async withdrawConsent(m: EntityManager, consentId: string, at: Date, byId: string): Promise<void> {
    await m.getRepository(CaseConsent).update({ id: consentId }, { withdrawnAt: at, withdrawnById: byId });
  }

  async userRefs(ids: (string | null)[]): Promise<Map<string, UserRef>> {
    return loadUserRefs(this.dataSource.manager, ids);
  }
}
