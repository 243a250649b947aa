import { Injectable } from '@nestjs/common';
import {
  REFERRAL_RESPONSE_HOURS,
  allowedNextReferralStatuses,
  allowedNextStatuses,
  checkReferralTransition,
  clampPageSize,
  referralDueAt,
  type Page,
  type ReferralParty,
  type ServiceType,
} from '@mayak/domain';
import type { EntityManager } from 'typeorm';
import { AuditAction } from '#api/core/audit/audit-actions';
import { AuditService } from '#api/core/audit/audit.service';
import { Clock } from '#api/core/clock/clock';
import type { Actor } from '#api/core/context/request-context';
import { DomainError, fieldInvalid, forbidden, notFound, staleVersion } from '#api/core/errors/domain-error';
import { AlertsService } from '../alerts/alerts.service';
import { Notifier } from '../notifications/notifier';
import { CaseTimeline } from '../cases/case-timeline.service';
import { Case } from '../cases/case.entity';
import { CasesService } from '../cases/cases.service';
import type { Organisation } from '../directory/organisation.entity';
import { IdentifierVault } from '../people/identifier-vault';
import type { ChangeReferralStatusDto, CreateReferralsDto, ListReferralsQuery, PartnerReferralDto, ReferralDto } from './dto/referral.dto';
import { renderReferralLetter } from './referral-letter';
import type { Referral } from './referral.entity';
import { ReferralsRepository } from './referrals.repository';
import { Encrypted } from '#api/core/crypto/encrypted-columns';

/** Referrals from a case to directory services: consent first, the status machine always, everything on the timeline. */
@Injectable()
export class ReferralsService {
  constructor(
    private readonly referrals: ReferralsRepository,
    private readonly cases: CasesService,
    private readonly timeline: CaseTimeline,
    private readonly alerts: AlertsService,
    private readonly vault: IdentifierVault,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly notifier: Notifier,
  ) {}

  /** A referral whose case the actor may see, or 404. */
  private async requireVisible(actor: Actor, id: string, m?: EntityManager, lock = false): Promise<Referral> {
    const found = await this.referrals.findVisible(actor, id, m, lock);
    if (!found) throw notFound('Referral');
    return found;
  }

  async create(actor: Actor, caseId: string, input: CreateReferralsDto): Promise<ReferralDto[]> {
    const ids = await this.referrals.transaction(async (m) => {
      const c = await this.cases.require(actor, caseId, m, true);
      if (!this.cases.canManage(actor, c, await this.referrals.isCaseSharedWith(m, caseId, actor.userId)))
        throw forbidden('Only the case worker of this case or a supervisor of its office may refer it');
      if (c.status === 'closed') throw new DomainError('case_closed', 'The case is closed; reopen it to refer the client');
      if (!(await this.referrals.hasReferralConsent(caseId, m)))
        throw new DomainError('consent_required', 'The client has not agreed to be referred: record their consent to referral on the case first');
      const organisations = await this.referrals.organisationsByIds(
        m,
        input.targets.map((t) => t.organisationId),
      );
      input.targets.forEach((target, n) => {
        const organisation = organisations.find((o) => o.id === target.organisationId);
        if (!organisation) throw fieldInvalid(`targets.${n}.organisationId`, 'unknown_organisation', 'No such organisation in the directory');
        if (!organisation.active || !organisation.acceptsReferrals)
          throw new DomainError('organisation_unavailable', `${organisation.name} does not take referrals through Mayak`, {
            errors: [{ field: `targets.${n}.organisationId`, code: 'organisation_unavailable', message: 'Does not take referrals' }],
          });
        if (!organisation.serviceTypes.includes(target.serviceType))
          throw fieldInvalid(`targets.${n}.serviceType`, 'service_not_offered', `${organisation.name} does not offer this service`);
      });
      const created: string[] = [];
      for (const target of input.targets) {
        const organisation = organisations.find((o) => o.id === target.organisationId)!;
        const referral = await this.referrals.insert(m, {
          caseId,
          officeId: c.officeId,
          organisationId: organisation.id,
          serviceType: target.serviceType,
          status: 'draft',
          createdById: actor.userId,
          sharedSummary: input.sharedSummary,
          shareContactDetails: input.shareContactDetails ?? false,
          responseHours: REFERRAL_RESPONSE_HOURS[target.serviceType as ServiceType],
          sentAt: null,
          dueAt: null,
          answeredAt: null,
          finishedAt: null,
          reason: null,
          outcome: null,
          partnerNote: null,
          answeredById: null,
          overdueAlertedAt: null,
          escalatedAt: null,
        });
        await this.timeline.record(m, {
          caseId,
          kind: 'referral_created',
          actorId: actor.userId,
          data: { referralId: referral.id, organisationName: organisation.name, serviceType: target.serviceType },
        });
        await this.audit.record(
          {
            action: AuditAction.ReferralCreated,
            entityType: 'referral',
            entityId: referral.id,
            officeId: c.officeId,
            summary: { caseId, organisationId: organisation.id, serviceType: target.serviceType },
          },
          m,
        );
        if (input.send) await this.move(m, actor, referral, organisation, c, { version: referral.version, status: 'sent' }, 'hotline');
        created.push(referral.id);
      }
      return created;
    });
    const rows = await this.referrals.findByIds(ids);
    return rows.map((r) => this.toDto(r));
  }

