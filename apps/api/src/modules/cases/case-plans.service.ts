import { Injectable } from '@nestjs/common';
import {
  checkPlan,
  checkPlanTransition,
  clampPageSize,
  isPlanEditable,
  localDayOf,
  normaliseFactors,
  notifiesAssignee,
  planReviewTask,
  reviewTaskChange,
  ALL_PLAN_TEXT_FIELDS,
  type PlanDraft,
  type PlanKind,
  type PlanProblem,
  type PlanStatus,
  type PlanTextField,
} from '@mayak/domain';
import type { EntityManager } from 'typeorm';
import { AuditAction } from '#api/core/audit/audit-actions';
import { AuditService } from '#api/core/audit/audit.service';
import { Clock } from '#api/core/clock/clock';
import type { Actor } from '#api/core/context/request-context';
import { DomainError, forbidden, notFound, staleVersion, type FieldError } from '#api/core/errors/domain-error';
import { Notifier } from '../notifications/notifier';
import type { CasePlan, CasePlanDetails } from './case-plan.entity';
import { CasePlansRepository } from './case-plans.repository';
import type { CaseTask } from './case-task.entity';
import type { Case } from './case.entity';
import { CaseTimeline } from './case-timeline.service';
import { CasesService } from './cases.service';
import type { ClosePlanDto, CreatePlanDto, PlanDto, PlanFieldsDto, PlanPageDto, ReviewPlanDto, UpdatePlanDto } from './dto/case-plan.dto';
import { refOf } from './user-refs';

const MESSAGES: Record<PlanProblem['code'], string> = {
  required: 'Required for this kind of plan',
  not_for_kind: 'Not a field of this kind of plan',
  unknown_code: 'Not one of the listed values',
  duplicate: 'Listed twice',
  too_many: 'Too many',
  text_too_long: 'Too long',
  invalid_date: 'Not a day (YYYY-MM-DD)',
  in_past: "The day has passed (today is counted in the case office's time zone)",
  in_future: 'The day has not come yet',
  before_start: "Before the plan's start",
  only_when_closed: 'Only a closed plan has an actual end',
};

/** JSON with object keys in order: JSONB gives them back in its own order, which is no change. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );

/** The written plan's fields the coded and text fields come from (a create or an update body). */
type FieldsInput = Partial<Omit<PlanFieldsDto, 'startDate'>> & { startDate?: string };

/**
 * A case's assessment, safety plan and support plan, and the review task each review date
 * becomes. Read like the case (cases.read, its scope, 404 elsewhere); written like the case's
 * details: the case worker of the case, a colleague it is shared with, or a supervisor of its
 * office (cases.manage), while the case is open. Plan and task change in one transaction.
 */
@Injectable()
export class CasePlansService {
  constructor(
    private readonly repository: CasePlansRepository,
    private readonly cases: CasesService,
    private readonly timeline: CaseTimeline,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly notifier: Notifier,
  ) {}

  async list(actor: Actor, caseId: string, limitInput: number | undefined, offsetInput: number | undefined): Promise<PlanPageDto> {
    const c = await this.cases.require(actor, caseId);
    const limit = clampPageSize(limitInput);
    const offset = offsetInput ?? 0;
    const { rows, total } = await this.repository.pageForCase(caseId, limit, offset);
    await this.audit.record({
      action: AuditAction.PlansRead,
      entityType: 'case',
      entityId: caseId,
      officeId: c.officeId,
      summary: { plans: rows.map((p) => p.id) },
    });
    return { items: await this.toDtos(actor, c, rows), total, limit, offset };
  }

  async get(actor: Actor, caseId: string, planId: string): Promise<PlanDto> {
    const c = await this.cases.require(actor, caseId);
    const plan = await this.repository.findInCase(caseId, planId);
    if (!plan) throw notFound('Plan');
    await this.audit.record({ action: AuditAction.PlansRead, entityType: 'case', entityId: caseId, officeId: c.officeId, summary: { plans: [plan.id] } });
    return (await this.toDtos(actor, c, [plan]))[0];
  }

