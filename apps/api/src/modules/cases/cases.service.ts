import { Inject, Injectable } from '@nestjs/common';
import { checkCaseTransition, formatReference, allowedNextStatuses, notifiesAssignee, type CasePriority } from '@mayak/domain';
import type { EntityManager } from 'typeorm';
import { AuditAction } from '#api/core/audit/audit-actions';
import { AuditService } from '#api/core/audit/audit.service';
import { Clock } from '#api/core/clock/clock';
import type { AppConfig } from '#api/core/config/app-config';
import { APP_CONFIG } from '#api/core/config/config.module';
import type { Actor } from '#api/core/context/request-context';
import { DomainError, fieldInvalid, forbidden, notFound, staleVersion } from '#api/core/errors/domain-error';
import { AlertsService } from '../alerts/alerts.service';
import { Notifier } from '../notifications/notifier';
import { IdentifierVault } from '../people/identifier-vault';
import { PeopleService } from '../people/people.service';
import type { Case } from './case.entity';
import { CaseTimeline } from './case-timeline.service';
import type { AssignCaseDto, CaseDto, CaseSummaryDto, ChangeCaseStatusDto, CreateCaseDto, TraffickingDetailsDto, UpdateCaseDto } from './dto/case.dto';
import type { AssignableUserDto } from './dto/case-work.dto';
import { CasesRepository } from './cases.repository';
import { refOf } from './user-refs';
import { Encrypted } from '#api/core/crypto/encrypted-columns';

const TRAFFICKING_FIELDS = [
  'traffickingStatus',
  'traffickingStatusDecidedBy',
  'exploitationTypes',
  'controlMethods',
  'labourIndustry',
  'recruitmentMethods',
  'recruiterRelation',
  'migrationSituation',
] as const;

export interface CaseOrigin {
  /** The contact the case was opened from: it goes on the timeline first. */
  contactId?: string;
  critical?: boolean;
}

@Injectable()
export class CasesService {
  constructor(
    private readonly cases: CasesRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly timeline: CaseTimeline,
    private readonly alerts: AlertsService,
    private readonly vault: IdentifierVault,
    private readonly people: PeopleService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly notifier: Notifier,
  ) {}

  /** A case the actor may see, or 404 (never 403: whether it exists is not theirs to know). */
  async require(actor: Actor, id: string, m?: EntityManager, lock = false): Promise<Case> {
    const c = await this.cases.findVisible(actor, id, m, lock);
    if (!c) throw notFound('Case');
    return c;
  }

  canManage(actor: Actor, c: Case, sharedWithActor: boolean): boolean {
    if (!actor.permissions.includes('cases.manage')) return false;
    return c.assigneeId === actor.userId || sharedWithActor || (actor.roles.includes('supervisor') && actor.officeIds.includes(c.officeId));
  }

  /** A case the actor may see and change (its case worker, one it is shared with, a supervisor of its office), locked; 404 or 403 otherwise. */
  async requireManage(actor: Actor, id: string, m: EntityManager): Promise<Case> {
    const c = await this.require(actor, id, m, true);
    const shared = await this.cases.isSharedWith(m, id, actor.userId);
    if (!this.canManage(actor, c, shared)) throw forbidden('Only the case worker of this case or a supervisor of its office may change it');
    return c;
  }

  private isOfficeSupervisor(actor: Actor, officeId: string): boolean {
    return actor.permissions.includes('cases.approve_closure') && actor.officeIds.includes(officeId);
  }

