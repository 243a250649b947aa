import { Injectable } from '@nestjs/common';
import {
  checkTransferAnswer,
  checkTransferRequest,
  clampPageSize,
  mayAnswerTransfer,
  notifiesAssignee,
  type TransferActor,
  type TransferAnswer,
} from '@mayak/domain';
import type { EntityManager } from 'typeorm';
import { AuditAction } from '#api/core/audit/audit-actions';
import { AuditService } from '#api/core/audit/audit.service';
import { Clock } from '#api/core/clock/clock';
import type { Actor } from '#api/core/context/request-context';
import { DomainError, fieldInvalid, forbidden, notFound } from '#api/core/errors/domain-error';
import { Notifier } from '../notifications/notifier';
import { CaseTimeline } from './case-timeline.service';
import { CaseTransfersRepository, type OfficeRef, type TransferRow } from './case-transfers.repository';
import { CasesService } from './cases.service';
import type { AcceptTransferDto, CaseTransferDto, CaseTransferPageDto, RequestTransferDto } from './dto/case-transfer.dto';
import { refOf } from './user-refs';

const transferActor = (actor: Actor): TransferActor => ({ userId: actor.userId, roles: actor.roles, officeIds: actor.officeIds });

/**
 * Moving a case to another office by request and acceptance (libs/domain case-transfer.ts
 * has the rules). On acceptance, in one transaction: the case's office and assignee change,
 * shares with anyone outside the new office end, open tasks held outside it go to the new
 * case worker, callbacks still to be placed and open referrals move to the new office.
 * Contacts and the client's person record stay with the office that recorded them; the new
 * office sees them through the case (record-scope.ts: contactScope and personScope).
 */
@Injectable()
export class CaseTransfersService {
  constructor(
    private readonly cases: CasesService,
    private readonly transfers: CaseTransfersRepository,
    private readonly timeline: CaseTimeline,
    private readonly audit: AuditService,
    private readonly notifier: Notifier,
    private readonly clock: Clock,
  ) {}

  async request(actor: Actor, caseId: string, input: RequestTransferDto): Promise<CaseTransferDto> {
    const id = await this.transfers.transaction(async (m) => {
      // Locked: two requests for one case queue here, and the second finds the first pending.
      const c = await this.cases.require(actor, caseId, m, true);
      const shared = await this.transfers.isCaseSharedWith(m, caseId, actor.userId);
      const office = await this.transfers.activeOffice(m, input.toOfficeId);
      const check = checkTransferRequest({
        actor: transferActor(actor),
        caseOfficeId: c.officeId,
        toOfficeId: input.toOfficeId,
        caseClosed: c.status === 'closed',
        worksOnCase: c.assigneeId === actor.userId || shared,
        pendingExists: await this.transfers.hasPending(m, caseId),
        reason: input.reason,
      });
      if (!check.ok && check.problem === 'not_allowed') throw forbidden('Only a case worker of this case or a supervisor of its office may ask to move it');
      if (!office) throw fieldInvalid('toOfficeId', 'unknown_office', 'There is no active office with this id');
      if (!check.ok) {
        switch (check.problem) {
          case 'case_closed':
            throw new DomainError('case_closed', 'The case is closed; reopen it before moving it to another office');
          case 'same_office':
            throw fieldInvalid('toOfficeId', 'same_office', 'The case is already in this office');
          case 'reason_required':
            throw fieldInvalid('reason', 'required', 'Say why the case should move');
          case 'transfer_pending':
            throw new DomainError('transfer_pending', 'A transfer of this case is already waiting for an answer; withdraw it first');
        }
      }
      const from = await this.transfers.officeNames(m, [c.officeId]);
      const now = this.clock.now();
      const saved = await this.transfers.insertPending(m, {
        caseId,
        fromOfficeId: c.officeId,
        toOfficeId: office.id,
        reason: input.reason,
        requestedById: actor.userId,
        requestedAt: now,
      });
      await this.timeline.record(m, {
        caseId,
        kind: 'transfer_requested',
        actorId: actor.userId,
        data: { transferId: saved.id, fromOffice: { id: c.officeId, name: from.get(c.officeId) ?? '' }, toOffice: office },
        body: input.reason,
        at: now,
      });
      await this.audit.record(
        {
          action: AuditAction.CaseTransferRequested,
          entityType: 'case',
          entityId: caseId,
          officeId: c.officeId,
          summary: { transferId: saved.id, fromOfficeId: c.officeId, toOfficeId: office.id },
        },
        m,
      );
      return saved.id;
    });
    return this.dto(actor, await this.transfers.outsideTransaction((m) => this.transfers.row(m, id)));
  }