  async create(actor: Actor, caseId: string, input: CreatePlanDto): Promise<PlanDto> {
    const { c, plan } = await this.repository.transaction(async (m) => {
      const c = await this.requireWriter(actor, caseId, m);
      const timeZone = await this.repository.officeTimeZone(m, c.officeId);
      const today = localDayOf(this.clock.now(), timeZone);
      const draft = this.draftOf(input.kind, { startDate: today }, input);
      this.assertValid(checkPlan(draft, { today, closed: false }));
      const plan = await this.repository.insertPlan(m, {
        caseId,
        kind: input.kind,
        status: 'active',
        riskLevel: (draft.riskLevel ?? null) as CasePlan['riskLevel'],
        details: this.detailsOf(draft),
        texts: this.textsOf(draft),
        startDate: draft.startDate,
        reviewDate: draft.reviewDate ?? null,
        plannedEndDate: draft.plannedEndDate ?? null,
        actualEndDate: null,
        reviewCount: 0,
        lastReviewedAt: null,
        lastReviewedById: null,
        closedAt: null,
        createdById: actor.userId,
        updatedById: actor.userId,
      });
      if (plan.reviewDate) await this.createReviewTask(m, actor, c, plan, plan.reviewDate, timeZone);
      await this.timeline.record(m, {
        caseId,
        kind: 'plan_created',
        actorId: actor.userId,
        data: { planId: plan.id, kind: plan.kind, reviewDate: plan.reviewDate },
      });
      await this.audit.record(
        {
          action: AuditAction.PlanCreated,
          entityType: 'case',
          entityId: caseId,
          officeId: c.officeId,
          summary: { planId: plan.id, kind: plan.kind, reviewDate: plan.reviewDate },
        },
        m,
      );
      return { c, plan };
    });
    return (await this.toDtos(actor, c, [plan]))[0];
  }

  async update(actor: Actor, caseId: string, planId: string, input: UpdatePlanDto): Promise<PlanDto> {
    const { c, plan } = await this.repository.transaction(async (m) => {
      const c = await this.requireWriter(actor, caseId, m);
      const plan = await this.requirePlan(m, caseId, planId, input.version);
      if (!isPlanEditable(plan.status))
        throw new DomainError('illegal_transition', 'A closed plan is kept as it was: it cannot be changed', { allowed: [], from: plan.status });
      const timeZone = await this.repository.officeTimeZone(m, c.officeId);
      const today = localDayOf(this.clock.now(), timeZone);
      const draft = this.draftOf(plan.kind, this.storedFields(plan), input);
      this.assertValid(checkPlan(draft, { today, closed: false, storedReviewDate: plan.reviewDate }));

      const before = {
        riskLevel: plan.riskLevel,
        details: canonical(plan.details),
        texts: canonical(plan.texts),
        startDate: plan.startDate,
        reviewDate: plan.reviewDate,
        plannedEndDate: plan.plannedEndDate,
      };
      const after = {
        riskLevel: draft.riskLevel ?? null,
        details: canonical(this.detailsOf(draft)),
        texts: canonical(this.textsOf(draft)),
        startDate: draft.startDate,
        reviewDate: draft.reviewDate ?? null,
        plannedEndDate: draft.plannedEndDate ?? null,
      };
      const changed = (Object.keys(before) as (keyof typeof before)[]).filter((key) => before[key] !== after[key]);
      const task = await this.repository.openReviewTask(m, plan.id);
      const change = reviewTaskChange({ before: plan.reviewDate, after: after.reviewDate, hasOpenTask: !!task, event: 'edit' });
      if (!changed.length && change.action === 'none') return { c, plan };

      plan.riskLevel = after.riskLevel as CasePlan['riskLevel'];
      plan.details = this.detailsOf(draft);
      plan.texts = this.textsOf(draft);
      plan.startDate = after.startDate;
      plan.reviewDate = after.reviewDate;
      plan.plannedEndDate = after.plannedEndDate;
      plan.updatedById = actor.userId;
      const saved = await this.repository.savePlan(m, plan);
      if (change.action === 'create') await this.createReviewTask(m, actor, c, saved, change.reviewDate, timeZone);
      else if (change.action === 'move' && task) await this.repository.moveTask(m, task, this.reviewTaskOf(c, saved, change.reviewDate, timeZone, actor).dueAt);
      else if (change.action === 'cancel' && task) await this.repository.finishTask(m, task, 'cancelled', this.clock.now());
      await this.timeline.record(m, {
        caseId,
        kind: 'plan_updated',
        actorId: actor.userId,
        data: { planId, kind: plan.kind, changed, reviewDate: saved.reviewDate },
      });
      await this.audit.record(
        { action: AuditAction.PlanUpdated, entityType: 'case', entityId: caseId, officeId: c.officeId, summary: { planId, changed, task: change.action } },
        m,
      );
      return { c, plan: saved };
    });
    return (await this.toDtos(actor, c, [plan]))[0];
  }