  async forCase(actor: Actor, caseId: string): Promise<ReferralDto[]> {
    await this.cases.require(actor, caseId);
    const rows = await this.referrals.listForCase(caseId);
    return rows.map((r) => this.toDto(r));
  }

  /** The referrals board: open ones first, the most overdue on top. */
  async board(actor: Actor, query: ListReferralsQuery): Promise<Page<ReferralDto>> {
    const limit = clampPageSize(query.limit);
    const offset = query.offset ?? 0;
    const { rows, total } = await this.referrals.listBoard(actor, query, limit, offset);
    return { items: rows.map((r) => this.toDto(r)), total, limit, offset };
  }

  async get(actor: Actor, id: string): Promise<ReferralDto> {
    const referral = await this.requireVisible(actor, id);
    await this.audit.record({ action: AuditAction.ReferralRead, entityType: 'referral', entityId: id, officeId: referral.officeId });
    return this.toDto(referral);
  }

  async changeStatus(actor: Actor, id: string, input: ChangeReferralStatusDto): Promise<ReferralDto> {
    await this.referrals.transaction(async (m) => {
      const referral = await this.requireVisible(actor, id, m, true);
      const c = referral.case!;
      if (!this.cases.canManage(actor, c, await this.referrals.isCaseSharedWith(m, c.id, actor.userId)))
        throw forbidden('Only the case worker of this case or a supervisor of its office may change its referrals');
      await this.move(m, actor, referral, referral.organisation!, c, input, 'hotline');
    });
    return this.toDto(await this.requireVisible(actor, id));
  }

