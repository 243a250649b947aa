import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { CasePlan } from './case-plan.entity';
import { CaseShare } from './case-share.entity';
import { CaseTask } from './case-task.entity';

const DEFAULT_TIME_ZONE = 'Asia/Almaty';

/** The SQL of a case's plans and of the review tasks their dates become. */
@Injectable()
export class CasePlansRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  transaction<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(fn);
  }

  /** A page of the case's plans: those in force first, then closed ones, the newest first within each. */
  async pageForCase(caseId: string, limit: number, offset: number): Promise<{ rows: CasePlan[]; total: number }> {
    const qb = this.dataSource.getRepository(CasePlan).createQueryBuilder('p').where('p.case_id = :caseId', { caseId });
    const [rows, total] = await Promise.all([
      qb.clone().orderBy(`CASE WHEN p.status = 'closed' THEN 1 ELSE 0 END`, 'ASC').addOrderBy('p.created_at', 'DESC').addOrderBy('p.id', 'DESC').limit(limit).offset(offset).getMany(),
      qb.clone().getCount(),
    ]);
    return { rows, total };
  }

  /** One plan of the case (never another case's), locked for the transaction when it is to change. */
  async findInCase(m: EntityManager, caseId: string, planId: string, lock = false): Promise<CasePlan | null> {
    const qb = m.getRepository(CasePlan).createQueryBuilder('p').where('p.id = :planId AND p.case_id = :caseId', { planId, caseId });
    if (lock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  async insertPlan(m: EntityManager, values: Omit<CasePlan, 'id' | 'createdAt' | 'updatedAt' | 'version' | 'case' | 'createdBy' | 'updatedBy' | 'lastReviewedBy'>): Promise<CasePlan> {
    const repo = m.getRepository(CasePlan);
    return repo.save(repo.create(values));
  }

  /** Saves a changed plan (its version goes up by one). */
  async savePlan(m: EntityManager, plan: CasePlan): Promise<CasePlan> {
    return m.getRepository(CasePlan).save(plan);
  }

  async isSharedWith(m: EntityManager, caseId: string, userId: string): Promise<boolean> {
    return m.getRepository(CaseShare).existsBy({ caseId, userId });
  }

  async officeTimeZone(m: EntityManager, officeId: string): Promise<string> {
    const [row] = (await m.query(`SELECT timezone FROM offices WHERE id = $1`, [officeId])) as { timezone: string | null }[];
    return row?.timezone ?? DEFAULT_TIME_ZONE;
  }

  /** The plan's open review task, locked for the transaction. */
  async openReviewTask(m: EntityManager, planId: string): Promise<CaseTask | null> {
    return m.getRepository(CaseTask).createQueryBuilder('t').setLock('pessimistic_write').where(`t.plan_id = :planId AND t.status = 'open'`, { planId }).getOne();
  }

  /** The open review tasks of these plans, by plan. */
  async openReviewTasks(planIds: string[]): Promise<Map<string, CaseTask>> {
    if (!planIds.length) return new Map();
    const tasks = await this.dataSource.getRepository(CaseTask).find({ where: { planId: In(planIds), status: 'open' } });
    return new Map(tasks.map((t) => [t.planId as string, t]));
  }

  async insertReviewTask(m: EntityManager, task: { caseId: string; planId: string; title: string; dueAt: Date; assigneeId: string; createdById: string }): Promise<CaseTask> {
    const repo = m.getRepository(CaseTask);
    return repo.save(repo.create({ ...task, status: 'open', completedAt: null, overdueAlertedAt: null }));
  }

  /** A review moved to another day: the task falls due then, and may be overdue (and alerted) afresh. */
  async moveTask(m: EntityManager, task: CaseTask, dueAt: Date): Promise<CaseTask> {
    task.dueAt = dueAt;
    task.overdueAlertedAt = null;
    return m.getRepository(CaseTask).save(task);
  }

  /** A review done (`done`) or no longer planned (`cancelled`). */
  async finishTask(m: EntityManager, task: CaseTask, status: 'done' | 'cancelled', at: Date): Promise<CaseTask> {
    task.status = status;
    task.completedAt = status === 'done' ? at : null;
    return m.getRepository(CaseTask).save(task);
  }
}