  /** A review recorded: the review task is done, and the next review date (if any) is a new one. */
  async review(actor: Actor, caseId: string, planId: string, input: ReviewPlanDto): Promise<PlanDto> {
    const { c, plan } = await this.repository.transaction(async (m) => {
      const c = await this.requireWriter(actor, caseId, m);
      const plan = await this.requirePlan(m, caseId, planId, input.version);
      this.assertMove(plan.status, 'reviewed');
      const timeZone = await this.repository.officeTimeZone(m, c.officeId);
      const today = localDayOf(this.clock.now(), timeZone);
      const next = input.nextReviewDate ?? null;
      const draft: PlanDraft = { ...this.storedFields(plan), kind: plan.kind, reviewDate: next, riskLevel: input.riskLevel ?? plan.riskLevel };
      // The next date is a new one: it may not have passed, whatever date the plan had.
      this.assertValid(checkPlan(draft, { today, closed: false }), { reviewDate: 'nextReviewDate' });

      const task = await this.repository.openReviewTask(m, plan.id);
      const now = this.clock.now();
      if (task) await this.repository.finishTask(m, task, 'done', now);
      plan.status = 'reviewed';
      plan.reviewCount += 1;
      plan.lastReviewedAt = now;
      plan.lastReviewedById = actor.userId;
      plan.riskLevel = (draft.riskLevel ?? null) as CasePlan['riskLevel'];
      plan.reviewDate = next;
      plan.updatedById = actor.userId;
      const saved = await this.repository.savePlan(m, plan);
      if (next) await this.createReviewTask(m, actor, c, saved, next, timeZone);
      await this.timeline.record(m, {
        caseId,
        kind: 'plan_reviewed',
        actorId: actor.userId,
        data: { planId, kind: plan.kind, riskLevel: saved.riskLevel, nextReviewDate: next },
        body: input.note || null,
      });
      await this.audit.record(
        {
          action: AuditAction.PlanReviewed,
          entityType: 'case',
          entityId: caseId,
          officeId: c.officeId,
          summary: { planId, reviews: saved.reviewCount, nextReviewDate: next },
        },
        m,
      );
      return { c, plan: saved };
    });
    return (await this.toDtos(actor, c, [plan]))[0];
  }

  /** The plan ends: its open review task is cancelled, its actual end recorded. Allowed on a closed case too (winding down). */
  async close(actor: Actor, caseId: string, planId: string, input: ClosePlanDto): Promise<PlanDto> {
    const { c, plan } = await this.repository.transaction(async (m) => {
      const c = await this.requireWriter(actor, caseId, m, { closedCase: true });
      const plan = await this.requirePlan(m, caseId, planId, input.version);
      this.assertMove(plan.status, 'closed');
      const timeZone = await this.repository.officeTimeZone(m, c.officeId);
      const today = localDayOf(this.clock.now(), timeZone);
      const actualEndDate = input.actualEndDate ?? today;
      this.assertValid(checkPlan({ ...this.storedFields(plan), kind: plan.kind, reviewDate: null, actualEndDate }, { today, closed: true }));

      const task = await this.repository.openReviewTask(m, plan.id);
      const change = reviewTaskChange({ before: plan.reviewDate, after: null, hasOpenTask: !!task, event: 'close' });
      if (change.action === 'cancel' && task) await this.repository.finishTask(m, task, 'cancelled', this.clock.now());
      plan.status = 'closed';
      plan.closedAt = this.clock.now();
      plan.actualEndDate = actualEndDate;
      plan.reviewDate = null;
      plan.updatedById = actor.userId;
      const saved = await this.repository.savePlan(m, plan);
      await this.timeline.record(m, {
        caseId,
        kind: 'plan_closed',
        actorId: actor.userId,
        data: { planId, kind: plan.kind, actualEndDate },
        body: input.note || null,
      });
      await this.audit.record(
        { action: AuditAction.PlanClosed, entityType: 'case', entityId: caseId, officeId: c.officeId, summary: { planId, actualEndDate, task: change.action } },
        m,
      );
      return { c, plan: saved };
    });
    return (await this.toDtos(actor, c, [plan]))[0];
  }