  async accept(actor: Actor, id: string, input: AcceptTransferDto): Promise<CaseTransferDto> {
    return this.answer(actor, id, 'accepted', async (m, row, now) => {
      const t = row.transfer;
      const c = await this.transfers.lockCase(m, t.caseId);
      // Nothing else moves a case between offices, so a pending request's case is still where it was asked from.
      if (c.officeId !== t.fromOfficeId) throw new DomainError('conflict', 'The case is no longer in the office that asked to move it');
      if (c.status === 'closed') throw new DomainError('case_closed', 'The case was closed after the request; it cannot move while closed');
      const assigneeId = input.assigneeId ?? null;
      if (assigneeId) await this.cases.assertAssignable(m, assigneeId, t.toOfficeId, 'assigneeId');
      const previousAssigneeId = c.assigneeId;
      await this.transfers.moveCase(m, c.id, t.toOfficeId, assigneeId);
      const sharesEnded = await this.transfers.endSharesOutside(m, c.id, t.toOfficeId);
      const tasksReassigned = await this.transfers.reassignOpenTasks(m, c.id, t.toOfficeId, assigneeId);
      const callbacksMoved = await this.transfers.moveOpenCallbacks(m, c.id, t.fromOfficeId, t.toOfficeId);
      const referralsMoved = await this.transfers.moveOpenReferrals(m, c.id, t.fromOfficeId, t.toOfficeId);
      await this.transfers.markAnswered(m, t.id, { status: 'accepted', decidedById: actor.userId, decidedAt: now, assigneeId });
      const offices = await this.transfers.officeNames(m, [t.fromOfficeId, t.toOfficeId]);
      const office = (officeId: string): OfficeRef => ({ id: officeId, name: offices.get(officeId) ?? '' });
      const moved = { sharesEnded: sharesEnded.length, tasksReassigned, callbacksMoved, referralsMoved };
      await this.timeline.record(m, {
        caseId: c.id,
        kind: 'transfer_accepted',
        actorId: actor.userId,
        data: { transferId: t.id, fromOffice: office(t.fromOfficeId), toOffice: office(t.toOfficeId), assigneeId, ...moved },
        at: now,
      });
      if (previousAssigneeId !== assigneeId)
        await this.timeline.record(m, { caseId: c.id, kind: 'assigned', actorId: actor.userId, data: { from: previousAssigneeId, to: assigneeId }, at: now });
      // The receiving case worker hears of the case as of any assignment (by mail, as they chose).
      if (previousAssigneeId !== assigneeId && notifiesAssignee(actor.userId, assigneeId))
        await this.notifier.notify(m, { kind: 'case_assigned', caseId: c.id, assigneeId, occurrence: `transfer-${t.id}` });
      for (const userId of sharesEnded)
        await this.timeline.record(m, { caseId: c.id, kind: 'unshared', actorId: actor.userId, data: { with: userId }, at: now });
      await this.audit.record(
        {
          action: AuditAction.CaseTransferAccepted,
          entityType: 'case',
          entityId: c.id,
          officeId: t.fromOfficeId,
          summary: { transferId: t.id, fromOfficeId: t.fromOfficeId, toOfficeId: t.toOfficeId, previousAssigneeId, assigneeId, ...moved },
        },
        m,
      );
    });
  }

  async decline(actor: Actor, id: string, reason: string): Promise<CaseTransferDto> {
    return this.answer(
      actor,
      id,
      'declined',
      async (m, row, now) => {
        const t = row.transfer;
        await this.transfers.markAnswered(m, t.id, { status: 'declined', decidedById: actor.userId, decidedAt: now, declineReason: reason });
        await this.timeline.record(m, {
          caseId: t.caseId,
          kind: 'transfer_declined',
          actorId: actor.userId,
          data: { transferId: t.id, toOffice: await this.officeRef(m, t.toOfficeId) },
          body: reason,
          at: now,
        });
        await this.audit.record(
          {
            action: AuditAction.CaseTransferDeclined,
            entityType: 'case',
            entityId: t.caseId,
            officeId: t.fromOfficeId,
            summary: { transferId: t.id, fromOfficeId: t.fromOfficeId, toOfficeId: t.toOfficeId },
          },
          m,
        );
      },
      reason,
    );
  }

  async withdraw(actor: Actor, id: string): Promise<CaseTransferDto> {
    return this.answer(actor, id, 'withdrawn', async (m, row, now) => {
      const t = row.transfer;
      await this.transfers.markAnswered(m, t.id, { status: 'withdrawn', decidedById: actor.userId, decidedAt: now });
      await this.timeline.record(m, {
        caseId: t.caseId,
        kind: 'transfer_withdrawn',
        actorId: actor.userId,
        data: { transferId: t.id, toOffice: await this.officeRef(m, t.toOfficeId) },
        at: now,
      });
      await this.audit.record(
        {
          action: AuditAction.CaseTransferWithdrawn,
          entityType: 'case',
          entityId: t.caseId,
          officeId: t.fromOfficeId,
          summary: { transferId: t.id, fromOfficeId: t.fromOfficeId, toOfficeId: t.toOfficeId },
        },
        m,
      );
    });
  }