  /** One move of the status machine, by the hotline or by the partner; the same rules and records either way. */
  private async move(
    m: EntityManager,
    actor: Actor,
    referral: Referral,
    organisation: Organisation,
    c: Case,
    input: ChangeReferralStatusDto,
    party: ReferralParty,
  ): Promise<void> {
    if (referral.version !== input.version) throw staleVersion('This referral');
    const check = checkReferralTransition({ from: referral.status, to: input.status, party, reason: input.reason, outcome: input.outcome });
    if (!check.ok) {
      if (check.problem === 'reason_required') throw fieldInvalid('reason', 'required', 'Say why the referral is declined or cancelled');
      if (check.problem === 'outcome_required') throw fieldInvalid('outcome', 'required', 'Say what came of the referral');
      throw new DomainError('illegal_transition', `A ${referral.status} referral cannot become ${input.status}`, {
        allowed: [...check.allowed],
        from: referral.status,
      });
    }
    const from = referral.status;
    const now = this.clock.now();
    referral.status = input.status;
    if (input.status === 'sent') {
      referral.sentAt = now;
      referral.dueAt = referralDueAt(now, referral.responseHours);
    }
    if (input.status === 'accepted' || input.status === 'declined') {
      referral.answeredAt = now;
      referral.answeredById = actor.userId;
    }
    if (input.status === 'declined' || input.status === 'cancelled') referral.reason = input.reason!;
    if (input.status === 'completed') referral.outcome = input.outcome!;
    if (['declined', 'completed', 'cancelled'].includes(input.status)) referral.finishedAt = now;
    if (input.note) referral.partnerNote = input.note;
    await this.referrals.save(m, referral);
    await this.timeline.record(m, {
      caseId: c.id,
      kind: 'referral_status_changed',
      actorId: actor.userId,
      data: {
        referralId: referral.id,
        organisationName: organisation.name,
        serviceType: referral.serviceType,
        from,
        to: input.status,
        by: party,
        reason: referral.reason,
        outcome: referral.outcome,
      },
      body: input.note ?? null,
    });
    await this.audit.record(
      {
        action: AuditAction.ReferralStatusChanged,
        entityType: 'referral',
        entityId: referral.id,
        officeId: c.officeId,
        summary: { from, to: input.status, by: party },
      },
      m,
    );
    // The partner hears of a referral sent to them, and of one withdrawn after they had it.
    if (input.status === 'sent') await this.notifier.notify(m, { kind: 'referral_received', referralId: referral.id });
    if (input.status === 'cancelled' && from !== 'draft') await this.notifier.notify(m, { kind: 'referral_withdrawn', referralId: referral.id });
    // Sending the first referral of a case in progress moves the case on (DESIGN.md: in_progress -> referred).
    if (input.status === 'sent' && c.status === 'in_progress' && allowedNextStatuses(c.status).includes('referred')) {
      await this.referrals.markCaseReferred(m, c.id);
      await this.timeline.record(m, {
        caseId: c.id,
        kind: 'status_changed',
        actorId: actor.userId,
        data: { from: 'in_progress', to: 'referred', reason: 'referral_sent' },
      });
      c.status = 'referred';
    }
    if (party === 'partner') {
      await this.alerts.raiseFor(
        c.assigneeId ?? referral.createdById,
        {
          kind: 'referral_answered',
          dedupeKey: `referral_answered:${referral.id}:${input.status}`,
          officeId: c.officeId,
          entityType: 'case',
          entityId: c.id,
          data: { reference: c.reference, referralId: referral.id, organisationName: organisation.name, status: input.status },
        },
        m,
      );
    }
  }

  // --- partners ---------------------------------------------------------------------------

  private async partnerOrganisation(actor: Actor): Promise<string> {
    const organisationId = await this.referrals.partnerOrganisationOf(actor.userId);
    if (!organisationId) throw forbidden('Your account is not linked to a partner organisation');
    return organisationId;
  }

  /** Only referrals addressed to the partner's organisation and already sent; anything else is a 404. */
  private async requireAddressed(actor: Actor, id: string, m?: EntityManager, lock = false): Promise<Referral> {
    const organisationId = await this.partnerOrganisation(actor);
    const found = await this.referrals.findAddressed(organisationId, id, m, lock);
    if (!found) throw notFound('Referral');
    return found;
  }

  async partnerList(actor: Actor, query: ListReferralsQuery): Promise<Page<PartnerReferralDto>> {
    const organisationId = await this.partnerOrganisation(actor);
    const limit = clampPageSize(query.limit);
    const offset = query.offset ?? 0;
    const { rows, total } = await this.referrals.listForPartner(organisationId, query, limit, offset);
    return { items: await Promise.all(rows.map((r) => this.toPartnerDto(r))), total, limit, offset };
  }

  async partnerGet(actor: Actor, id: string): Promise<PartnerReferralDto> {
    const referral = await this.requireAddressed(actor, id);
    await this.audit.record({
      action: AuditAction.ReferralRead,
      entityType: 'referral',
      entityId: id,
      officeId: referral.officeId,
      summary: { by: 'partner' },
    });
    return this.toPartnerDto(referral);
  }

