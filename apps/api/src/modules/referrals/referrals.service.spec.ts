import type { EntityManager } from 'typeorm';
import type { AuditService } from '#api/core/audit/audit.service';
import { SettableClock } from '#api/core/clock/clock';
import type { Actor } from '#api/core/context/request-context';
import { strictFake } from '#api/testing/strict-fake';
import type { AlertsService } from '../alerts/alerts.service';
import type { CaseTimeline } from '../cases/case-timeline.service';
import type { Case } from '../cases/case.entity';
import type { CasesService } from '../cases/cases.service';
import type { Organisation } from '../directory/organisation.entity';
import type { Notifier } from '../notifications/notifier';
import type { IdentifierVault } from '../people/identifier-vault';
import type { Referral } from './referral.entity';
import { ReferralsRepository } from './referrals.repository';
import { ReferralsService } from './referrals.service';

const NOW = new Date('2031-05-06T07:00:00.000Z');
const tx = { transaction: 'tx' } as unknown as EntityManager;

const worker: Actor = {
  userId: 'worker-1',
  email: 'worker@mayak.kz',
  roles: ['case_worker'],
  officeIds: ['office-1'],
  sessionId: 's-1',
  permissions: ['cases.manage'],
};
const partner: Actor = { userId: 'partner-1', email: 'partner@ngo.kz', roles: ['partner'], officeIds: [], sessionId: 's-2', permissions: [] };

function aCase(fields: Partial<Case> = {}): Case {
  return {
    id: 'case-1',
    reference: 'AST-2031-0001',
    officeId: 'office-1',
    assigneeId: 'worker-1',
    status: 'in_progress',
    personId: 'person-1',
    ...fields,
  } as Case;
}

function anOrganisation(fields: Partial<Organisation> = {}): Organisation {
  return { id: 'org-1', name: 'Shelter Nadezhda', active: true, acceptsReferrals: true, serviceTypes: ['shelter'], ...fields } as Organisation;
}

function aReferral(fields: Partial<Referral> = {}): Referral {
  const c = aCase();
  return {
    id: 'ref-1',
    caseId: c.id,
    officeId: c.officeId,
    organisationId: 'org-1',
    serviceType: 'shelter',
    status: 'draft',
    createdById: 'worker-1',
    sharedSummary: 'needs a bed',
    shareContactDetails: false,
    responseHours: 48,
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
    version: 1,
    createdAt: NOW,
    case: c,
    organisation: anOrganisation(),
    ...fields,
  } as Referral;
}

function setup() {
  const referrals = strictFake<ReferralsRepository>('ReferralsRepository');
  const cases = strictFake<CasesService>('CasesService');
  const timeline = strictFake<CaseTimeline>('CaseTimeline');
  const alerts = strictFake<AlertsService>('AlertsService');
  const vault = strictFake<IdentifierVault>('IdentifierVault');
  const audit = strictFake<AuditService>('AuditService');
  const notifier = strictFake<Notifier>('Notifier');
  const clock = new SettableClock(NOW);
  referrals.transaction.mockImplementation((work) => work(tx));
  const service = new ReferralsService(referrals, cases, timeline, alerts, vault, audit, clock, notifier);
  return { service, referrals, cases, timeline, alerts, vault, audit, notifier, clock };
}

