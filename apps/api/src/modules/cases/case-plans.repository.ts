import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { CasePlan } from './case-plan.entity';
import { CaseShare } from './case-share.entity';
import { CaseTask } from './case-task.entity';
import { loadUserRefs, type UserRef } from './user-refs';

const DEFAULT_TIME_ZONE = 'Asia/Almaty';

export type NewPlan = Omit<CasePlan, 'id' | 'createdAt' | 'updatedAt' | 'version' | 'case' | 'createdBy' | 'updatedBy' | 'lastReviewedBy'>;

/** A case's plans and the review tasks their dates become. */
export abstract class CasePlansRepository {
  abstract transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T>;
  /** A page of the case's plans: those in force first, then closed ones, the newest first within each; and how many there are. */
  abstract pageForCase(caseId: string, limit: number, offset: number): Promise<{ rows: CasePlan[]; total: number }>;
  /** One plan of the case (never another case's), locked for the transaction when it is to change; or null. */
  abstract findInCase(caseId: string, planId: string, m?: EntityManager, lock?: boolean): Promise<CasePlan | null>;
  abstract insertPlan(m: EntityManager, values: NewPlan): Promise<CasePlan>;
  /** Saves a changed plan (its version goes up by one). */
  abstract savePlan(m: EntityManager, plan: CasePlan): Promise<CasePlan>;
  /** Whether the case is shared with the user (which lets them write its plans). */
  abstract isSharedWith(caseId: string, userId: string, m?: EntityManager): Promise<boolean>;
  /** The office's time zone (Asia/Almaty when it has none). */
  abstract officeTimeZone(m: EntityManager, officeId: string): Promise<string>;
  /** The plan's open review task, locked for the transaction, or null. */
  abstract openReviewTask(m: EntityManager, planId: string): Promise<CaseTask | null>;
  /** The open review tasks of these plans, by plan. */
  abstract openReviewTasks(planIds: string[]): Promise<Map<string, CaseTask>>;
  abstract insertReviewTask(
    m: EntityManager,
    task: { caseId: string; planId: string; title: string; dueAt: Date; assigneeId: string; createdById: string },
  ): Promise<CaseTask>;
  /** A review moved to another day: the task falls due then, and may be overdue (and alerted) afresh. */
  abstract moveTask(m: EntityManager, task: CaseTask, dueAt: Date): Promise<CaseTask>;
  /** A review done (`done`) or no longer planned (`cancelled`). */
  abstract finishTask(m: EntityManager, task: CaseTask, status: 'done' | 'cancelled', at: Date): Promise<CaseTask>;
  abstract userRefs(ids: (string | null | undefined)[]): Promise<Map<string, UserRef>>;
}

@Injectable()
export class SqlCasePlansRepository extends CasePlansRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async pageForCase(caseId: string, limit: number, offset: number): Promise<{ rows: CasePlan[]; total: number }> {
    const qb = this.dataSource.getRepository(CasePlan).createQueryBuilder('p').where('p.case_id = :caseId', { caseId });
    const [rows, total] = await Promise.all([
      qb
        .clone()
        .orderBy(`CASE WHEN p.status = 'closed' THEN 1 ELSE 0 END`, 'ASC')
        .addOrderBy('p.created_at', 'DESC')
        .addOrderBy('p.id', 'DESC')
        .limit(limit)
        .offset(offset)
        .getMany(),
      qb.clone().getCount(),
    ]);
    return { rows, total };
  }

  async findInCase(caseId: string, planId: string, m: EntityManager = this.dataSource.manager, lock = false): Promise<CasePlan | null> {
    const qb = m.getRepository(CasePlan).createQueryBuilder('p').where('p.id = :planId AND p.case_id = :caseId', { planId, caseId });
    if (lock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  async insertPlan(m: EntityManager, values: NewPlan): Promise<CasePlan> {
    const repo = m.getRepository(CasePlan);
    return repo.save(repo.create(values));
  }

  async savePlan(m: EntityManager, plan: CasePlan): Promise<CasePlan> {
    return m.getRepository(CasePlan).save(plan);
  }

  async isSharedWith(caseId: string, userId: string, m: EntityManager = this.dataSource.manager): Promise<boolean> {
    return m.getRepository(CaseShare).existsBy({ caseId, userId });
  }

  async officeTimeZone(m: EntityManager, officeId: string): Promise<string> {
    const [row] = (await m.query(`SELECT timezone FROM offices WHERE id = $1`, [officeId])) as { timezone: string | null }[];
    return row?.timezone ?? DEFAULT_TIME_ZONE;
  }

  async openReviewTask(m: EntityManager, planId: string): Promise<CaseTask | null> {
    return m
      .getRepository(CaseTask)
      .createQueryBuilder('t')
      .setLock('pessimistic_write')
      .where(`t.plan_id = :planId AND t.status = 'open'`, { planId })
      .getOne();
  }

  async openReviewTasks(planIds: string[]): Promise<Map<string, CaseTask>> {
    if (!planIds.length) return new Map();
    const tasks = await this.dataSource.getRepository(CaseTask).find({ where: { planId: In(planIds), status: 'open' } });
    return new Map(tasks.map((t) => [t.planId as string, t]));
  }

  async insertReviewTask(
    m: EntityManager,
    task: { caseId: string; planId: string; title: string; dueAt: Date; assigneeId: string; createdById: string },
  ): Promise<CaseTask> {
    const repo = m.getRepository(CaseTask);
    return repo.save(repo.create({ ...task, status: 'open', completedAt: null, overdueAlertedAt: null }));
  }

  async moveTask(m: EntityManager, task: CaseTask, dueAt: Date): Promise<CaseTask> {
    task.dueAt = dueAt;
    task.overdueAlertedAt = null;
    return m.getRepository(CaseTask).save(task);
  }

  async finishTask(m: EntityManager, task: CaseTask, status: 'done' | 'cancelled', at: Date): Promise<CaseTask> {
    task.status = status;
    task.completedAt = status === 'done' ? at : null;
    return m.getRepository(CaseTask).save(task);
  }

  async userRefs(ids: (string | null | undefined)[]): Promise<Map<string, UserRef>> {
    return loadUserRefs(this.dataSource.manager, ids);
  }
}