  // --- rules applied -----------------------------------------------------------------------

  /** The case, locked, if the actor may write its plans: 404 outside their scope, 403 when not theirs to change, 409 when closed. */
  private async requireWriter(actor: Actor, caseId: string, m: EntityManager, options: { closedCase?: boolean } = {}): Promise<Case> {
    const c = await this.cases.require(actor, caseId, m, true);
    if (!this.cases.canManage(actor, c, await this.repository.isSharedWith(caseId, actor.userId, m))) {
      throw forbidden('Only the case worker of this case, a colleague it is shared with or a supervisor of its office may write its plans');
    }
    if (c.status === 'closed' && !options.closedCase) throw new DomainError('case_closed', 'The case is closed; reopen it to change its plans');
    return c;
  }

  private async requirePlan(m: EntityManager, caseId: string, planId: string, version: number): Promise<CasePlan> {
    const plan = await this.repository.findInCase(caseId, planId, m, true);
    if (!plan) throw notFound('Plan');
    if (plan.version !== version) throw staleVersion('This plan');
    return plan;
  }

  private assertMove(from: PlanStatus, to: PlanStatus): void {
    const check = checkPlanTransition(from, to);
    if (!check.ok)
      throw new DomainError('illegal_transition', `A ${from} plan cannot be ${to}; allowed next: ${check.allowed.join(', ') || 'none'}`, {
        allowed: [...check.allowed],
        from,
      });
  }

  /** Every problem at once, as a 400 naming each field (`renamed` maps a domain field to the body's). */
  private assertValid(problems: PlanProblem[], renamed: Record<string, string> = {}): void {
    if (!problems.length) return;
    const errors: FieldError[] = problems.map((p) => ({ field: renamed[p.field] ?? p.field, code: p.code, message: MESSAGES[p.code] }));
    throw new DomainError('validation_failed', `The plan is not valid: ${errors.map((e) => `${e.field} ${e.code}`).join(', ')}`, { errors });
  }

  /** What a plan holds now, as a draft to which a change is applied. */
  private storedFields(plan: CasePlan): Omit<PlanDraft, 'kind'> {
    return {
      riskLevel: plan.riskLevel,
      supportType: plan.details.supportType ?? null,
      factors: plan.details.factors ?? [],
      texts: { ...plan.texts },
      startDate: plan.startDate,
      reviewDate: plan.reviewDate,
      plannedEndDate: plan.plannedEndDate,
      actualEndDate: plan.actualEndDate,
    };
  }

  /** The stored fields with what the body gives (undefined: unchanged; null: removed). */
  private draftOf(kind: PlanKind, stored: Partial<Omit<PlanDraft, 'kind'>> & { startDate: string }, input: FieldsInput): PlanDraft {
    const pick = <T>(given: T | undefined, kept: T): T => (given === undefined ? kept : given);
    const texts: Partial<Record<string, string | null>> = { ...(stored.texts ?? {}) };
    for (const field of ALL_PLAN_TEXT_FIELDS) if (input[field] !== undefined) texts[field] = input[field];
    return {
      kind,
      riskLevel: pick(input.riskLevel, stored.riskLevel ?? null),
      supportType: pick(input.supportType, stored.supportType ?? null),
      factors: pick(input.factors, stored.factors ?? []) ?? [],
      texts,
      startDate: pick(input.startDate, stored.startDate),
      reviewDate: pick(input.reviewDate, stored.reviewDate ?? null),
      plannedEndDate: pick(input.plannedEndDate, stored.plannedEndDate ?? null),
      actualEndDate: stored.actualEndDate ?? null,
    };
  }

