import { ageGroupOf } from '@mayak/domain';
import type { EntityManager } from 'typeorm';
import { AuditAction } from '#api/core/audit/audit-actions';
import type { AuditService } from '#api/core/audit/audit.service';
import { SettableClock } from '#api/core/clock/clock';
import type { Actor } from '#api/core/context/request-context';
import { strictFake } from '#api/testing/strict-fake';
import type { IdentifierVault } from './identifier-vault';
import { PeopleRepository } from './people.repository';
import { PeopleService } from './people.service';
import type { PersonFlag } from './person-flag.entity';
import type { PersonIdentifier } from './person-identifier.entity';
import type { PersonMerge } from './person-merge.entity';
import type { Person } from './person.entity';

const NOW = new Date('2031-05-06T07:00:00.000Z');
const tx = { transaction: 'tx' } as unknown as EntityManager;
const caller = { caller: 'their transaction' } as unknown as EntityManager;

const operator: Actor = {
  userId: 'op-1',
  email: 'op@mayak.kz',
  roles: ['operator'],
  officeIds: ['office-1', 'office-2'],
  sessionId: 's-1',
  permissions: ['people.read', 'people.write'],
};
const reader: Actor = { ...operator, userId: 'reader-1', permissions: ['people.read'] };

function aPerson(fields: Partial<Person> = {}): Person {
  return {
    id: 'person-1',
    officeId: 'office-1',
    createdById: 'op-1',
    nameEncrypted: 'enc-name',
    nameIndex: ['t-aigerim'],
    anonymisedAt: null,
    gender: null,
    birthYear: null,
    ageGroup: null,
    citizenship: [],
    languages: [],
    migrationSituation: null,
    mergedIntoId: null,
    version: 3,
    createdAt: NOW,
    updatedAt: NOW,
    ...fields,
  } as Person;
}

function aFlag(fields: Partial<PersonFlag> = {}): PersonFlag {
  return {
    id: 'flag-1',
    personId: null,
    phoneHash: 'h-phone',
    phoneEncrypted: 'enc-phone',
    officeId: 'office-9',
    kind: 'prank',
    reason: 'laughs',
    expiresAt: null,
    createdById: 'someone-else',
    createdAt: NOW,
    removedAt: null,
    removedById: null,
    ...fields,
  } as PersonFlag;
}

function aMerge(fields: Partial<PersonMerge> = {}): PersonMerge {
  return {
    id: 'merge-1',
    survivorId: 'person-a',
    mergedId: 'person-b',
    officeId: 'office-1',
    moved: { contactIds: ['k-1'], caseIds: [], identifierIds: ['i-1', 'i-2'], flagIds: [] },
    reason: 'same client',
    mergedById: 'op-1',
    mergedAt: NOW,
    undoneAt: null,
    undoneById: null,
    ...fields,
  } as PersonMerge;
}

function setup() {
  const repository = strictFake<PeopleRepository>('PeopleRepository');
  const vault = strictFake<IdentifierVault>('IdentifierVault');
  const audit = strictFake<AuditService>('AuditService');
  const clock = new SettableClock(NOW);
  repository.transaction.mockImplementation((work) => work(tx));
  audit.record.mockResolvedValue();
  vault.encrypt.mockImplementation((value) => `enc(${value})`);
  const service = new PeopleService(vault, audit, clock, repository);
  return { service, repository, vault, audit, clock };
}

/** What answering with the person needs: no identifiers, no flags, a masking presenter. */
function answers(f: ReturnType<typeof setup>) {
  f.repository.identifiersOf.mockResolvedValue([]);
  f.repository.activeFlags.mockResolvedValue([]);
  f.vault.presenterFor.mockReturnValue({ revealed: false, name: () => 'A•••', phone: () => null, identifier: () => '•••', phoneText: (e164: string) => e164 });
}

