import { AuditAction } from '#api/core/audit/audit-actions';
import type { EntityManager } from 'typeorm';
import type { AuditService } from '#api/core/audit/audit.service';
import { SettableClock } from '#api/core/clock/clock';
import type { AppConfig } from '#api/core/config/app-config';
import type { Actor } from '#api/core/context/request-context';
import { strictFake } from '#api/testing/strict-fake';
import type { AlertsService } from '../alerts/alerts.service';
import type { Notifier } from '../notifications/notifier';
import type { IdentifierPresenter, IdentifierVault } from '../people/identifier-vault';
import type { PeopleService } from '../people/people.service';
import type { CaseShare } from './case-share.entity';
import type { CaseTimeline } from './case-timeline.service';
import type { Case } from './case.entity';
import { CasesRepository } from './cases.repository';
import { CasesService } from './cases.service';
import type { TraffickingEvent } from './trafficking-event.entity';

const NOW = new Date('2031-05-06T07:00:00.000Z');
const tx = { transaction: 'tx' } as unknown as EntityManager;
const config = { caseReferencePrefix: 'AST' } as AppConfig;

const worker: Actor = {
  userId: 'worker-1',
  email: 'worker@mayak.kz',
  roles: ['case_worker'],
  officeIds: ['office-1'],
  sessionId: 's-1',
  permissions: ['cases.manage', 'cases.contribute'],
};
const colleague: Actor = { ...worker, userId: 'worker-2', email: 'colleague@mayak.kz', sessionId: 's-2' };
const supervisor: Actor = {
  userId: 'super-1',
  email: 'super@mayak.kz',
  roles: ['supervisor'],
  officeIds: ['office-1'],
  sessionId: 's-3',
  permissions: ['cases.manage', 'cases.contribute', 'cases.assign', 'cases.approve_closure'],
};
const otherSupervisor: Actor = { ...supervisor, userId: 'super-2', officeIds: ['office-2'], sessionId: 's-4' };
const operator: Actor = { userId: 'op-1', email: 'op@mayak.kz', roles: ['operator'], officeIds: ['office-1'], sessionId: 's-5', permissions: [] };

function aCase(fields: Partial<Case> = {}): Case {
  return {
    id: 'case-1',
    reference: 'AST-2031-000001',
    officeId: 'office-1',
    type: 'trafficking',
    category: null,
    priority: 'normal',
    status: 'in_progress',
    assigneeId: 'worker-1',
    createdById: 'worker-1',
    personId: null,
    summary: 'needs help',
    lastActivityAt: NOW,
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
    version: 3,
    createdAt: NOW,
    updatedAt: NOW,
    ...fields,
  } as Case;
}

function setup() {
  const cases = strictFake<CasesRepository>('CasesRepository');
  const timeline = strictFake<CaseTimeline>('CaseTimeline');
  const alerts = strictFake<AlertsService>('AlertsService');
  const vault = strictFake<IdentifierVault>('IdentifierVault');
  const people = strictFake<PeopleService>('PeopleService');
  const audit = strictFake<AuditService>('AuditService');
  const notifier = strictFake<Notifier>('Notifier');
  const clock = new SettableClock(NOW);
  cases.transaction.mockImplementation((work) => work(tx));
  const service = new CasesService(cases, config, timeline, alerts, vault, people, audit, clock, notifier);
  return { service, cases, timeline, alerts, vault, people, audit, notifier, clock };
}

type Fakes = ReturnType<typeof setup>;

/** What reading a case back as a DTO takes (after a change, or on a read). */
function readsBack(f: Fakes, c: Case, shares: Partial<CaseShare>[] = []) {
  f.cases.findById.mockResolvedValue(c);
  f.cases.userRefs.mockResolvedValue(new Map());
  f.cases.consentsOf.mockResolvedValue([]);
  f.cases.sharesOf.mockResolvedValue(shares as CaseShare[]);
  f.cases.routeOf.mockResolvedValue([]);
}