  async partnerChangeStatus(actor: Actor, id: string, input: ChangeReferralStatusDto): Promise<PartnerReferralDto> {
    await this.referrals.transaction(async (m) => {
      const referral = await this.requireAddressed(actor, id, m, true);
      await this.move(m, actor, referral, referral.organisation!, referral.case!, input, 'partner');
    });
    return this.toPartnerDto(await this.requireAddressed(actor, id));
  }

  /** The client's name and number, only if they agreed and their consent to referral still stands. */
  private async sharedContact(referral: Referral): Promise<{ name: string | null; phone: string | null }> {
    if (!referral.shareContactDetails) return { name: null, phone: null };
    const consent = await this.referrals.hasReferralConsent(referral.caseId);
    const personId = referral.case?.personId;
    if (!consent || !personId) return { name: null, phone: null };
    const person = await this.referrals.personContact(personId);
    return {
      name: person?.nameEncrypted ? this.vault.decrypt(person.nameEncrypted, Encrypted.personName.at(person.personId)) : null,
      phone: person?.phone ? this.vault.decrypt(person.phone.encrypted, Encrypted.personIdentifier.at(person.phone.identifierId)) : null,
    };
  }

  private async toPartnerDto(r: Referral): Promise<PartnerReferralDto> {
    const contact = await this.sharedContact(r);
    return {
      id: r.id,
      organisationName: r.organisation!.name,
      caseReference: r.case!.reference,
      serviceType: r.serviceType,
      status: r.status,
      allowedTransitions: [...allowedNextReferralStatuses(r.status, 'partner')],
      sharedSummary: r.sharedSummary,
      clientName: contact.name,
      clientPhone: contact.phone,
      sentAt: r.sentAt?.toISOString() ?? null,
      dueAt: r.dueAt?.toISOString() ?? null,
      reason: r.reason,
      outcome: r.outcome,
      partnerNote: r.partnerNote,
      version: r.version,
    };
  }

  /** The printable letter to the partner: what the client agreed to share, nothing else. */
  async letter(actor: Actor, id: string, party: ReferralParty, locale: 'ru' | 'kk' | 'en'): Promise<string> {
    const referral = party === 'partner' ? await this.requireAddressed(actor, id) : await this.requireVisible(actor, id);
    const contact = await this.sharedContact(referral);
    await this.audit.record({
      action: AuditAction.ReferralLetterPrinted,
      entityType: 'referral',
      entityId: id,
      officeId: referral.officeId,
      summary: { by: party, contactDetails: contact.name !== null || contact.phone !== null },
    });
    return renderReferralLetter({
      referral,
      organisation: referral.organisation!,
      reference: referral.case!.reference,
      clientName: contact.name,
      clientPhone: contact.phone,
      locale,
    });
  }

  toDto(r: Referral): ReferralDto {
    return {
      id: r.id,
      caseId: r.caseId,
      caseReference: r.case!.reference,
      organisationId: r.organisationId,
      organisationName: r.organisation!.name,
      serviceType: r.serviceType,
      status: r.status,
      allowedTransitions: [...allowedNextReferralStatuses(r.status, 'hotline')],
      sharedSummary: r.sharedSummary,
      shareContactDetails: r.shareContactDetails,
      responseHours: r.responseHours,
      sentAt: r.sentAt?.toISOString() ?? null,
      dueAt: r.dueAt?.toISOString() ?? null,
      overdue: r.status === 'sent' && !!r.dueAt && r.dueAt.getTime() < this.clock.nowMs(),
      answeredAt: r.answeredAt?.toISOString() ?? null,
      finishedAt: r.finishedAt?.toISOString() ?? null,
      reason: r.reason,
      outcome: r.outcome,
      partnerNote: r.partnerNote,
      createdAt: r.createdAt.toISOString(),
      version: r.version,
    };
  }
}