  private detailsOf(draft: PlanDraft): CasePlanDetails {
    if (draft.kind === 'support') return { supportType: draft.supportType as CasePlanDetails['supportType'] };
    if (draft.kind === 'assessment') return { factors: normaliseFactors(draft.factors) };
    return {};
  }

  /** Non-empty text only, under the kind's own fields. */
  private textsOf(draft: PlanDraft): Partial<Record<PlanTextField, string>> {
    const out: Partial<Record<PlanTextField, string>> = {};
    for (const field of ALL_PLAN_TEXT_FIELDS) {
      const text = draft.texts?.[field];
      if (typeof text === 'string' && text.trim()) out[field] = text.trim();
    }
    return out;
  }

  private reviewTaskOf(c: Case, plan: CasePlan, reviewDate: string, timeZone: string, actor: Actor) {
    return planReviewTask({ kind: plan.kind, reviewDate, timeZone, caseAssigneeId: c.assigneeId, authorId: plan.createdById ?? actor.userId });
  }

  /** The review date as a task of the case, and the "task assigned" mail as for any task given to someone else. */
  private async createReviewTask(m: EntityManager, actor: Actor, c: Case, plan: CasePlan, reviewDate: string, timeZone: string): Promise<CaseTask> {
    const rule = this.reviewTaskOf(c, plan, reviewDate, timeZone, actor);
    const task = await this.repository.insertReviewTask(m, {
      caseId: c.id,
      planId: plan.id,
      title: rule.titleKey,
      dueAt: rule.dueAt,
      assigneeId: rule.assigneeId,
      createdById: actor.userId,
    });
    if (notifiesAssignee(actor.userId, rule.assigneeId))
      await this.notifier.notify(m, { kind: 'task_assigned', taskId: task.id, assigneeId: rule.assigneeId, occurrence: String(task.version) });
    return task;
  }

  private async toDtos(actor: Actor, c: Case, plans: CasePlan[]): Promise<PlanDto[]> {
    const tasks = await this.repository.openReviewTasks(plans.map((p) => p.id));
    const refs = await this.repository.userRefs(plans.flatMap((p) => [p.createdById, p.updatedById, p.lastReviewedById, tasks.get(p.id)?.assigneeId]));
    const mayWrite = this.cases.canManage(actor, c, await this.repository.isSharedWith(c.id, actor.userId)) && c.status !== 'closed';
    const now = this.clock.nowMs();
    return plans.map((p) => {
      const task = tasks.get(p.id);
      return {
        id: p.id,
        caseId: p.caseId,
        kind: p.kind,
        status: p.status,
        riskLevel: p.riskLevel,
        supportType: p.details.supportType ?? null,
        factors: p.details.factors ?? [],
        findings: p.texts.findings ?? null,
        risks: p.texts.risks ?? null,
        safetyMeasures: p.texts.safetyMeasures ?? null,
        objectives: p.texts.objectives ?? null,
        actionPlan: p.texts.actionPlan ?? null,
        startDate: p.startDate,
        reviewDate: p.reviewDate,
        plannedEndDate: p.plannedEndDate,
        actualEndDate: p.actualEndDate,
        reviewCount: p.reviewCount,
        lastReviewedAt: p.lastReviewedAt?.toISOString() ?? null,
        lastReviewedBy: refOf(refs, p.lastReviewedById),
        closedAt: p.closedAt?.toISOString() ?? null,
        reviewTask:
          task && task.dueAt
            ? { id: task.id, dueAt: task.dueAt.toISOString(), status: task.status, assignee: refOf(refs, task.assigneeId), overdue: task.dueAt.getTime() < now }
            : null,
        createdAt: p.createdAt.toISOString(),
        createdBy: refOf(refs, p.createdById) ?? { id: p.createdById, displayName: '—' },
        updatedAt: p.updatedAt.toISOString(),
        updatedBy: refOf(refs, p.updatedById) ?? { id: p.updatedById, displayName: '—' },
        version: p.version,
        canEdit: mayWrite && isPlanEditable(p.status),
      };
    });
  }
}
