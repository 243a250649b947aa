import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditAction } from '#api/core/audit/audit-actions';
import { AuditService } from '#api/core/audit/audit.service';
import { Clock } from '#api/core/clock/clock';
import type { Actor } from '#api/core/context/request-context';
import { isUniqueViolation } from '#api/core/database/pg-errors';
import { DomainError, fieldInvalid, forbidden, notFound, staleVersion } from '#api/core/errors/domain-error';
import type { CaseTask } from './case-task.entity';
import { CaseTimeline } from './case-timeline.service';
import { CasesService } from './cases.service';
import type { CreateTaskDto, GiveConsentDto, MyTaskPageDto, TaskDto, UpdateTaskDto } from './dto/case-work.dto';
import { CaseWorkRepository } from './case-work.repository';
import { clampPageSize, notifiesAssignee, planKindOfReviewTitle } from '@mayak/domain';
import { Notifier } from '../notifications/notifier';
import { refOf } from './user-refs';

/** Tasks and consents of a case: the follow-up work and what the client agreed to. */
@Injectable()
export class CaseWorkService {
  constructor(
    private readonly cases: CasesService,
    private readonly timeline: CaseTimeline,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly work: CaseWorkRepository,
    private readonly notifier: Notifier,
  ) {}

  async tasks(actor: Actor, caseId: string): Promise<TaskDto[]> {
    await this.cases.require(actor, caseId);
    const tasks = await this.work.tasksOfCase(caseId);
    return this.taskDtos(tasks);
  }

  async createTask(actor: Actor, caseId: string, input: CreateTaskDto): Promise<TaskDto> {
    const task = await this.work.transaction(async (m) => {
      const c = await this.cases.require(actor, caseId, m, true);
      if (!actor.permissions.includes('cases.contribute')) throw forbidden();
      if (c.status === 'closed') throw new DomainError('case_closed', 'The case is closed; reopen it to add tasks');
      const assigneeId = input.assigneeId ?? c.assigneeId ?? null;
      if (assigneeId) await this.assertOfficeColleague(m, assigneeId, c.officeId);
      const saved = await this.work.insertTask(m, {
        caseId,
        title: input.title,
        dueAt: input.dueAt ? new Date(input.dueAt) : null,
        assigneeId,
        status: 'open',
        createdById: actor.userId,
        completedAt: null,
      });
      await this.timeline.record(m, {
        caseId,
        kind: 'task_created',
        actorId: actor.userId,
        data: { taskId: saved.id, title: saved.title, dueAt: saved.dueAt?.toISOString() ?? null, assigneeId },
      });
      await this.audit.record(
        { action: AuditAction.TaskCreated, entityType: 'case', entityId: caseId, officeId: c.officeId, summary: { taskId: saved.id } },
        m,
      );
      if (notifiesAssignee(actor.userId, assigneeId))
        await this.notifier.notify(m, { kind: 'task_assigned', taskId: saved.id, assigneeId, occurrence: String(saved.version) });
      return saved;
    });
    return (await this.taskDtos([task]))[0];
  }

  async updateTask(actor: Actor, caseId: string, taskId: string, input: UpdateTaskDto): Promise<TaskDto> {
    const task = await this.work.transaction(async (m) => {
      const c = await this.cases.require(actor, caseId, m);
      if (!actor.permissions.includes('cases.contribute')) throw forbidden();
      const task = await this.work.lockTaskOfCase(m, caseId, taskId);
      if (!task) throw notFound('Task');
      if (task.version !== input.version) throw staleVersion('This task');
      if (task.planId) this.assertOnlyAssigneeChanges(task, input);
      const changed: string[] = [];
      if (input.title !== undefined && input.title !== task.title) {
        task.title = input.title;
        changed.push('title');
      }
      if (input.dueAt !== undefined && (input.dueAt ? new Date(input.dueAt).getTime() : null) !== (task.dueAt?.getTime() ?? null)) {
        task.dueAt = input.dueAt ? new Date(input.dueAt) : null;
        changed.push('dueAt');
      }
      if (input.assigneeId !== undefined && input.assigneeId !== task.assigneeId) {
        if (input.assigneeId) await this.assertOfficeColleague(m, input.assigneeId, c.officeId);
        task.assigneeId = input.assigneeId;
        changed.push('assigneeId');
      }
      if (input.status !== undefined && input.status !== task.status) {
        task.status = input.status;
        task.completedAt = input.status === 'done' ? this.clock.now() : null;
        changed.push('status');
      }
      if (!changed.length) return task;
      const saved = await this.work.saveTask(m, task);
      await this.timeline.record(m, { caseId, kind: 'task_updated', actorId: actor.userId, data: { taskId, title: task.title, changed, status: task.status } });
      await this.audit.record({ action: AuditAction.TaskUpdated, entityType: 'case', entityId: caseId, officeId: c.officeId, summary: { taskId, changed } }, m);
      if (changed.includes('assigneeId') && notifiesAssignee(actor.userId, saved.assigneeId))
        await this.notifier.notify(m, { kind: 'task_assigned', taskId, assigneeId: saved.assigneeId, occurrence: String(saved.version) });
      return saved;
    });
    return (await this.taskDtos([task]))[0];
  }