  async create(actor: Actor, input: CreateCaseDto, m?: EntityManager, origin: CaseOrigin = {}): Promise<Case> {
    const run = async (tx: EntityManager) => {
      const officeId = input.officeId ?? actor.officeIds[0];
      if (!officeId || !actor.officeIds.includes(officeId)) throw fieldInvalid('officeId', 'not_your_office', 'You can open cases only in your own offices');
      let assigneeId = input.assigneeId === undefined ? (actor.roles.includes('case_worker') ? actor.userId : null) : input.assigneeId;
      if (assigneeId) await this.assertAssignable(tx, assigneeId, officeId, 'assigneeId');
      else assigneeId = null;
      if (input.personId) await this.people.requireLinkable(actor, input.personId, tx);
      const reference = await this.nextReference(tx, officeId);
      const priority: CasePriority = origin.critical ? 'critical' : (input.priority ?? 'normal');
      const now = this.clock.now();
      const saved = await this.cases.insert(tx, {
        reference,
        officeId,
        type: input.type,
        category: input.category ?? null,
        priority,
        status: 'new',
        assigneeId,
        createdById: actor.userId,
        personId: input.personId ?? null,
        summary: input.summary ?? '',
        lastActivityAt: now,
        closureReason: null,
        closureNote: null,
        closedAt: null,
        closureApprovedById: null,
        closureApprovedAt: null,
        legalHold: false,
        legalHoldReason: null,
        anonymisedAt: null,
        traffickingStatus: null,
        traffickingStatusDecidedBy: null,
        exploitationTypes: [],
        controlMethods: [],
        labourIndustry: null,
        recruitmentMethods: [],
        recruiterRelation: null,
        migrationSituation: null,
      });
      await this.timeline.record(tx, {
        caseId: saved.id,
        kind: 'created',
        actorId: actor.userId,
        data: { type: saved.type, priority, assigneeId },
        contactId: origin.contactId ?? null,
        at: now,
      });
      if (assigneeId)
        await this.timeline.record(tx, { caseId: saved.id, kind: 'assigned', actorId: actor.userId, data: { from: null, to: assigneeId }, at: now });
      if (notifiesAssignee(actor.userId, assigneeId))
        await this.notifier.notify(tx, { kind: 'case_assigned', caseId: saved.id, assigneeId, occurrence: String(saved.version) });
      if (priority === 'critical' && !origin.contactId) await this.raiseCritical(tx, saved, 'case');
      await this.audit.record(
        {
          action: AuditAction.CaseCreated,
          entityType: 'case',
          entityId: saved.id,
          officeId,
          summary: { reference, type: saved.type, priority, fromContact: origin.contactId ?? null },
        },
        tx,
      );
      return saved;
    };
    return m ? run(m) : this.cases.transaction(run);
  }

