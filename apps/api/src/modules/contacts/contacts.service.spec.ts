import type { EntityManager } from 'typeorm';
import { AuditAction } from '#api/core/audit/audit-actions';
import type { AuditService } from '#api/core/audit/audit.service';
import { SettableClock } from '#api/core/clock/clock';
import type { Actor } from '#api/core/context/request-context';
import { strictFake } from '#api/testing/strict-fake';
import type { AlertsService } from '../alerts/alerts.service';
import type { CaseTimeline } from '../cases/case-timeline.service';
import type { Case } from '../cases/case.entity';
import type { CasesService } from '../cases/cases.service';
import type { IdentifierVault } from '../people/identifier-vault';
import type { PeopleService } from '../people/people.service';
import type { PersonFlag } from '../people/person-flag.entity';
import type { PresenceService } from '../telephony/presence.service';
import type { Contact } from './contact.entity';
import { ContactsRepository, type PlainIntake } from './contacts.repository';
import { ContactsService } from './contacts.service';

const NOW = new Date('2031-05-06T07:00:00.000Z');
const tx = { transaction: 'tx' } as unknown as EntityManager;
const pool = { pool: 'pool' } as unknown as EntityManager;

const operator: Actor = {
  userId: 'op-1',
  email: 'op@mayak.kz',
  roles: ['operator'],
  officeIds: ['office-1'],
  sessionId: 's-1',
  permissions: ['contacts.write', 'cases.contribute'],
};
const otherOperator: Actor = { ...operator, userId: 'op-2', email: 'op2@mayak.kz' };
const supervisor: Actor = { ...operator, userId: 'sup-1', email: 'sup@mayak.kz', roles: ['supervisor'] };

function aContact(fields: Partial<Contact> = {}): Contact {
  return {
    id: 'contact-1',
    officeId: 'office-1',
    operatorId: 'op-1',
    status: 'in_progress',
    channel: 'whatsapp',
    direction: 'inbound',
    language: 'ru',
    callerType: 'victim',
    category: 'labour_exploitation',
    riskLevel: 'low',
    critical: false,
    startedAt: new Date(NOW.getTime() - 10 * 60_000),
    endedAt: null,
    durationSeconds: null,
    phoneEncrypted: null,
    phoneHash: null,
    consentToRecord: null,
    consentToRefer: null,
    consentToContactBack: null,
    safeContactTimes: null,
    safeContactMethod: null,
    notes: '',
    notesTsv: null,
    callerKey: null,
    personId: null,
    caseId: null,
    completedAt: null,
    callerPseudonym: null,
    anonymisedAt: null,
    version: 2,
    createdAt: NOW,
    updatedAt: NOW,
    ...fields,
  } as Contact;
}

function aCase(fields: Partial<Case> = {}): Case {
  return {
    id: 'case-1',
    reference: 'ALA-2031-0001',
    officeId: 'office-1',
    personId: null,
    lastActivityAt: new Date(NOW.getTime() - 3_600_000),
    ...fields,
  } as Case;
}

function setup() {
  const repository = strictFake<ContactsRepository>('ContactsRepository');
  const vault = strictFake<IdentifierVault>('IdentifierVault');
  const people = strictFake<PeopleService>('PeopleService');
  const cases = strictFake<CasesService>('CasesService');
  const timeline = strictFake<CaseTimeline>('CaseTimeline');
  const alerts = strictFake<AlertsService>('AlertsService');
  const audit = strictFake<AuditService>('AuditService');
  const presence = strictFake<PresenceService>('PresenceService');
  const clock = new SettableClock(NOW);
  repository.transaction.mockImplementation((work) => work(tx));
  repository.outsideTransaction.mockImplementation((work) => work(pool));
  audit.record.mockResolvedValue();
  const service = new ContactsService(repository, vault, people, cases, timeline, alerts, audit, clock, presence);
  return { service, repository, vault, people, cases, timeline, alerts, audit, presence, clock };
}

/** What answering with a contact reads: the operator's name, no flags, no calls, a masking presenter. */
function answers(f: ReturnType<typeof setup>) {
  f.repository.userRefs.mockResolvedValue(new Map([['op-1', { id: 'op-1', displayName: 'Aliya' }]]));
  f.repository.caseReferences.mockResolvedValue(new Map([['case-1', 'ALA-2031-0001']]));
  f.repository.hotlineCalls.mockResolvedValue([]);
  f.people.activeFlags.mockResolvedValue([]);
  f.vault.presenterFor.mockReturnValue({ revealed: false, name: () => null, phone: () => null, identifier: () => '•••', phoneText: (e164: string) => e164 });
}