  async giveConsent(actor: Actor, caseId: string, input: GiveConsentDto): Promise<void> {
    await this.work.transaction(async (m) => {
      const c = await this.cases.require(actor, caseId, m, true);
      if (!actor.permissions.includes('cases.contribute')) throw forbidden();
      const givenAt = input.givenAt ? new Date(input.givenAt) : this.clock.now();
      if (givenAt.getTime() > this.clock.nowMs() + 5 * 60_000) throw fieldInvalid('givenAt', 'in_future', 'Consent cannot be given in the future');
      try {
        await this.work.insertConsent(m, {
          caseId,
          purpose: input.purpose,
          channel: input.channel,
          givenAt,
          recordedById: actor.userId,
          note: input.note ?? null,
          withdrawnAt: null,
          withdrawnById: null,
        });
      } catch (error) {
        if (isUniqueViolation(error, 'uq_case_consents_active'))
          throw new DomainError('conflict', `Consent for ${input.purpose} is already recorded; withdraw it first to record it again`);
        throw error;
      }
      await this.timeline.record(m, { caseId, kind: 'consent_given', actorId: actor.userId, data: { purpose: input.purpose, channel: input.channel } });
      await this.audit.record(
        {
          action: AuditAction.ConsentGiven,
          entityType: 'case',
          entityId: caseId,
          officeId: c.officeId,
          summary: { purpose: input.purpose, channel: input.channel },
        },
        m,
      );
    });
  }

  async withdrawConsent(actor: Actor, caseId: string, consentId: string): Promise<void> {
    await this.work.transaction(async (m) => {
      const c = await this.cases.require(actor, caseId, m, true);
      if (!actor.permissions.includes('cases.contribute')) throw forbidden();
      const consent = await this.work.findStandingConsent(m, caseId, consentId);
      if (!consent) throw notFound('Standing consent');
      await this.work.withdrawConsent(m, consentId, this.clock.now(), actor.userId);
      await this.timeline.record(m, { caseId, kind: 'consent_withdrawn', actorId: actor.userId, data: { purpose: consent.purpose } });
      await this.audit.record(
        { action: AuditAction.ConsentWithdrawn, entityType: 'case', entityId: caseId, officeId: c.officeId, summary: { purpose: consent.purpose } },
        m,
      );
    });
  }

  /** A plan's review task follows its plan: only whom it is given to changes here. */
  private assertOnlyAssigneeChanges(task: CaseTask, input: UpdateTaskDto): void {
    const message = "This task is a plan's review: change the review date, record the review or close the plan on the plan itself";
    if (input.title !== undefined && input.title !== task.title) throw fieldInvalid('title', 'managed_by_plan', message);
    if (input.dueAt !== undefined && (input.dueAt ? new Date(input.dueAt).getTime() : null) !== (task.dueAt?.getTime() ?? null))
      throw fieldInvalid('dueAt', 'managed_by_plan', message);
    if (input.status !== undefined && input.status !== task.status) throw fieldInvalid('status', 'managed_by_plan', message);
  }

  private async assertOfficeColleague(m: EntityManager, userId: string, officeId: string): Promise<void> {
    if (!(await this.work.isActiveMemberOf(m, userId, officeId)))
      throw fieldInvalid('assigneeId', 'not_assignable', 'The assignee must be an active member of the case’s office');
  }

  /** The open tasks assigned to the actor, on cases they still see, the soonest due first (a page of them). */
  async myTasks(actor: Actor, limitInput: number | undefined, offsetInput: number | undefined): Promise<MyTaskPageDto> {
    const limit = clampPageSize(limitInput);
    const offset = offsetInput ?? 0;
    const { rows, total } = await this.work.openAssignedTo(actor, limit, offset);
    const dtos = await this.taskDtos(rows.map((r) => r.task));
    return { items: dtos.map((task, i) => ({ ...task, caseReference: rows[i].caseReference })), total, limit, offset };
  }

  private async taskDtos(tasks: CaseTask[]): Promise<TaskDto[]> {
    const refs = await this.work.userRefs(tasks.map((t) => t.assigneeId));
    const now = this.clock.nowMs();
    return tasks.map((t) => ({
      id: t.id,
      caseId: t.caseId,
      title: t.title,
      dueAt: t.dueAt?.toISOString() ?? null,
      assignee: refOf(refs, t.assigneeId),
      status: t.status,
      completedAt: t.completedAt?.toISOString() ?? null,
      overdue: t.status === 'open' && !!t.dueAt && t.dueAt.getTime() < now,
      version: t.version,
      planId: t.planId,
      planKind: t.planId ? planKindOfReviewTitle(t.title) : null,
    }));
  }
}