  /** Gap-free per prefix and year: the counter row is locked until this transaction ends. */
  private async nextReference(m: EntityManager, officeId: string): Promise<string> {
    const timeZone = (await this.cases.officeTimeZone(m, officeId)) ?? 'Asia/Almaty';
    const year = Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone }).format(this.clock.now()));
    const number = await this.cases.nextReferenceNumber(m, this.config.caseReferencePrefix, year);
    return formatReference(this.config.caseReferencePrefix, year, number);
  }

  async raiseCritical(m: EntityManager, c: Case, source: 'contact' | 'case', contactId?: string): Promise<void> {
    await this.alerts.raiseForOfficeSupervisors(
      {
        kind: 'critical_contact',
        dedupeKey: contactId ? `critical_contact:${contactId}` : `critical_case:${c.id}`,
        officeId: c.officeId,
        entityType: 'case',
        entityId: c.id,
        data: { reference: c.reference, source, contactId: contactId ?? null },
      },
      m,
    );
  }

  /** Raises the case to critical (from a high-risk contact); on the timeline when it changes. */
  async escalateToCritical(m: EntityManager, c: Case, actorId: string, contactId: string): Promise<void> {
    if (c.priority !== 'critical') {
      await this.cases.markCritical(m, c.id);
      await this.timeline.record(m, {
        caseId: c.id,
        kind: 'priority_changed',
        actorId,
        data: { from: c.priority, to: 'critical', reason: 'high_risk_contact' },
        contactId,
      });
      c.priority = 'critical';
    }
    await this.raiseCritical(m, c, 'contact', contactId);
  }

  async get(actor: Actor, id: string): Promise<CaseDto> {
    const c = await this.require(actor, id);
    await this.audit.record({ action: AuditAction.CaseRead, entityType: 'case', entityId: id, officeId: c.officeId });
    return this.toDto(actor, c);
  }

  async update(actor: Actor, id: string, input: UpdateCaseDto): Promise<CaseDto> {
    const saved = await this.cases.transaction(async (m) => {
      const c = await this.requireManage(actor, id, m);
      if (c.version !== input.version) throw staleVersion('This case');
      const changed: string[] = [];
      const setIf = <K extends keyof Case>(key: K, value: Case[K] | undefined) => {
        if (value === undefined) return;
        if (JSON.stringify(c[key]) === JSON.stringify(value)) return;
        c[key] = value;
        changed.push(key as string);
      };
      setIf('type', input.type);
      setIf('category', input.category);
      setIf('summary', input.summary);
      const priorityFrom = c.priority;
      setIf('priority', input.priority);
      if (input.personId !== undefined) {
        if (input.personId) await this.people.requireLinkable(actor, input.personId, m);
        setIf('personId', input.personId);
      }
      for (const field of TRAFFICKING_FIELDS) setIf(field, (input as TraffickingDetailsDto)[field] as never);
      const route = input.route?.map((e) => ({
        type: e.type,
        country: e.country ?? null,
        city: e.city ?? null,
        date: e.date ?? null,
        description: e.description ?? null,
      }));
      const storedRoute = route
        ? (await this.cases.routeOf(id, m)).map((e) => ({ type: e.type, country: e.country, city: e.city, date: e.date, description: e.description }))
        : [];
      if (route && JSON.stringify(route) !== JSON.stringify(storedRoute)) {
        await this.cases.replaceRoute(m, id, route);
        changed.push('route');
      }
      if (!changed.length) return c;
      const result = await this.cases.save(m, c);
      if (changed.includes('priority'))
        await this.timeline.record(m, { caseId: id, kind: 'priority_changed', actorId: actor.userId, data: { from: priorityFrom, to: c.priority } });
      const details = changed.filter((f) => f !== 'priority');
      if (details.length)
        await this.timeline.record(m, {
          caseId: id,
          kind: details.includes('personId') ? 'person_linked' : 'details_updated',
          actorId: actor.userId,
          data: { changed: details },
        });
      await this.audit.record({ action: AuditAction.CaseUpdated, entityType: 'case', entityId: id, officeId: c.officeId, summary: { changed } }, m);
      return result;
    });
    return this.toDto(actor, await this.cases.findById(saved.id));
  }

  async changeStatus(actor: Actor, id: string, input: ChangeCaseStatusDto): Promise<CaseDto> {
    await this.cases.transaction(async (m) => {
      const c = await this.requireManage(actor, id, m);
      if (c.version !== input.version) throw staleVersion('This case');
      const check = checkCaseTransition({
        from: c.status,
        to: input.status,
        priority: c.priority,
        closureReason: input.closureReason,
        reopenReason: input.reopenReason,
        supervisorApproved: this.isOfficeSupervisor(actor, c.officeId) || c.closureApprovedById !== null,
      });
      if (!check.ok) {
        const allowed = [...check.allowed];
        if (check.problem === 'illegal_transition')
          throw new DomainError('illegal_transition', `A ${c.status} case cannot become ${input.status}; allowed next: ${allowed.join(', ')}`, {
            allowed,
            from: c.status,
          });
        if (check.problem === 'closure_reason_required') throw fieldInvalid('closureReason', 'required', 'Closing a case needs a closure reason');
        if (check.problem === 'reopen_reason_required') throw fieldInvalid('reopenReason', 'required', 'Reopening a case needs a reason');
        throw new DomainError('supervisor_approval_required', 'Closing a critical case needs a supervisor’s approval', { allowed });
      }
      const from = c.status;
      c.status = input.status;
      if (input.status === 'closed') {
        c.closedAt = this.clock.now();
        c.closureReason = input.closureReason!;
        c.closureNote = input.closureNote ?? null;
      }
      if (from === 'closed') {
        c.closedAt = null;
        c.closureReason = null;
        c.closureNote = null;
        c.closureApprovedById = null;
        c.closureApprovedAt = null;
      }
      await this.cases.save(m, c);
      await this.timeline.record(m, {
        caseId: id,
        kind: 'status_changed',
        actorId: actor.userId,
        data: { from, to: input.status, closureReason: input.closureReason ?? null },
        body: input.status === 'closed' ? (input.closureNote ?? null) : (input.reopenReason ?? null),
      });
      await this.audit.record(
        {
          action: AuditAction.CaseStatusChanged,
          entityType: 'case',
          entityId: id,
          officeId: c.officeId,
          summary: { from, to: input.status, closureReason: input.closureReason ?? null },
        },
        m,
      );
    });
    return this.toDto(actor, await this.cases.findById(id));
  }

  async approveClosure(actor: Actor, id: string, version: number): Promise<CaseDto> {
    await this.cases.transaction(async (m) => {
      const c = await this.require(actor, id, m, true);
      if (!this.isOfficeSupervisor(actor, c.officeId)) throw forbidden('Only a supervisor of this case’s office may approve its closure');
      if (c.version !== version) throw staleVersion('This case');
      if (c.status === 'closed')
        throw new DomainError('illegal_transition', 'The case is already closed', { allowed: [...allowedNextStatuses(c.status)], from: c.status });
      c.closureApprovedById = actor.userId;
      c.closureApprovedAt = this.clock.now();
      await this.cases.save(m, c);
      await this.timeline.record(m, { caseId: id, kind: 'closure_approved', actorId: actor.userId });
      await this.audit.record({ action: AuditAction.CaseClosureApproved, entityType: 'case', entityId: id, officeId: c.officeId }, m);
    });
    return this.toDto(actor, await this.cases.findById(id));
  }

  /** Asks the office's supervisors to approve closing a critical case (one alert per case version). */
  async requestClosureApproval(actor: Actor, id: string): Promise<{ notified: number }> {
    return this.cases.transaction(async (m) => {
      const c = await this.requireManage(actor, id, m);
      const notified = await this.alerts.raiseForOfficeSupervisors(
        {
          kind: 'closure_approval_requested',
          dedupeKey: `closure_approval:${c.id}:${c.version}`,
          officeId: c.officeId,
          entityType: 'case',
          entityId: c.id,
          data: { reference: c.reference, requestedBy: actor.userId },
        },
        m,
      );
      return { notified };
    });
  }

  async assign(actor: Actor, id: string, input: AssignCaseDto): Promise<CaseDto> {
    await this.cases.transaction(async (m) => {
      const c = await this.require(actor, id, m, true);
      if (!actor.permissions.includes('cases.assign') || !actor.officeIds.includes(c.officeId))
        throw forbidden('Only a supervisor of this case’s office may assign it');
      if (c.version !== input.version) throw staleVersion('This case');
      const to = input.assigneeId ?? null;
      if (to) await this.assertAssignable(m, to, c.officeId, 'assigneeId');
      if (to === c.assigneeId) return;
      const from = c.assigneeId;
      c.assigneeId = to;
      await this.cases.save(m, c);
      await this.timeline.record(m, { caseId: id, kind: 'assigned', actorId: actor.userId, data: { from, to } });
      await this.audit.record({ action: AuditAction.CaseAssigned, entityType: 'case', entityId: id, officeId: c.officeId, summary: { from, to } }, m);
      if (notifiesAssignee(actor.userId, to))
        await this.notifier.notify(m, { kind: 'case_assigned', caseId: id, assigneeId: to, occurrence: String(c.version) });
    });
    return this.toDto(actor, await this.cases.findById(id));
  }

  async share(actor: Actor, id: string, userId: string): Promise<CaseDto> {
    await this.cases.transaction(async (m) => {
      const c = await this.requireManage(actor, id, m);
      if (!(await this.cases.isActiveCaseStaff(m, userId)))
        throw fieldInvalid('userId', 'not_a_case_worker', 'Cases can be shared only with active case workers or supervisors');
      if (userId === c.assigneeId) return;
      if (!(await this.cases.insertShare(m, id, userId, actor.userId))) return;
      await this.timeline.record(m, { caseId: id, kind: 'shared', actorId: actor.userId, data: { with: userId } });
      await this.audit.record({ action: AuditAction.CaseShared, entityType: 'case', entityId: id, officeId: c.officeId, summary: { with: userId } }, m);
    });
    return this.toDto(actor, await this.cases.findById(id));
  }

  async unshare(actor: Actor, id: string, userId: string): Promise<CaseDto> {
    await this.cases.transaction(async (m) => {
      const c = await this.requireManage(actor, id, m);
      if (!(await this.cases.deleteShare(m, id, userId))) throw notFound('Share');
      await this.timeline.record(m, { caseId: id, kind: 'unshared', actorId: actor.userId, data: { with: userId } });
      await this.audit.record({ action: AuditAction.CaseUnshared, entityType: 'case', entityId: id, officeId: c.officeId, summary: { with: userId } }, m);
    });
    const visible = await this.cases.findById(id);
    return this.toDto(actor, visible);
  }

  async addNote(actor: Actor, id: string, body: string): Promise<void> {
    await this.cases.transaction(async (m) => {
      const c = await this.require(actor, id, m);
      if (!actor.permissions.includes('cases.contribute')) throw forbidden();
      await this.timeline.record(m, { caseId: id, kind: 'note', actorId: actor.userId, body });
      await this.audit.record(
        { action: AuditAction.CaseNoteAdded, entityType: 'case', entityId: id, officeId: c.officeId, summary: { length: body.length } },
        m,
      );
    });
  }

  /** Case workers and supervisors of an office: whom a case there may be given to. */
  async assignableUsers(actor: Actor, officeId: string): Promise<AssignableUserDto[]> {
    if (!actor.officeIds.includes(officeId)) throw notFound('Office');
    return this.cases.assignableUsers(officeId);
  }

  /** An active case worker or supervisor of the office, or 400 `not_assignable` on `field`. */
  async assertAssignable(m: EntityManager, userId: string, officeId: string, field: string): Promise<void> {
    if (!(await this.cases.isAssignable(m, userId, officeId)))
      throw fieldInvalid(field, 'not_assignable', 'The assignee must be an active case worker or supervisor of the case’s office');
  }

  /** Visible cases of a caller: through the people with that number or contacts from it (ids first, by index). */
  async byPhoneHash(actor: Actor, phoneHashes: string[], personIds: string[]): Promise<CaseSummaryDto[]> {
    const candidates = await this.cases.caseIdsOfCaller(phoneHashes, personIds);
    if (!candidates.length) return [];
    return this.summaries(actor, await this.cases.latestVisible(actor, candidates, 20));
  }

  async summaries(actor: Actor, rows: Case[], m?: EntityManager): Promise<CaseSummaryDto[]> {
    const refs = await this.cases.userRefs(
      rows.map((c) => c.assigneeId),
      m,
    );
    const personIds = [...new Set(rows.map((c) => c.personId).filter((id): id is string => !!id))];
    const names = new Map<string, string | null>();
    if (personIds.length) {
      const people = await this.cases.personNames(personIds, m);
      const present = this.vault.presenterFor(actor);
      for (const p of people) names.set(p.id, present.name(p.nameEncrypted, Encrypted.personName.at(p.id)));
    }
    return rows.map((c) => ({
      id: c.id,
      reference: c.reference,
      officeId: c.officeId,
      type: c.type,
      category: c.category,
      priority: c.priority,
      status: c.status,
      assignee: refOf(refs, c.assigneeId),
      personId: c.personId,
      personName: c.personId ? (names.get(c.personId) ?? null) : null,
      summary: c.summary,
      createdAt: c.createdAt.toISOString(),
      lastActivityAt: c.lastActivityAt.toISOString(),
    }));
  }

  async toDto(actor: Actor, c: Case): Promise<CaseDto> {
    const [summary] = await this.summaries(actor, [c]);
    const consents = await this.cases.consentsOf(c.id);
    const shares = await this.cases.sharesOf(c.id);
    const route = await this.cases.routeOf(c.id);
    const refs = await this.cases.userRefs([c.createdById, c.closureApprovedById, ...consents.map((x) => x.recordedById), ...shares.map((s) => s.userId)]);
    const sharedWithActor = shares.some((s) => s.userId === actor.userId);
    return {
      ...summary,
      version: c.version,
      updatedAt: c.updatedAt.toISOString(),
      createdBy: refOf(refs, c.createdById)!,
      closureReason: c.closureReason,
      closureNote: c.closureNote,
      closedAt: c.closedAt?.toISOString() ?? null,
      legalHold: c.legalHold,
      legalHoldReason: c.legalHoldReason,
      anonymisedAt: c.anonymisedAt?.toISOString() ?? null,
      closureApprovedBy: refOf(refs, c.closureApprovedById),
      allowedTransitions: [...allowedNextStatuses(c.status)],
      trafficking: {
        traffickingStatus: c.traffickingStatus,
        traffickingStatusDecidedBy: c.traffickingStatusDecidedBy,
        exploitationTypes: c.exploitationTypes,
        controlMethods: c.controlMethods,
        labourIndustry: c.labourIndustry,
        recruitmentMethods: c.recruitmentMethods,
        recruiterRelation: c.recruiterRelation,
        migrationSituation: c.migrationSituation,
        route: route.map((e) => ({ type: e.type, country: e.country, city: e.city, date: e.date, description: e.description })),
      },
      consents: consents.map((x) => ({
        id: x.id,
        purpose: x.purpose,
        channel: x.channel,
        givenAt: x.givenAt.toISOString(),
        recordedBy: refOf(refs, x.recordedById)!,
        note: x.note,
        withdrawnAt: x.withdrawnAt?.toISOString() ?? null,
      })),
      sharedWith: shares.map((s) => refOf(refs, s.userId)!),
      canManage: this.canManage(actor, c, sharedWithActor),
    };
  }
}