describe('PeopleService', () => {
  it('answers 404 for a person the actor may not see', async () => {
    const f = setup();
    f.repository.findVisible.mockResolvedValue(null);
    await expect(f.service.require(operator, 'person-1')).rejects.toMatchObject({ code: 'not_found' });
  });

  describe('requireLinkable', () => {
    it('refuses a person merged into another record, on the given field', async () => {
      const f = setup();
      f.repository.findVisible.mockResolvedValue(aPerson({ mergedIntoId: 'person-2' }));
      await expect(f.service.requireLinkable(operator, 'person-1', tx, 'personId')).rejects.toMatchObject({
        code: 'validation_failed',
        extra: { errors: [expect.objectContaining({ field: 'personId', code: 'person_merged' })] },
      });
    });

    it('says an unseen person is unknown (400, not 404)', async () => {
      const f = setup();
      f.repository.findVisible.mockResolvedValue(null);
      await expect(f.service.requireLinkable(operator, 'person-1', tx)).rejects.toMatchObject({
        code: 'validation_failed',
        extra: { errors: [expect.objectContaining({ code: 'unknown_person' })] },
      });
    });
  });

  describe('create', () => {
    it('refuses a person with nothing in it', async () => {
      const f = setup();
      await expect(f.service.create(operator, {})).rejects.toMatchObject({
        extra: { errors: [expect.objectContaining({ field: 'name', code: 'person_empty' })] },
      });
    });

    it('refuses an office that is not the actor’s', async () => {
      const f = setup();
      await expect(f.service.create(operator, { name: 'Aigerim', officeId: 'office-9' })).rejects.toMatchObject({
        extra: { errors: [expect.objectContaining({ field: 'officeId', code: 'not_your_office' })] },
      });
    });

    it('writes the person in the actor’s first office with the name encrypted, the age group from the clock, the identifiers, and audits their kinds', async () => {
      const f = setup();
      f.vault.protectIdentifier.mockReturnValue({ value: '+77010000001', hash: 'h-1', hashes: ['h-1', 'h-1-old'] });
      f.vault.nameIndex.mockReturnValue(['t-aigerim']);
      f.repository.insertPerson.mockImplementation(async (_m, fields) => aPerson(fields));
      f.repository.insertIdentifiers.mockResolvedValue();

      const person = await f.service.create(operator, { name: 'Aigerim', birthYear: 2000, identifiers: [{ kind: 'phone', value: '8 701 000 00 01' }] });

      expect(f.repository.insertPerson).toHaveBeenCalledWith(
        tx,
        expect.objectContaining({
          id: person.id,
          officeId: 'office-1',
          createdById: 'op-1',
          nameEncrypted: 'enc(Aigerim)',
          nameIndex: ['t-aigerim'],
          ageGroup: ageGroupOf(31),
          mergedIntoId: null,
        }),
      );
      expect(f.repository.insertIdentifiers).toHaveBeenCalledWith(tx, [
        expect.objectContaining({ personId: person.id, kind: 'phone', valueEncrypted: 'enc(+77010000001)', valueHash: 'h-1', label: null }),
      ]);
      expect(f.audit.record).toHaveBeenCalledWith(
        expect.objectContaining({ action: AuditAction.PersonCreated, entityId: person.id, officeId: 'office-1', summary: { identifiers: ['phone'] } }),
        tx,
      );
    });

    it('works inside the caller’s transaction when given one', async () => {
      const f = setup();
      f.vault.nameIndex.mockReturnValue([]);
      f.repository.insertPerson.mockImplementation(async (_m, fields) => aPerson(fields));
      await f.service.create(operator, { gender: 'Feminine' }, caller);
      expect(f.repository.transaction).not.toHaveBeenCalled();
      expect(f.repository.insertPerson).toHaveBeenCalledWith(caller, expect.objectContaining({ gender: 'Feminine', nameEncrypted: null }));
    });
  });

  describe('update', () => {
    it('refuses someone without people.write, changing nothing', async () => {
      const f = setup();
      f.repository.findVisible.mockResolvedValue(aPerson());
      await expect(f.service.update(reader, 'person-1', { version: 3, gender: 'Feminine' })).rejects.toMatchObject({ code: 'forbidden' });
      expect(f.repository.findVisible).toHaveBeenCalledWith(reader, 'person-1', tx, true);
    });

    it('refuses a stale version', async () => {
      const f = setup();
      f.repository.findVisible.mockResolvedValue(aPerson({ version: 4 }));
      await expect(f.service.update(operator, 'person-1', { version: 3, gender: 'Feminine' })).rejects.toMatchObject({ code: 'conflict' });
    });

    it('refuses a record merged into another', async () => {
      const f = setup();
      f.repository.findVisible.mockResolvedValue(aPerson({ mergedIntoId: 'person-2' }));
      await expect(f.service.update(operator, 'person-1', { version: 3, gender: 'Feminine' })).rejects.toMatchObject({ code: 'already_merged' });
    });

    it('writes and audits nothing when nothing changes', async () => {
      const f = setup();
      answers(f);
      f.repository.findVisible.mockResolvedValue(aPerson({ gender: 'Feminine', languages: ['ru'] }));
      await f.service.update(operator, 'person-1', { version: 3, gender: 'Feminine', languages: ['ru'] });
      expect(f.audit.record).not.toHaveBeenCalled();
    });

    it('refuses a change that would leave the person with nothing in it', async () => {
      const f = setup();
      f.repository.findVisible.mockResolvedValue(aPerson({ nameEncrypted: null, nameIndex: [], gender: 'Feminine' }));
      f.repository.countIdentifiers.mockResolvedValue(0);
      await expect(f.service.update(operator, 'person-1', { version: 3, gender: null })).rejects.toMatchObject({
        extra: { errors: [expect.objectContaining({ code: 'person_empty' })] },
      });
      expect(f.audit.record).not.toHaveBeenCalled();
    });

    it('saves the change and audits which fields changed, not their values', async () => {
      const f = setup();
      answers(f);
      f.repository.findVisible.mockResolvedValue(aPerson());
      f.repository.countIdentifiers.mockResolvedValue(0);
      f.repository.savePerson.mockImplementation(async (_m, person) => person);
      await f.service.update(operator, 'person-1', { version: 3, birthYear: 2010, languages: ['kk'] });
      expect(f.repository.savePerson).toHaveBeenCalledWith(tx, expect.objectContaining({ birthYear: 2010, languages: ['kk'], ageGroup: ageGroupOf(21) }));
      expect(f.audit.record).toHaveBeenCalledWith(
        expect.objectContaining({ action: AuditAction.PersonUpdated, entityId: 'person-1', summary: { changed: ['birthYear', 'languages'] } }),
        tx,
      );
    });
  });

  describe('identifiers', () => {
    it('adding one the person already holds (under any hash key) writes and audits nothing', async () => {
      const f = setup();
      answers(f);
      f.repository.findVisible.mockResolvedValue(aPerson());
      f.vault.protectIdentifier.mockReturnValue({ value: 'AB123', hash: 'h-doc', hashes: ['h-doc', 'h-doc-old'] });
      f.repository.holdsIdentifierHash.mockResolvedValue(true);
      await f.service.addIdentifier(operator, 'person-1', { kind: 'document', value: 'ab 123' });
      expect(f.repository.holdsIdentifierHash).toHaveBeenCalledWith(tx, 'person-1', ['h-doc', 'h-doc-old']);
      expect(f.audit.record).not.toHaveBeenCalled();
    });

    it('removing an identifier the person does not hold is a 404', async () => {
      const f = setup();
      f.repository.findVisible.mockResolvedValue(aPerson());
      f.repository.findIdentifier.mockResolvedValue(null);
      await expect(f.service.removeIdentifier(operator, 'person-1', 'ident-9')).rejects.toMatchObject({ code: 'not_found' });
    });

    it('refuses removing the last thing that describes the person, unaudited', async () => {
      const f = setup();
      f.repository.findVisible.mockResolvedValue(aPerson({ nameEncrypted: null, nameIndex: [] }));
      f.repository.findIdentifier.mockResolvedValue({ id: 'ident-1', kind: 'phone' } as PersonIdentifier);
      f.repository.deleteIdentifier.mockResolvedValue();
      f.repository.countIdentifiers.mockResolvedValue(0);
      await expect(f.service.removeIdentifier(operator, 'person-1', 'ident-1')).rejects.toMatchObject({
        extra: { errors: [expect.objectContaining({ code: 'person_empty' })] },
      });
      expect(f.audit.record).not.toHaveBeenCalled();
    });
  });

  describe('flags', () => {
    it('refuses an expiry that is not in the future', async () => {
      const f = setup();
      f.vault.phone.mockReturnValue({ e164: '+77010000001', hash: 'h-1', hashes: ['h-1'] } as never);
      await expect(
        f.service.addFlag(operator, { phone: '+77010000001' }, { kind: 'prank', reason: 'laughs', expiresAt: NOW.toISOString() }),
      ).rejects.toMatchObject({ extra: { errors: [expect.objectContaining({ field: 'expiresAt', code: 'in_past' })] } });
    });

    it('flags a number in the actor’s first office with the number encrypted, audited as the caller', async () => {
      const f = setup();
      f.vault.phone.mockReturnValue({ e164: '+77010000001', hash: 'h-1', hashes: ['h-1'] } as never);
      f.repository.insertFlag.mockImplementation(async (_m, fields) => aFlag({ ...fields, createdAt: NOW }));
      const dto = await f.service.addFlag(operator, { phone: '8 701 000 00 01' }, { kind: 'do_not_call_back', reason: 'asked' });
      expect(f.repository.insertFlag).toHaveBeenCalledWith(
        tx,
        expect.objectContaining({
          personId: null,
          phoneHash: 'h-1',
          phoneEncrypted: 'enc(+77010000001)',
          officeId: 'office-1',
          createdById: 'op-1',
          expiresAt: null,
          removedAt: null,
        }),
      );
      expect(f.audit.record).toHaveBeenCalledWith(
        expect.objectContaining({
          action: AuditAction.FlagAdded,
          entityType: 'caller',
          entityId: undefined,
          officeId: 'office-1',
          summary: { flagId: dto.id, kind: 'do_not_call_back' },
        }),
        tx,
      );
      expect(dto).toMatchObject({ on: 'phone', kind: 'do_not_call_back' });
    });

    it('flags a person in the person’s office', async () => {
      const f = setup();
      f.repository.findVisible.mockResolvedValue(aPerson({ officeId: 'office-2' }));
      f.repository.insertFlag.mockImplementation(async (_m, fields) => aFlag({ ...fields, createdAt: NOW }));
      await f.service.addFlag(operator, { personId: 'person-1' }, { kind: 'at_risk', reason: 'threatened' });
      expect(f.repository.insertFlag).toHaveBeenCalledWith(tx, expect.objectContaining({ personId: 'person-1', phoneHash: null, officeId: 'office-2' }));
      expect(f.audit.record).toHaveBeenCalledWith(expect.objectContaining({ entityType: 'person', entityId: 'person-1', officeId: 'office-2' }), tx);
    });

    it('refuses flagging a number for someone in no office', async () => {
      const f = setup();
      f.vault.phone.mockReturnValue({ e164: '+77010000001', hash: 'h-1', hashes: ['h-1'] } as never);
      await expect(f.service.addFlag({ ...operator, officeIds: [] }, { phone: '+77010000001' }, { kind: 'prank', reason: 'x' })).rejects.toMatchObject({
        code: 'forbidden',
      });
    });

    it('hides a number’s flag of another office, set by someone else, as not found', async () => {
      const f = setup();
      f.repository.findUnremovedFlag.mockResolvedValue(aFlag({ officeId: 'office-9', createdById: 'someone-else' }));
      await expect(f.service.removeFlag(operator, 'flag-1')).rejects.toMatchObject({ code: 'not_found' });
    });

    it('lets whoever set a number’s flag remove it, stamped with the clock and audited', async () => {
      const f = setup();
      f.repository.findUnremovedFlag.mockResolvedValue(aFlag({ officeId: 'office-9', createdById: 'op-1' }));
      f.repository.markFlagRemoved.mockResolvedValue();
      await f.service.removeFlag(operator, 'flag-1');
      expect(f.repository.markFlagRemoved).toHaveBeenCalledWith(tx, 'flag-1', NOW, 'op-1');
      expect(f.audit.record).toHaveBeenCalledWith(
        expect.objectContaining({ action: AuditAction.FlagRemoved, entityType: 'caller', officeId: 'office-9', summary: { flagId: 'flag-1', kind: 'prank' } }),
        tx,
      );
    });
  });

  describe('merge', () => {
    it('refuses merging a person into itself', async () => {
      const f = setup();
      await expect(f.service.merge(operator, 'person-a', 'person-a', 'same')).rejects.toMatchObject({
        extra: { errors: [expect.objectContaining({ field: 'duplicateId', code: 'same_person' })] },
      });
    });

    it('refuses when either record was already merged', async () => {
      const f = setup();
      f.repository.findVisible.mockImplementation(async (_a, id) => aPerson({ id, mergedIntoId: id === 'person-b' ? 'person-c' : null }));
      await expect(f.service.merge(operator, 'person-a', 'person-b', 'same')).rejects.toMatchObject({ code: 'already_merged' });
    });

    it('locks both records in id order, moves the duplicate’s records to the survivor and audits what moved', async () => {
      const f = setup();
      answers(f);
      f.repository.findVisible.mockImplementation(async (_a, id) => aPerson({ id, officeId: id === 'person-b' ? 'office-2' : 'office-1' }));
      const moved = { contactIds: ['k-1', 'k-2'], caseIds: ['c-1'], identifierIds: [], flagIds: ['f-1'] };
      f.repository.recordsOf.mockResolvedValue(moved);
      f.repository.moveRecords.mockResolvedValue();
      f.repository.setMergedInto.mockResolvedValue();
      f.repository.insertMerge.mockImplementation(async (_m, fields) => aMerge({ ...fields, id: 'merge-7' }));

      await f.service.merge(operator, 'person-b', 'person-a', 'same client');

      expect(f.repository.findVisible.mock.calls.slice(0, 2)).toEqual([
        [operator, 'person-a', tx, true],
        [operator, 'person-b', tx, true],
      ]);
      expect(f.repository.recordsOf).toHaveBeenCalledWith(tx, 'person-a');
      expect(f.repository.moveRecords).toHaveBeenCalledWith(tx, moved, 'person-b');
      expect(f.repository.setMergedInto).toHaveBeenCalledWith(tx, 'person-a', 'person-b');
      expect(f.repository.insertMerge).toHaveBeenCalledWith(
        tx,
        expect.objectContaining({ survivorId: 'person-b', mergedId: 'person-a', officeId: 'office-2', moved, mergedById: 'op-1' }),
      );
      expect(f.audit.record).toHaveBeenCalledWith(
        expect.objectContaining({
          action: AuditAction.PersonMerged,
          entityId: 'person-b',
          officeId: 'office-2',
          summary: { mergeId: 'merge-7', mergedId: 'person-a', reason: 'same client', moved: { contacts: 2, cases: 1, identifiers: 0, flags: 1 } },
        }),
        tx,
      );
    });
  });

  describe('undoMerge', () => {
    it('refuses a merge already undone', async () => {
      const f = setup();
      f.repository.lockMerge.mockResolvedValue(aMerge({ undoneAt: NOW }));
      await expect(f.service.undoMerge(operator, 'merge-1')).rejects.toMatchObject({ code: 'merge_not_reversible' });
    });

    it('refuses when the merged record no longer points at the survivor, moving nothing', async () => {
      const f = setup();
      f.repository.lockMerge.mockResolvedValue(aMerge());
      f.repository.lockMergedIntoOf.mockResolvedValue(null);
      await expect(f.service.undoMerge(operator, 'merge-1')).rejects.toMatchObject({ code: 'merge_not_reversible' });
      expect(f.repository.moveRecordsBack).not.toHaveBeenCalled();
    });

    it('moves back what the merge moved, restores the record and stamps the undo with the clock', async () => {
      const f = setup();
      const merge = aMerge();
      f.repository.lockMerge.mockResolvedValue(merge);
      f.repository.lockMergedIntoOf.mockResolvedValue('person-a');
      f.repository.moveRecordsBack.mockResolvedValue();
      f.repository.setMergedInto.mockResolvedValue();
      f.repository.saveMerge.mockImplementation(async (_m, x) => x);
      const dto = await f.service.undoMerge(operator, 'merge-1');
      expect(f.repository.moveRecordsBack).toHaveBeenCalledWith(tx, merge.moved, 'person-a', 'person-b');
      expect(f.repository.setMergedInto).toHaveBeenCalledWith(tx, 'person-b', null);
      expect(f.repository.saveMerge).toHaveBeenCalledWith(tx, expect.objectContaining({ undoneAt: NOW, undoneById: 'op-1' }));
      expect(f.audit.record).toHaveBeenCalledWith(
        expect.objectContaining({ action: AuditAction.PersonMergeUndone, entityId: 'person-a', summary: { mergeId: 'merge-1', mergedId: 'person-b' } }),
        tx,
      );
      expect(dto).toMatchObject({ undoneAt: NOW.toISOString(), movedCount: 3 });
    });
  });

  describe('search', () => {
    it('asks for two letters when the words hash to nothing', async () => {
      const f = setup();
      f.vault.nameIndexes.mockReturnValue([[]]);
      await expect(f.service.search(operator, 'a', undefined, undefined)).rejects.toMatchObject({
        extra: { errors: [expect.objectContaining({ field: 'q', code: 'too_short' })] },
      });
    });

    it('searches a number by its keyed hashes and audits how many were returned', async () => {
      const f = setup();
      answers(f);
      f.vault.phoneHashes.mockReturnValue(['h-1', 'h-1-old']);
      f.repository.search.mockResolvedValue([aPerson()]);
      const page = await f.service.search(operator, '+7 701 000 00 01', 5, undefined);
      expect(f.repository.search).toHaveBeenCalledWith(operator, { phoneHashes: ['h-1', 'h-1-old'] }, null, 5);
      expect(page).toMatchObject({ items: [expect.objectContaining({ id: 'person-1' })], nextCursor: null, limit: 5 });
      expect(f.audit.record).toHaveBeenCalledWith(expect.objectContaining({ action: AuditAction.PeopleSearched, summary: { by: 'phone', returned: 1 } }));
    });
  });
});