  /** Pending requests to the offices the actor supervises, the oldest first. */
  async incoming(actor: Actor, limitInput: number | undefined, offsetInput: number | undefined): Promise<CaseTransferPageDto> {
    const limit = clampPageSize(limitInput);
    const offset = offsetInput ?? 0;
    const supervised = actor.roles.includes('supervisor') ? actor.officeIds : [];
    const { rows, total } = await this.transfers.pendingTo([...supervised], limit, offset);
    return { items: await this.dtos(actor, rows), total, limit, offset };
  }

  async forCase(actor: Actor, caseId: string): Promise<CaseTransferDto[]> {
    await this.cases.require(actor, caseId);
    return this.dtos(actor, await this.transfers.forCase(caseId));
  }

  async destinations(): Promise<OfficeRef[]> {
    return this.transfers.activeOffices();
  }

  /** One answer to a pending request: visible (else 404), the actor's to give (else 403), still pending (else 409). */
  private async answer(
    actor: Actor,
    id: string,
    to: TransferAnswer,
    apply: (m: EntityManager, row: TransferRow, now: Date) => Promise<void>,
    reason?: string,
  ): Promise<CaseTransferDto> {
    await this.transfers.transaction(async (m) => {
      const transfer = await this.transfers.findVisible(m, actor, id, true);
      if (!transfer) throw notFound('Transfer');
      const check = checkTransferAnswer({
        actor: transferActor(actor),
        from: transfer.status,
        to,
        fromOfficeId: transfer.fromOfficeId,
        toOfficeId: transfer.toOfficeId,
        requestedById: transfer.requestedById,
        reason,
      });
      if (!check.ok) {
        const allowed = [...check.allowed];
        if (check.problem === 'not_allowed') {
          throw forbidden(
            to === 'withdrawn'
              ? 'Only whoever asked, or a supervisor of the sending office, may withdraw this request'
              : 'Only a supervisor of the receiving office may answer this request',
          );
        }
        if (check.problem === 'illegal_transition')
          throw new DomainError('illegal_transition', `This request is already ${transfer.status}`, { allowed, from: transfer.status });
        throw fieldInvalid('reason', 'required', 'Say why the request is declined');
      }
      await apply(m, await this.transfers.row(m, id), this.clock.now());
    });
    return this.dto(actor, await this.transfers.outsideTransaction((m) => this.transfers.row(m, id)));
  }

  private async officeRef(m: EntityManager, officeId: string): Promise<OfficeRef> {
    return { id: officeId, name: (await this.transfers.officeNames(m, [officeId])).get(officeId) ?? '' };
  }

  private async dto(actor: Actor, row: TransferRow): Promise<CaseTransferDto> {
    return (await this.dtos(actor, [row]))[0];
  }

  private async dtos(actor: Actor, rows: TransferRow[]): Promise<CaseTransferDto[]> {
    const { users, offices } = await this.transfers.outsideTransaction(async (m) => ({
      users: await this.transfers.userRefs(
        m,
        rows.flatMap((r) => [r.transfer.requestedById, r.transfer.decidedById, r.transfer.assigneeId]),
      ),
      offices: await this.transfers.officeNames(
        m,
        rows.flatMap((r) => [r.transfer.fromOfficeId, r.transfer.toOfficeId]),
      ),
    }));
    const who = transferActor(actor);
    return rows.map(({ transfer: t, caseReference, caseType, casePriority, caseStatus }) => ({
      id: t.id,
      caseId: t.caseId,
      caseReference,
      caseType,
      casePriority,
      caseStatus,
      fromOffice: { id: t.fromOfficeId, name: offices.get(t.fromOfficeId) ?? '' },
      toOffice: { id: t.toOfficeId, name: offices.get(t.toOfficeId) ?? '' },
      status: t.status,
      reason: t.reason,
      requestedBy: refOf(users, t.requestedById) ?? { id: t.requestedById, displayName: '—' },
      requestedAt: t.requestedAt.toISOString(),
      decidedBy: refOf(users, t.decidedById),
      decidedAt: t.decidedAt?.toISOString() ?? null,
      declineReason: t.declineReason,
      assignee: refOf(users, t.assigneeId),
      canAnswer: t.status === 'pending' && actor.permissions.includes('cases.assign') && mayAnswerTransfer(who, 'accepted', t),
      canWithdraw: t.status === 'pending' && actor.permissions.includes('cases.manage') && mayAnswerTransfer(who, 'withdrawn', t),
    }));
  }
}