describe('ReferralsService', () => {
  describe('create', () => {
    const input = { targets: [{ organisationId: 'org-1', serviceType: 'shelter' }], sharedSummary: 'needs a bed' } as never;

    it('refuses without the client’s consent to referral, writing nothing', async () => {
      const { service, referrals, cases } = setup();
      cases.require.mockResolvedValue(aCase());
      cases.canManage.mockReturnValue(true);
      referrals.isCaseSharedWith.mockResolvedValue(false);
      referrals.hasReferralConsent.mockResolvedValue(false);
      await expect(service.create(worker, 'case-1', input)).rejects.toMatchObject({ code: 'consent_required' });
      expect(referrals.hasReferralConsent).toHaveBeenCalledWith('case-1', tx);
    });

    it('refuses someone who may not manage the case', async () => {
      const { service, referrals, cases } = setup();
      cases.require.mockResolvedValue(aCase({ assigneeId: 'someone-else' }));
      cases.canManage.mockReturnValue(false);
      referrals.isCaseSharedWith.mockResolvedValue(false);
      await expect(service.create(worker, 'case-1', input)).rejects.toMatchObject({ code: 'forbidden' });
      expect(cases.canManage).toHaveBeenCalledWith(worker, expect.objectContaining({ id: 'case-1' }), false);
    });

    it('refuses a closed case', async () => {
      const { service, referrals, cases } = setup();
      cases.require.mockResolvedValue(aCase({ status: 'closed' }));
      cases.canManage.mockReturnValue(true);
      referrals.isCaseSharedWith.mockResolvedValue(true);
      await expect(service.create(worker, 'case-1', input)).rejects.toMatchObject({ code: 'case_closed' });
    });

    it('refuses a service the organisation does not offer', async () => {
      const { service, referrals, cases } = setup();
      cases.require.mockResolvedValue(aCase());
      cases.canManage.mockReturnValue(true);
      referrals.isCaseSharedWith.mockResolvedValue(false);
      referrals.hasReferralConsent.mockResolvedValue(true);
      referrals.organisationsByIds.mockResolvedValue([anOrganisation({ serviceTypes: ['legal_aid'] })]);
      await expect(service.create(worker, 'case-1', input)).rejects.toMatchObject({
        code: 'validation_failed',
        extra: { errors: [expect.objectContaining({ field: 'targets.0.serviceType', code: 'service_not_offered' })] },
      });
    });

    it('writes a draft with the service’s response time, on the timeline and in the audit log', async () => {
      const { service, referrals, cases, timeline, audit } = setup();
      cases.require.mockResolvedValue(aCase());
      cases.canManage.mockReturnValue(true);
      referrals.isCaseSharedWith.mockResolvedValue(false);
      referrals.hasReferralConsent.mockResolvedValue(true);
      referrals.organisationsByIds.mockResolvedValue([anOrganisation()]);
      referrals.insert.mockImplementation(async (_m, fields) => aReferral({ ...fields, id: 'ref-9' }));
      timeline.record.mockResolvedValue();
      audit.record.mockResolvedValue();
      referrals.findByIds.mockResolvedValue([aReferral({ id: 'ref-9' })]);

      const [dto] = await service.create(worker, 'case-1', input);

      expect(dto).toMatchObject({ id: 'ref-9', status: 'draft', responseHours: 48, overdue: false });
      expect(referrals.insert).toHaveBeenCalledWith(
        tx,
        expect.objectContaining({ status: 'draft', responseHours: 48, officeId: 'office-1', createdById: 'worker-1', shareContactDetails: false }),
      );
      expect(timeline.record).toHaveBeenCalledWith(tx, expect.objectContaining({ kind: 'referral_created', caseId: 'case-1' }));
      expect(referrals.findByIds).toHaveBeenCalledWith(['ref-9']);
    });
  });

  describe('changeStatus', () => {
    it('refuses a stale version before any change', async () => {
      const { service, referrals, cases } = setup();
      referrals.findVisible.mockResolvedValue(aReferral({ version: 3 }));
      referrals.isCaseSharedWith.mockResolvedValue(false);
      cases.canManage.mockReturnValue(true);
      await expect(service.changeStatus(worker, 'ref-1', { version: 2, status: 'sent' } as never)).rejects.toMatchObject({ code: 'conflict' });
      expect(referrals.findVisible).toHaveBeenCalledWith(worker, 'ref-1', tx, true);
    });

    it('refuses a move the status machine does not allow, naming the allowed ones', async () => {
      const { service, referrals, cases } = setup();
      referrals.findVisible.mockResolvedValue(aReferral({ status: 'draft' }));
      referrals.isCaseSharedWith.mockResolvedValue(false);
      cases.canManage.mockReturnValue(true);
      await expect(service.changeStatus(worker, 'ref-1', { version: 1, status: 'completed', outcome: 'housed' } as never)).rejects.toMatchObject({
        code: 'illegal_transition',
      });
    });

    it('is a 404 for a referral the actor may not see', async () => {
      const { service, referrals } = setup();
      referrals.findVisible.mockResolvedValue(null);
      await expect(service.changeStatus(worker, 'ref-1', { version: 1, status: 'sent' } as never)).rejects.toMatchObject({ code: 'not_found' });
    });

    it('sending sets the deadline from the clock, tells the partner and moves a case in progress to referred', async () => {
      const { service, referrals, cases, timeline, audit, notifier } = setup();
      const referral = aReferral();
      referrals.findVisible.mockResolvedValue(referral);
      referrals.isCaseSharedWith.mockResolvedValue(false);
      cases.canManage.mockReturnValue(true);
      referrals.save.mockImplementation(async (_m, r) => r);
      referrals.markCaseReferred.mockResolvedValue();
      timeline.record.mockResolvedValue();
      audit.record.mockResolvedValue();
      notifier.notify.mockResolvedValue(undefined as never);

      const dto = await service.changeStatus(worker, 'ref-1', { version: 1, status: 'sent' } as never);

      expect(referral).toMatchObject({ status: 'sent', sentAt: NOW, dueAt: new Date(NOW.getTime() + 48 * 3600_000) });
      expect(notifier.notify).toHaveBeenCalledWith(tx, { kind: 'referral_received', referralId: 'ref-1' });
      expect(referrals.markCaseReferred).toHaveBeenCalledWith(tx, 'case-1');
      expect(timeline.record).toHaveBeenCalledWith(
        tx,
        expect.objectContaining({ kind: 'status_changed', data: { from: 'in_progress', to: 'referred', reason: 'referral_sent' } }),
      );
      expect(dto).toMatchObject({ status: 'sent', dueAt: '2031-05-08T07:00:00.000Z' });
    });
  });

  describe('partners', () => {
    it('refuses an account not linked to an organisation', async () => {
      const { service, referrals } = setup();
      referrals.partnerOrganisationOf.mockResolvedValue(null);
      await expect(service.partnerGet(partner, 'ref-1')).rejects.toMatchObject({ code: 'forbidden' });
    });

    it('an answer from the partner alerts the case worker, once per answer', async () => {
      const { service, referrals, timeline, audit, alerts } = setup();
      const referral = aReferral({ status: 'sent', sentAt: NOW, dueAt: new Date(NOW.getTime() + 3600_000) });
      referrals.partnerOrganisationOf.mockResolvedValue('org-1');
      referrals.findAddressed.mockResolvedValue(referral);
      referrals.save.mockImplementation(async (_m, r) => r);
      referrals.hasReferralConsent.mockResolvedValue(true);
      timeline.record.mockResolvedValue();
      audit.record.mockResolvedValue();
      alerts.raiseFor.mockResolvedValue(true);

      const dto = await service.partnerChangeStatus(partner, 'ref-1', { version: 1, status: 'accepted' } as never);

      expect(referral).toMatchObject({ status: 'accepted', answeredAt: NOW, answeredById: 'partner-1' });
      expect(alerts.raiseFor).toHaveBeenCalledWith(
        'worker-1',
        expect.objectContaining({ kind: 'referral_answered', dedupeKey: 'referral_answered:ref-1:accepted', entityId: 'case-1' }),
        tx,
      );
      expect(referrals.findAddressed).toHaveBeenCalledWith('org-1', 'ref-1', tx, true);
      // The client agreed to nothing being shared: no name, no number, nothing decrypted.
      expect(dto).toMatchObject({ clientName: null, clientPhone: null, status: 'accepted' });
    });

    it('shows the client’s name and number only while the consent to referral stands', async () => {
      const { service, referrals, audit, vault } = setup();
      referrals.partnerOrganisationOf.mockResolvedValue('org-1');
      referrals.findAddressed.mockResolvedValue(aReferral({ status: 'sent', shareContactDetails: true }));
      audit.record.mockResolvedValue();

      referrals.hasReferralConsent.mockResolvedValueOnce(false);
      await expect(service.partnerGet(partner, 'ref-1')).resolves.toMatchObject({ clientName: null, clientPhone: null });

      referrals.hasReferralConsent.mockResolvedValueOnce(true);
      referrals.personContact.mockResolvedValue({
        personId: 'person-1',
        nameEncrypted: 'enc-name',
        phone: { identifierId: 'ident-1', encrypted: 'enc-phone' },
      });
      vault.decrypt.mockImplementation((ciphertext: string) => (ciphertext === 'enc-name' ? 'Aigerim' : '+77010000000'));
      await expect(service.partnerGet(partner, 'ref-1')).resolves.toMatchObject({ clientName: 'Aigerim', clientPhone: '+77010000000' });
    });
  });
});