/** A change under lock: the case is found, in the transaction, locked. */
function locked(f: Fakes, c: Case, sharedWithActor = false) {
  f.cases.findVisible.mockResolvedValue(c);
  f.cases.isSharedWith.mockResolvedValue(sharedWithActor);
}

function writes(f: Fakes) {
  f.cases.save.mockImplementation(async (_m, c) => c);
  f.timeline.record.mockResolvedValue();
  f.audit.record.mockResolvedValue();
}

describe('CasesService', () => {
  describe('who may see and change a case', () => {
    it('a case outside the actor’s scope is a 404, looked up with their scope, locked when asked', async () => {
      const f = setup();
      f.cases.findVisible.mockResolvedValue(null);
      await expect(f.service.require(worker, 'case-1', tx, true)).rejects.toMatchObject({ code: 'not_found' });
      expect(f.cases.findVisible).toHaveBeenCalledWith(worker, 'case-1', tx, true);
    });

    it('needs cases.manage even for the case’s own case worker', () => {
      const { service } = setup();
      expect(service.canManage({ ...worker, permissions: ['cases.contribute'] }, aCase(), false)).toBe(false);
      expect(service.canManage(worker, aCase(), false)).toBe(true);
    });

    it('a colleague manages only a case shared with them; a supervisor only in their own office', () => {
      const { service } = setup();
      expect(service.canManage(colleague, aCase(), false)).toBe(false);
      expect(service.canManage(colleague, aCase(), true)).toBe(true);
      expect(service.canManage(supervisor, aCase(), false)).toBe(true);
      expect(service.canManage(otherSupervisor, aCase({ officeId: 'office-1' }), false)).toBe(false);
    });

    it('requireManage refuses a case worker who neither holds nor shares the case (403 once it is visible)', async () => {
      const f = setup();
      locked(f, aCase());
      await expect(f.service.requireManage(colleague, 'case-1', tx)).rejects.toMatchObject({ code: 'forbidden' });
      expect(f.cases.findVisible).toHaveBeenCalledWith(colleague, 'case-1', tx, true);
      expect(f.cases.isSharedWith).toHaveBeenCalledWith(tx, 'case-1', 'worker-2');
    });
  });

  describe('create', () => {
    function creating(f: Fakes, timeZone: string | null = 'Asia/Almaty', number = 7) {
      f.cases.officeTimeZone.mockResolvedValue(timeZone);
      f.cases.nextReferenceNumber.mockResolvedValue(number);
      f.cases.insert.mockImplementation(async (_m, fields) => aCase({ ...fields, id: 'case-9', version: 1 }));
      f.timeline.record.mockResolvedValue();
      f.audit.record.mockResolvedValue();
    }

    it('refuses an office that is not the actor’s, writing nothing', async () => {
      const f = setup();
      await expect(f.service.create(worker, { type: 'trafficking', officeId: 'office-2' } as never)).rejects.toMatchObject({
        code: 'validation_failed',
        extra: { errors: [expect.objectContaining({ field: 'officeId', code: 'not_your_office' })] },
      });
    });

    it('a case worker’s new case is theirs, referenced by the counter, on the timeline and audited; they are not told of it', async () => {
      const f = setup();
      creating(f);
      f.cases.isAssignable.mockResolvedValue(true);

      const saved = await f.service.create(worker, { type: 'trafficking' } as never);

      expect(saved).toMatchObject({
        id: 'case-9',
        reference: 'AST-2031-000007',
        assigneeId: 'worker-1',
        status: 'new',
        priority: 'normal',
        officeId: 'office-1',
        createdById: 'worker-1',
        lastActivityAt: NOW,
      });
      expect(f.cases.isAssignable).toHaveBeenCalledWith(tx, 'worker-1', 'office-1');
      expect(f.cases.nextReferenceNumber).toHaveBeenCalledWith(tx, 'AST', 2031);
      expect(f.timeline.record).toHaveBeenCalledWith(tx, expect.objectContaining({ caseId: 'case-9', kind: 'created', at: NOW, contactId: null }));
      expect(f.timeline.record).toHaveBeenCalledWith(tx, expect.objectContaining({ caseId: 'case-9', kind: 'assigned', data: { from: null, to: 'worker-1' } }));
      expect(f.audit.record).toHaveBeenCalledWith(
        expect.objectContaining({
          action: AuditAction.CaseCreated,
          entityId: 'case-9',
          officeId: 'office-1',
          summary: expect.objectContaining({ reference: 'AST-2031-000007' }),
        }),
        tx,
      );
      expect(f.notifier.notify).not.toHaveBeenCalled();
    });

    it('the reference year is the year in the office’s time zone (Asia/Almaty when it has none)', async () => {
      const f = setup();
      f.clock.set(new Date('2031-12-31T20:00:00.000Z'));
      creating(f, null);
      await expect(f.service.create(supervisor, { type: 'trafficking' } as never)).resolves.toMatchObject({ reference: 'AST-2032-000007' });

      creating(f, 'Europe/London');
      await expect(f.service.create(supervisor, { type: 'trafficking' } as never)).resolves.toMatchObject({ reference: 'AST-2031-000007' });
    });

    it('a supervisor’s case without an assignee is nobody’s, and no assignment is recorded', async () => {
      const f = setup();
      creating(f);
      await expect(f.service.create(supervisor, { type: 'trafficking' } as never)).resolves.toMatchObject({ assigneeId: null });
      expect(f.timeline.record).toHaveBeenCalledTimes(1);
      expect(f.timeline.record).toHaveBeenCalledWith(tx, expect.objectContaining({ kind: 'created' }));
    });

    it('refuses an assignee who is not an active case worker or supervisor of the office, before taking a reference', async () => {
      const f = setup();
      f.cases.isAssignable.mockResolvedValue(false);
      await expect(f.service.create(supervisor, { type: 'trafficking', assigneeId: 'stranger' } as never)).rejects.toMatchObject({
        extra: { errors: [expect.objectContaining({ field: 'assigneeId', code: 'not_assignable' })] },
      });
      expect(f.cases.nextReferenceNumber).not.toHaveBeenCalled();
    });

    it('a case given to someone else tells them, once per version', async () => {
      const f = setup();
      creating(f);
      f.cases.isAssignable.mockResolvedValue(true);
      f.notifier.notify.mockResolvedValue(1);
      await f.service.create(supervisor, { type: 'trafficking', assigneeId: 'worker-1' } as never);
      expect(f.notifier.notify).toHaveBeenCalledWith(tx, { kind: 'case_assigned', caseId: 'case-9', assigneeId: 'worker-1', occurrence: '1' });
    });

    it('a critical case opened directly alerts the office’s supervisors; one from a contact leaves that to the contact', async () => {
      const f = setup();
      creating(f);
      f.alerts.raiseForOfficeSupervisors.mockResolvedValue(2);
      await f.service.create(supervisor, { type: 'trafficking', priority: 'critical' } as never);
      expect(f.alerts.raiseForOfficeSupervisors).toHaveBeenCalledWith(
        expect.objectContaining({
          kind: 'critical_contact',
          dedupeKey: 'critical_case:case-9',
          officeId: 'office-1',
          data: expect.objectContaining({ source: 'case' }),
        }),
        tx,
      );

      f.alerts.raiseForOfficeSupervisors.mockClear();
      const fromContact = await f.service.create(supervisor, { type: 'trafficking' } as never, tx, { contactId: 'contact-1', critical: true });
      expect(fromContact.priority).toBe('critical');
      expect(f.alerts.raiseForOfficeSupervisors).not.toHaveBeenCalled();
      expect(f.timeline.record).toHaveBeenCalledWith(tx, expect.objectContaining({ kind: 'created', contactId: 'contact-1' }));
    });

    it('a linked person must be one the actor may link', async () => {
      const f = setup();
      f.people.requireLinkable.mockRejectedValue(Object.assign(new Error('unknown person'), { code: 'validation_failed' }));
      await expect(f.service.create(supervisor, { type: 'trafficking', personId: 'person-9' } as never)).rejects.toMatchObject({ code: 'validation_failed' });
      expect(f.people.requireLinkable).toHaveBeenCalledWith(supervisor, 'person-9', tx);
      expect(f.cases.insert).not.toHaveBeenCalled();
    });
  });

  describe('escalateToCritical', () => {
    it('raises a non-critical case, on the timeline, and alerts once per contact', async () => {
      const f = setup();
      const c = aCase({ priority: 'high' });
      f.cases.markCritical.mockResolvedValue();
      f.timeline.record.mockResolvedValue();
      f.alerts.raiseForOfficeSupervisors.mockResolvedValue(1);
      await f.service.escalateToCritical(tx, c, 'op-1', 'contact-3');
      expect(f.cases.markCritical).toHaveBeenCalledWith(tx, 'case-1');
      expect(c.priority).toBe('critical');
      expect(f.timeline.record).toHaveBeenCalledWith(
        tx,
        expect.objectContaining({ kind: 'priority_changed', data: { from: 'high', to: 'critical', reason: 'high_risk_contact' }, contactId: 'contact-3' }),
      );
      expect(f.alerts.raiseForOfficeSupervisors).toHaveBeenCalledWith(
        expect.objectContaining({ dedupeKey: 'critical_contact:contact-3', data: expect.objectContaining({ source: 'contact', contactId: 'contact-3' }) }),
        tx,
      );
    });

    it('a case already critical is not changed, but its supervisors still hear of the contact', async () => {
      const f = setup();
      f.alerts.raiseForOfficeSupervisors.mockResolvedValue(1);
      await f.service.escalateToCritical(tx, aCase({ priority: 'critical' }), 'op-1', 'contact-3');
      expect(f.cases.markCritical).not.toHaveBeenCalled();
      expect(f.alerts.raiseForOfficeSupervisors).toHaveBeenCalledTimes(1);
    });
  });

  describe('update', () => {
    it('refuses a stale version before any change', async () => {
      const f = setup();
      locked(f, aCase({ version: 4 }));
      await expect(f.service.update(worker, 'case-1', { version: 3, summary: 'x' } as never)).rejects.toMatchObject({ code: 'conflict' });
      expect(f.cases.save).not.toHaveBeenCalled();
    });

    it('nothing changed writes nothing, not even an audit row', async () => {
      const f = setup();
      const c = aCase();
      locked(f, c);
      readsBack(f, c);
      await expect(f.service.update(worker, 'case-1', { version: 3, summary: 'needs help', type: 'trafficking' } as never)).resolves.toMatchObject({
        id: 'case-1',
        canManage: true,
      });
      expect(f.cases.save).not.toHaveBeenCalled();
    });

    it('a priority change has its own timeline entry; other fields one entry naming them; the audit names all', async () => {
      const f = setup();
      const c = aCase();
      locked(f, c);
      writes(f);
      readsBack(f, c);
      await f.service.update(worker, 'case-1', { version: 3, priority: 'high', summary: 'new facts' } as never);
      expect(f.cases.save).toHaveBeenCalledWith(tx, expect.objectContaining({ priority: 'high', summary: 'new facts' }));
      expect(f.timeline.record).toHaveBeenCalledWith(tx, expect.objectContaining({ kind: 'priority_changed', data: { from: 'normal', to: 'high' } }));
      expect(f.timeline.record).toHaveBeenCalledWith(tx, expect.objectContaining({ kind: 'details_updated', data: { changed: ['summary'] } }));
      expect(f.audit.record).toHaveBeenCalledWith(
        expect.objectContaining({ action: AuditAction.CaseUpdated, summary: { changed: ['summary', 'priority'] } }),
        tx,
      );
    });

    it('the route is rewritten only when it differs from the stored one', async () => {
      const f = setup();
      const c = aCase();
      locked(f, c);
      readsBack(f, c);
      const stored = [{ type: 'Recruitment', country: 'KZ', city: null, date: null, description: null }] as TraffickingEvent[];
      f.cases.routeOf.mockResolvedValue(stored);
      await f.service.update(worker, 'case-1', { version: 3, route: [{ type: 'Recruitment', country: 'KZ' }] } as never);
      expect(f.cases.replaceRoute).not.toHaveBeenCalled();

      writes(f);
      f.cases.replaceRoute.mockResolvedValue();
      await f.service.update(worker, 'case-1', {
        version: 3,
        route: [
          { type: 'Recruitment', country: 'KZ' },
          { type: 'Exploitation', country: 'RU', city: 'Moscow' },
        ],
      } as never);
      expect(f.cases.replaceRoute).toHaveBeenCalledWith(tx, 'case-1', [
        { type: 'Recruitment', country: 'KZ', city: null, date: null, description: null },
        { type: 'Exploitation', country: 'RU', city: 'Moscow', date: null, description: null },
      ]);
      expect(f.audit.record).toHaveBeenCalledWith(expect.objectContaining({ summary: { changed: ['route'] } }), tx);
    });

    it('linking a person checks it may be linked and is recorded as a person link', async () => {
      const f = setup();
      const c = aCase();
      locked(f, c);
      writes(f);
      readsBack(f, { ...c, personId: 'person-2' } as Case);
      f.cases.personNames.mockResolvedValue([{ id: 'person-2', nameEncrypted: 'enc' }]);
      f.vault.presenterFor.mockReturnValue({ name: () => 'Aigerim' } as unknown as IdentifierPresenter);
      f.people.requireLinkable.mockResolvedValue({} as never);
      await expect(f.service.update(worker, 'case-1', { version: 3, personId: 'person-2' } as never)).resolves.toMatchObject({
        personId: 'person-2',
        personName: 'Aigerim',
      });
      expect(f.people.requireLinkable).toHaveBeenCalledWith(worker, 'person-2', tx);
      expect(f.timeline.record).toHaveBeenCalledWith(tx, expect.objectContaining({ kind: 'person_linked', data: { changed: ['personId'] } }));
    });
  });

  describe('changeStatus', () => {
    it('refuses a move the status machine does not allow, naming the allowed ones', async () => {
      const f = setup();
      locked(f, aCase({ status: 'new' }));
      await expect(f.service.changeStatus(worker, 'case-1', { version: 3, status: 'referred' })).rejects.toMatchObject({
        code: 'illegal_transition',
        extra: { allowed: ['open', 'closed'], from: 'new' },
      });
      expect(f.cases.save).not.toHaveBeenCalled();
    });

    it('closing needs a closure reason', async () => {
      const f = setup();
      locked(f, aCase());
      await expect(f.service.changeStatus(worker, 'case-1', { version: 3, status: 'closed' })).rejects.toMatchObject({
        extra: { errors: [expect.objectContaining({ field: 'closureReason', code: 'required' })] },
      });
    });

    it('a case worker cannot close a critical case without a supervisor’s approval; with it, they can', async () => {
      const f = setup();
      locked(f, aCase({ priority: 'critical' }));
      await expect(f.service.changeStatus(worker, 'case-1', { version: 3, status: 'closed', closureReason: 'resolved' })).rejects.toMatchObject({
        code: 'supervisor_approval_required',
      });

      const approved = aCase({ priority: 'critical', closureApprovedById: 'super-1' });
      locked(f, approved);
      writes(f);
      readsBack(f, approved);
      await f.service.changeStatus(worker, 'case-1', { version: 3, status: 'closed', closureReason: 'resolved' });
      expect(f.cases.save).toHaveBeenCalledWith(tx, expect.objectContaining({ status: 'closed' }));
    });

    it('a supervisor of the office closes a critical case without a separate approval', async () => {
      const f = setup();
      const c = aCase({ priority: 'critical' });
      locked(f, c);
      writes(f);
      readsBack(f, c);
      await f.service.changeStatus(supervisor, 'case-1', { version: 3, status: 'closed', closureReason: 'resolved' });
      expect(c.status).toBe('closed');
    });

    it('closing stamps the time from the clock with reason and note, on the timeline and in the audit log', async () => {
      const f = setup();
      const c = aCase();
      locked(f, c);
      writes(f);
      readsBack(f, c);
      await f.service.changeStatus(worker, 'case-1', { version: 3, status: 'closed', closureReason: 'resolved', closureNote: 'housed' } as never);
      expect(f.cases.save).toHaveBeenCalledWith(
        tx,
        expect.objectContaining({ status: 'closed', closedAt: NOW, closureReason: 'resolved', closureNote: 'housed' }),
      );
      expect(f.timeline.record).toHaveBeenCalledWith(
        tx,
        expect.objectContaining({ kind: 'status_changed', data: { from: 'in_progress', to: 'closed', closureReason: 'resolved' }, body: 'housed' }),
      );
      expect(f.audit.record).toHaveBeenCalledWith(
        expect.objectContaining({ action: AuditAction.CaseStatusChanged, summary: { from: 'in_progress', to: 'closed', closureReason: 'resolved' } }),
        tx,
      );
    });

    it('reopening needs a reason and clears the closure and its approval', async () => {
      const f = setup();
      const closed = () =>
        aCase({ status: 'closed', closedAt: NOW, closureReason: 'resolved', closureNote: 'n', closureApprovedById: 'super-1', closureApprovedAt: NOW });
      locked(f, closed());
      await expect(f.service.changeStatus(worker, 'case-1', { version: 3, status: 'open' })).rejects.toMatchObject({
        extra: { errors: [expect.objectContaining({ field: 'reopenReason' })] },
      });

      const c = closed();
      locked(f, c);
      writes(f);
      readsBack(f, c);
      await f.service.changeStatus(worker, 'case-1', { version: 3, status: 'open', reopenReason: 'came back' } as never);
      expect(f.cases.save).toHaveBeenCalledWith(
        tx,
        expect.objectContaining({ status: 'open', closedAt: null, closureReason: null, closureNote: null, closureApprovedById: null, closureApprovedAt: null }),
      );
      expect(f.timeline.record).toHaveBeenCalledWith(tx, expect.objectContaining({ body: 'came back' }));
    });
  });

  describe('approveClosure', () => {
    it('only a supervisor of the case’s office may approve', async () => {
      const f = setup();
      f.cases.findVisible.mockResolvedValue(aCase());
      await expect(f.service.approveClosure(worker, 'case-1', 3)).rejects.toMatchObject({ code: 'forbidden' });
      await expect(f.service.approveClosure(otherSupervisor, 'case-1', 3)).rejects.toMatchObject({ code: 'forbidden' });
      expect(f.cases.save).not.toHaveBeenCalled();
    });

    it('refuses a stale version and a case already closed', async () => {
      const f = setup();
      f.cases.findVisible.mockResolvedValue(aCase({ version: 5 }));
      await expect(f.service.approveClosure(supervisor, 'case-1', 3)).rejects.toMatchObject({ code: 'conflict' });
      f.cases.findVisible.mockResolvedValue(aCase({ status: 'closed' }));
      await expect(f.service.approveClosure(supervisor, 'case-1', 3)).rejects.toMatchObject({
        code: 'illegal_transition',
        extra: { allowed: ['open'], from: 'closed' },
      });
    });

    it('records who approved and when, on the timeline and in the audit log', async () => {
      const f = setup();
      const c = aCase({ priority: 'critical' });
      f.cases.findVisible.mockResolvedValue(c);
      writes(f);
      readsBack(f, c);
      await f.service.approveClosure(supervisor, 'case-1', 3);
      expect(f.cases.findVisible).toHaveBeenCalledWith(supervisor, 'case-1', tx, true);
      expect(f.cases.save).toHaveBeenCalledWith(tx, expect.objectContaining({ closureApprovedById: 'super-1', closureApprovedAt: NOW }));
      expect(f.timeline.record).toHaveBeenCalledWith(tx, expect.objectContaining({ kind: 'closure_approved', actorId: 'super-1' }));
      expect(f.audit.record).toHaveBeenCalledWith(expect.objectContaining({ action: AuditAction.CaseClosureApproved, entityId: 'case-1' }), tx);
    });
  });

  it('a request for closure approval alerts the office’s supervisors once per case version', async () => {
    const f = setup();
    locked(f, aCase({ version: 6 }));
    f.alerts.raiseForOfficeSupervisors.mockResolvedValue(2);
    await expect(f.service.requestClosureApproval(worker, 'case-1')).resolves.toEqual({ notified: 2 });
    expect(f.alerts.raiseForOfficeSupervisors).toHaveBeenCalledWith(
      expect.objectContaining({ kind: 'closure_approval_requested', dedupeKey: 'closure_approval:case-1:6', officeId: 'office-1' }),
      tx,
    );
  });

  describe('assign', () => {
    it('only someone with cases.assign in the case’s office may assign it', async () => {
      const f = setup();
      f.cases.findVisible.mockResolvedValue(aCase());
      await expect(f.service.assign(worker, 'case-1', { version: 3, assigneeId: 'worker-2' })).rejects.toMatchObject({ code: 'forbidden' });
      await expect(f.service.assign(otherSupervisor, 'case-1', { version: 3, assigneeId: 'worker-2' })).rejects.toMatchObject({ code: 'forbidden' });
    });

    it('the same assignee again writes nothing', async () => {
      const f = setup();
      const c = aCase();
      f.cases.findVisible.mockResolvedValue(c);
      f.cases.isAssignable.mockResolvedValue(true);
      readsBack(f, c);
      await f.service.assign(supervisor, 'case-1', { version: 3, assigneeId: 'worker-1' });
      expect(f.cases.save).not.toHaveBeenCalled();
    });

    it('a new assignee is checked, recorded, audited and told of the case', async () => {
      const f = setup();
      const c = aCase();
      f.cases.findVisible.mockResolvedValue(c);
      f.cases.isAssignable.mockResolvedValue(true);
      f.notifier.notify.mockResolvedValue(1);
      writes(f);
      readsBack(f, c);
      await f.service.assign(supervisor, 'case-1', { version: 3, assigneeId: 'worker-2' });
      expect(f.cases.isAssignable).toHaveBeenCalledWith(tx, 'worker-2', 'office-1');
      expect(f.cases.save).toHaveBeenCalledWith(tx, expect.objectContaining({ assigneeId: 'worker-2' }));
      expect(f.timeline.record).toHaveBeenCalledWith(tx, expect.objectContaining({ kind: 'assigned', data: { from: 'worker-1', to: 'worker-2' } }));
      expect(f.audit.record).toHaveBeenCalledWith(
        expect.objectContaining({ action: AuditAction.CaseAssigned, summary: { from: 'worker-1', to: 'worker-2' } }),
        tx,
      );
      expect(f.notifier.notify).toHaveBeenCalledWith(tx, { kind: 'case_assigned', caseId: 'case-1', assigneeId: 'worker-2', occurrence: '3' });
    });

    it('unassigning needs no assignable check and tells no one', async () => {
      const f = setup();
      const c = aCase();
      f.cases.findVisible.mockResolvedValue(c);
      writes(f);
      readsBack(f, c);
      await f.service.assign(supervisor, 'case-1', { version: 3, assigneeId: null });
      expect(f.cases.save).toHaveBeenCalledWith(tx, expect.objectContaining({ assigneeId: null }));
      expect(f.notifier.notify).not.toHaveBeenCalled();
    });
  });

  describe('sharing', () => {
    it('a case is shared only with active case workers or supervisors', async () => {
      const f = setup();
      locked(f, aCase());
      f.cases.isActiveCaseStaff.mockResolvedValue(false);
      await expect(f.service.share(worker, 'case-1', 'op-1')).rejects.toMatchObject({
        extra: { errors: [expect.objectContaining({ field: 'userId', code: 'not_a_case_worker' })] },
      });
    });

    it('sharing with the case worker, or again, records nothing', async () => {
      const f = setup();
      const c = aCase();
      locked(f, c);
      readsBack(f, c);
      f.cases.isActiveCaseStaff.mockResolvedValue(true);
      await f.service.share(supervisor, 'case-1', 'worker-1');
      expect(f.cases.insertShare).not.toHaveBeenCalled();

      f.cases.insertShare.mockResolvedValue(false);
      await f.service.share(supervisor, 'case-1', 'worker-2');
      expect(f.timeline.record).not.toHaveBeenCalled();
    });

    it('a new share is on the timeline and in the audit log', async () => {
      const f = setup();
      const c = aCase();
      locked(f, c);
      writes(f);
      readsBack(f, c);
      f.cases.isActiveCaseStaff.mockResolvedValue(true);
      f.cases.insertShare.mockResolvedValue(true);
      await f.service.share(worker, 'case-1', 'worker-2');
      expect(f.cases.insertShare).toHaveBeenCalledWith(tx, 'case-1', 'worker-2', 'worker-1');
      expect(f.timeline.record).toHaveBeenCalledWith(tx, expect.objectContaining({ kind: 'shared', data: { with: 'worker-2' } }));
      expect(f.audit.record).toHaveBeenCalledWith(expect.objectContaining({ action: AuditAction.CaseShared, summary: { with: 'worker-2' } }), tx);
    });

    it('ending a share that does not exist is a 404', async () => {
      const f = setup();
      locked(f, aCase());
      f.cases.deleteShare.mockResolvedValue(false);
      await expect(f.service.unshare(worker, 'case-1', 'worker-2')).rejects.toMatchObject({ code: 'not_found' });
    });

    it('the colleague it is shared with may manage the case', async () => {
      const f = setup();
      readsBack(f, aCase(), [{ caseId: 'case-1', userId: 'worker-2' }]);
      await expect(f.service.toDto(colleague, aCase())).resolves.toMatchObject({ canManage: true, sharedWith: [{ id: 'worker-2', displayName: '—' }] });
    });
  });

  describe('notes', () => {
    it('needs cases.contribute', async () => {
      const f = setup();
      f.cases.findVisible.mockResolvedValue(aCase());
      await expect(f.service.addNote(operator, 'case-1', 'called back')).rejects.toMatchObject({ code: 'forbidden' });
    });

    it('the audit log keeps the note’s length, not its text', async () => {
      const f = setup();
      f.cases.findVisible.mockResolvedValue(aCase());
      writes(f);
      await f.service.addNote(worker, 'case-1', 'called back');
      expect(f.timeline.record).toHaveBeenCalledWith(tx, expect.objectContaining({ kind: 'note', body: 'called back' }));
      expect(f.audit.record).toHaveBeenCalledWith(expect.objectContaining({ action: AuditAction.CaseNoteAdded, summary: { length: 11 } }), tx);
    });
  });

  it('whom a case may be given to is listed only for the actor’s own offices', async () => {
    const f = setup();
    await expect(f.service.assignableUsers(worker, 'office-2')).rejects.toMatchObject({ code: 'not_found' });
    f.cases.assignableUsers.mockResolvedValue([{ id: 'worker-1', displayName: 'Dana', roles: ['case_worker'] }]);
    await expect(f.service.assignableUsers(worker, 'office-1')).resolves.toHaveLength(1);
  });

  it('a caller with no cases reads no cases', async () => {
    const f = setup();
    f.cases.caseIdsOfCaller.mockResolvedValue([]);
    await expect(f.service.byPhoneHash(worker, ['h1'], [])).resolves.toEqual([]);
    expect(f.cases.latestVisible).not.toHaveBeenCalled();
  });

  it('reading a case is audited', async () => {
    const f = setup();
    const c = aCase();
    f.cases.findVisible.mockResolvedValue(c);
    f.audit.record.mockResolvedValue();
    readsBack(f, c);
    await expect(f.service.get(worker, 'case-1')).resolves.toMatchObject({ id: 'case-1', allowedTransitions: ['referred', 'follow_up', 'closed'] });
    expect(f.audit.record).toHaveBeenCalledWith({ action: AuditAction.CaseRead, entityType: 'case', entityId: 'case-1', officeId: 'office-1' });
  });
});