/** The plain-intake statement answers each item with a contact built from it. */
function writesIntakes(f: ReturnType<typeof setup>) {
  f.repository.insertPlainIntakes.mockImplementation(async (items: PlainIntake[]) =>
    items.map((item) => ({
      contact: aContact({
        id: item.id,
        officeId: item.officeId,
        operatorId: item.operatorId,
        channel: item.channel,
        riskLevel: item.riskLevel,
        startedAt: item.startedAt,
        phoneHash: item.phoneHash,
      }),
      operatorName: 'Aliya',
      phoneFlags: [],
    })),
  );
}

describe('ContactsService', () => {
  describe('intake', () => {
    it('refuses an office that is not the actor’s', async () => {
      const f = setup();
      await expect(f.service.create(operator, { channel: 'voice', officeId: 'office-9' })).rejects.toMatchObject({
        extra: { errors: [expect.objectContaining({ field: 'officeId', code: 'not_your_office' })] },
      });
    });

    it('refuses a start more than five minutes ahead of the clock', async () => {
      const f = setup();
      const startedAt = new Date(NOW.getTime() + 5 * 60_000 + 1000).toISOString();
      await expect(f.service.create(operator, { channel: 'voice', startedAt })).rejects.toMatchObject({
        extra: { errors: [expect.objectContaining({ field: 'startedAt', code: 'in_future' })] },
      });
    });

    it('writes a plain intake in one statement, outside a transaction, with its audit row’s summary, and answers from what it returned', async () => {
      const f = setup();
      f.vault.protectPhone.mockReturnValue({ e164: '+77010000001', hash: 'h-1', hashes: ['h-1', 'h-1-old'], encrypted: 'enc-phone' });
      f.vault.presenterFor.mockReturnValue({
        revealed: false,
        name: () => null,
        phone: () => '+7 *** *** 00 01',
        identifier: () => '•••',
        phoneText: (e164: string) => e164,
      });
      f.repository.insertPlainIntakes.mockImplementation(async (items: PlainIntake[]) => [
        {
          contact: aContact({ id: items[0].id, channel: 'voice', startedAt: NOW, phoneHash: 'h-1' }),
          operatorName: 'Aliya',
          phoneFlags: [{ id: 'flag-1', kind: 'prank', reason: 'laughs', on: 'phone', expiresAt: null, createdAt: '2031-05-01T10:00:00+00:00' }],
        },
      ]);

      const dto = await f.service.create(operator, { channel: 'voice', phone: '8 701 000 00 01', category: 'other' });

      expect(f.repository.transaction).not.toHaveBeenCalled();
      expect(f.repository.insertPlainIntakes).toHaveBeenCalledTimes(1);
      const [[item]] = f.repository.insertPlainIntakes.mock.calls[0];
      expect(item).toMatchObject({
        officeId: 'office-1',
        operatorId: 'op-1',
        channel: 'voice',
        direction: 'inbound',
        riskLevel: 'none',
        startedAt: NOW,
        phoneEncrypted: 'enc-phone',
        phoneHash: 'h-1',
        phoneHashes: 'h-1,h-1-old',
        actorEmail: 'op@mayak.kz',
        notes: '',
      });
      expect(JSON.parse(item.summary)).toEqual({ channel: 'voice', category: 'other', riskLevel: 'none', phone: true });
      expect(dto).toMatchObject({
        id: item.id,
        operator: { id: 'op-1', displayName: 'Aliya' },
        call: null,
        flags: [{ id: 'flag-1', on: 'phone', createdAt: '2031-05-01T10:00:00.000Z', expiresAt: null }],
      });
    });

    it('shares one statement between the intakes of one turn of the event loop', async () => {
      const f = setup();
      writesIntakes(f);
      f.vault.presenterFor.mockReturnValue({
        revealed: false,
        name: () => null,
        phone: () => null,
        identifier: () => '•••',
        phoneText: (e164: string) => e164,
      });
      const [a, b] = await Promise.all([f.service.create(operator, { channel: 'sms' }), f.service.create(operator, { channel: 'webchat' })]);
      expect(f.repository.insertPlainIntakes).toHaveBeenCalledTimes(1);
      expect(f.repository.insertPlainIntakes.mock.calls[0][0]).toHaveLength(2);
      expect([a.channel, b.channel]).toEqual(['sms', 'webchat']);
    });

    it('when a shared statement fails, retries each intake alone so one bad row fails only itself', async () => {
      const f = setup();
      f.vault.presenterFor.mockReturnValue({
        revealed: false,
        name: () => null,
        phone: () => null,
        identifier: () => '•••',
        phoneText: (e164: string) => e164,
      });
      f.repository.insertPlainIntakes.mockImplementation(async (items: PlainIntake[]) => {
        if (items.some((item) => item.channel === 'sms')) throw new Error('bad row');
        return items.map((item) => ({ contact: aContact({ id: item.id, channel: item.channel }), operatorName: null, phoneFlags: [] }));
      });
      const [bad, good] = await Promise.allSettled([f.service.create(operator, { channel: 'sms' }), f.service.create(operator, { channel: 'webchat' })]);
      expect(bad).toMatchObject({ status: 'rejected', reason: new Error('bad row') });
      expect(good).toMatchObject({ status: 'fulfilled', value: expect.objectContaining({ channel: 'webchat' }) });
      expect(f.repository.insertPlainIntakes.mock.calls.map(([items]) => items.length)).toEqual([2, 1, 1]);
    });

    it('writes a critical intake in a transaction and alerts the office’s supervisors once for it', async () => {
      const f = setup();
      answers(f);
      f.repository.insert.mockImplementation(async (_m, fields) => aContact(fields));
      f.alerts.raiseForOfficeSupervisors.mockResolvedValue(2);
      const dto = await f.service.create(operator, { channel: 'whatsapp', riskLevel: 'immediate_danger', category: 'labour_exploitation' });
      expect(f.repository.insert).toHaveBeenCalledWith(
        tx,
        expect.objectContaining({
          officeId: 'office-1',
          operatorId: 'op-1',
          status: 'in_progress',
          riskLevel: 'immediate_danger',
          critical: true,
          startedAt: NOW,
          caseId: null,
        }),
      );
      expect(f.audit.record).toHaveBeenCalledWith(
        expect.objectContaining({
          action: AuditAction.ContactCreated,
          entityId: dto.id,
          summary: { channel: 'whatsapp', category: 'labour_exploitation', riskLevel: 'immediate_danger', phone: false },
        }),
        tx,
      );
      expect(f.alerts.raiseForOfficeSupervisors).toHaveBeenCalledWith(
        expect.objectContaining({ kind: 'critical_contact', dedupeKey: `critical_contact:${dto.id}`, officeId: 'office-1', entityId: dto.id }),
        tx,
      );
    });

    it('checks that the person may be linked before writing a contact on them', async () => {
      const f = setup();
      f.people.requireLinkable.mockRejectedValue(new Error('person merged'));
      await expect(f.service.create(operator, { channel: 'voice', personId: 'person-1' })).rejects.toThrow('person merged');
      expect(f.people.requireLinkable).toHaveBeenCalledWith(operator, 'person-1', tx);
    });

    it('refuses putting a new contact in a case for someone who does not work cases', async () => {
      const f = setup();
      f.repository.insert.mockImplementation(async (_m, fields) => aContact(fields));
      await expect(f.service.create({ ...operator, permissions: ['contacts.write'] }, { channel: 'voice', caseId: 'case-1' })).rejects.toMatchObject({
        code: 'forbidden',
      });
    });
  });

  describe('who may read and change a contact', () => {
    it('answers 404 for a contact the actor may not see', async () => {
      const f = setup();
      f.repository.findVisible.mockResolvedValue(null);
      await expect(f.service.get(operator, 'contact-1')).rejects.toMatchObject({ code: 'not_found' });
    });

    it('refuses a change by another operator of the office', async () => {
      const f = setup();
      f.repository.findVisible.mockResolvedValue(aContact());
      await expect(f.service.update(otherOperator, 'contact-1', { version: 2, notes: 'mine now' })).rejects.toMatchObject({ code: 'forbidden' });
      expect(f.repository.findVisible).toHaveBeenCalledWith(otherOperator, 'contact-1', tx, true);
    });

    it('lets a supervisor of the office change it, audited with what changed', async () => {
      const f = setup();
      answers(f);
      f.repository.findVisible.mockResolvedValue(aContact());
      f.repository.save.mockImplementation(async (_m, contact) => contact);
      await f.service.update(supervisor, 'contact-1', { version: 2, notes: 'reviewed', language: 'kk' });
      expect(f.repository.save).toHaveBeenCalledWith(tx, expect.objectContaining({ notes: 'reviewed', language: 'kk' }));
      expect(f.audit.record).toHaveBeenCalledWith(
        expect.objectContaining({ action: AuditAction.ContactUpdated, summary: { changed: ['language', 'notes'], riskLevel: 'low' } }),
        tx,
      );
    });

    it('refuses changing a completed contact', async () => {
      const f = setup();
      f.repository.findVisible.mockResolvedValue(aContact({ status: 'completed' }));
      await expect(f.service.update(operator, 'contact-1', { version: 2, notes: 'late' })).rejects.toMatchObject({ code: 'contact_completed' });
    });

    it('does not count the same number under an older hash key as a change', async () => {
      const f = setup();
      answers(f);
      f.repository.findVisible.mockResolvedValue(aContact({ phoneHash: 'h-1-old', phoneEncrypted: 'enc-old' }));
      f.vault.protectPhone.mockReturnValue({ e164: '+77010000001', hash: 'h-1', hashes: ['h-1', 'h-1-old'], encrypted: 'enc-new' });
      await f.service.update(operator, 'contact-1', { version: 2, phone: '+77010000001' });
      expect(f.audit.record).not.toHaveBeenCalled();
    });

    it('escalates the case when a contact in a case becomes critical', async () => {
      const f = setup();
      answers(f);
      const c = aCase();
      f.repository.findVisible.mockResolvedValue(aContact({ caseId: 'case-1' }));
      f.repository.save.mockImplementation(async (_m, contact) => contact);
      f.repository.caseById.mockResolvedValue(c);
      f.cases.escalateToCritical.mockResolvedValue();
      await f.service.update(operator, 'contact-1', { version: 2, riskLevel: 'high' });
      expect(f.repository.save).toHaveBeenCalledWith(tx, expect.objectContaining({ critical: true, riskLevel: 'high' }));
      expect(f.cases.escalateToCritical).toHaveBeenCalledWith(tx, c, 'op-1', 'contact-1');
    });

    it('audits revealing the number with the reason given', async () => {
      const f = setup();
      f.repository.findVisible.mockResolvedValue(aContact({ phoneEncrypted: 'enc-phone' }));
      f.vault.decrypt.mockReturnValue('+77010000001');
      await expect(f.service.revealPhone(operator, 'contact-1', 'calling back')).resolves.toEqual({ phone: '+77010000001' });
      expect(f.audit.record).toHaveBeenCalledWith(
        expect.objectContaining({
          action: AuditAction.IdentifierRevealed,
          entityType: 'contact',
          entityId: 'contact-1',
          summary: { reason: 'calling back', field: 'phone' },
        }),
      );
    });
  });

  describe('complete', () => {
    it('asks for a category first', async () => {
      const f = setup();
      f.repository.findVisible.mockResolvedValue(aContact({ category: null }));
      await expect(f.service.complete(operator, 'contact-1', { version: 2 })).rejects.toMatchObject({
        extra: { errors: [expect.objectContaining({ field: 'category', code: 'required' })] },
      });
    });

    it('refuses an end before the start', async () => {
      const f = setup();
      const contact = aContact();
      f.repository.findVisible.mockResolvedValue(contact);
      const endedAt = new Date(contact.startedAt.getTime() - 1000).toISOString();
      await expect(f.service.complete(operator, 'contact-1', { version: 2, endedAt })).rejects.toMatchObject({
        extra: { errors: [expect.objectContaining({ field: 'endedAt', code: 'before_start' })] },
      });
    });

    it('keeps the end the network reported for a call, stamps completion with the clock and ends the operator’s wrap-up', async () => {
      const f = setup();
      answers(f);
      const startedAt = new Date(NOW.getTime() - 600_000);
      const endedAt = new Date(NOW.getTime() - 300_000);
      f.repository.findVisible.mockResolvedValue(aContact({ channel: 'voice', startedAt, endedAt }));
      f.repository.save.mockImplementation(async (_m, contact) => contact);
      f.presence.endWrapUp.mockResolvedValue(true);
      await f.service.complete(operator, 'contact-1', { version: 2 });
      expect(f.repository.save).toHaveBeenCalledWith(tx, expect.objectContaining({ status: 'completed', endedAt, completedAt: NOW, durationSeconds: 300 }));
      expect(f.audit.record).toHaveBeenCalledWith(
        expect.objectContaining({ action: AuditAction.ContactCompleted, summary: { durationSeconds: 300, category: 'labour_exploitation' } }),
        tx,
      );
      expect(f.presence.endWrapUp).toHaveBeenCalledWith('op-1', tx);
    });
  });

  describe('cases', () => {
    it('refuses opening a case from a contact that already belongs to one', async () => {
      const f = setup();
      f.repository.findVisible.mockResolvedValue(aContact({ caseId: 'case-1' }));
      await expect(f.service.openCase(operator, 'contact-1', { version: 2 } as never)).rejects.toMatchObject({ code: 'conflict' });
    });

    it('reports a case the actor may not see as an unknown case on caseId', async () => {
      const f = setup();
      f.repository.findVisible.mockResolvedValue(aContact());
      f.cases.require.mockRejectedValue(new Error('not found'));
      await expect(f.service.linkToCase(operator, 'contact-1', 2, 'case-9')).rejects.toMatchObject({
        extra: { errors: [expect.objectContaining({ field: 'caseId', code: 'unknown_case' })] },
      });
    });

    it('links the contact, gives the case the contact’s person when it has none, and records it on the timeline and in the audit log', async () => {
      const f = setup();
      answers(f);
      const contact = aContact({ personId: 'person-1' });
      f.repository.findVisible.mockResolvedValue(contact);
      f.cases.require.mockResolvedValue(aCase());
      f.repository.setCase.mockResolvedValue();
      f.repository.givePersonToCase.mockResolvedValue();
      f.timeline.record.mockResolvedValue();
      await f.service.linkToCase(operator, 'contact-1', 2, 'case-1');
      expect(f.cases.require).toHaveBeenCalledWith(operator, 'case-1', tx, true);
      expect(f.repository.setCase).toHaveBeenCalledWith(tx, 'contact-1', 'case-1');
      expect(f.repository.givePersonToCase).toHaveBeenCalledWith(tx, 'case-1', 'person-1');
      expect(f.timeline.record).toHaveBeenCalledWith(
        tx,
        expect.objectContaining({ caseId: 'case-1', kind: 'contact_linked', contactId: 'contact-1', at: contact.startedAt }),
      );
      expect(f.audit.record).toHaveBeenCalledWith(expect.objectContaining({ action: AuditAction.ContactLinkedToCase, summary: { caseId: 'case-1' } }), tx);
    });
  });

  describe('lists and lookups', () => {
    it('refuses a period whose end is not after its start', async () => {
      const f = setup();
      await expect(f.service.list(operator, { from: '2031-05-02T00:00:00Z', to: '2031-05-01T00:00:00Z' })).rejects.toMatchObject({
        extra: { errors: [expect.objectContaining({ field: 'to', code: 'before_from' })] },
      });
    });

    it('searches a typed number by its keyed hashes and words by the notes', async () => {
      const f = setup();
      answers(f);
      f.repository.list.mockResolvedValue([]);
      f.vault.phoneHashes.mockReturnValue(['h-1']);
      await f.service.list(operator, { q: '+7 701 000 00 01', mine: true, limit: 10 });
      await f.service.list(operator, { q: 'passport taken' });
      expect(f.repository.list).toHaveBeenNthCalledWith(1, operator, { mine: true }, { phoneHashes: ['h-1'] }, null, 10);
      expect(f.repository.list).toHaveBeenNthCalledWith(2, operator, {}, { words: 'passport taken' }, null, expect.any(Number));
      expect(f.audit.record).toHaveBeenCalledWith(expect.objectContaining({ action: AuditAction.ContactsListed, summary: { search: true, returned: 0 } }));
    });

    it('shows a caller’s history with the flags on the number and on the people found, outside any transaction', async () => {
      const f = setup();
      answers(f);
      f.vault.phone.mockReturnValue({ e164: '+77010000001', hash: 'h-1', hashes: ['h-1', 'h-1-old'] });
      f.repository.recentFromPhone.mockResolvedValue([]);
      f.people.search.mockResolvedValue({ items: [{ id: 'person-1' } as never], nextCursor: null, limit: 10 });
      f.cases.byPhoneHash.mockResolvedValue([]);
      f.people.activeFlags.mockResolvedValue([{ id: 'flag-1' } as PersonFlag]);
      f.people.flagDto.mockReturnValue({ id: 'flag-1', kind: 'prank', reason: 'laughs', expiresAt: null, createdAt: NOW.toISOString(), on: 'phone' });
      const history = await f.service.callerHistory(operator, '8 701 000 00 01');
      expect(f.repository.recentFromPhone).toHaveBeenCalledWith(operator, ['h-1', 'h-1-old']);
      expect(f.people.activeFlags).toHaveBeenCalledWith(pool, ['person-1'], ['h-1', 'h-1-old']);
      expect(history.flags).toEqual([expect.objectContaining({ id: 'flag-1' })]);
      expect(f.audit.record).toHaveBeenCalledWith(
        expect.objectContaining({ action: AuditAction.CallerLookedUp, summary: { contacts: 0, people: 1, cases: 0 } }),
      );
    });
  });
});
