import { Injectable } from '@nestjs/common';
import { ageGroupOf, clampPageSize, describesSomeone, IDENTIFIER_KINDS, normalisePhone, PERSON_LIMITS, type AgeGroup } from '@mayak/domain';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AuditAction } from '#api/core/audit/audit-actions';
import { AuditService } from '#api/core/audit/audit.service';
import { Clock } from '#api/core/clock/clock';
import type { Actor } from '#api/core/context/request-context';
import { Encrypted } from '#api/core/crypto/encrypted-columns';
import { decodeCursor, pageOf } from '#api/core/database/keyset';
import { DomainError, fieldInvalid, forbidden, notFound, staleVersion } from '#api/core/errors/domain-error';
import type {
  CreatePersonDto,
  DuplicateMatch,
  FlagDto,
  NewFlagDto,
  NewIdentifierDto,
  PersonDto,
  PersonDuplicatesDto,
  PersonMergePageDto,
  PersonPageDto,
  UpdatePersonDto,
} from './dto/person.dto';
import { IdentifierVault } from './identifier-vault';
import { PeopleRepository, type PersonSearch } from './people.repository';
import type { PersonFlag } from './person-flag.entity';
import type { PersonMerge } from './person-merge.entity';
import type { Person } from './person.entity';

/** Identifiers other than phone numbers: found by search as typed, whole. */
const OTHER_IDENTIFIER_KINDS = IDENTIFIER_KINDS.filter((kind) => kind !== 'phone');

@Injectable()
export class PeopleService {
  constructor(
    private readonly vault: IdentifierVault,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly repository: PeopleRepository,
  ) {}

  /** A person the actor may see, or 404. */
  async require(actor: Actor, id: string, m?: EntityManager, lock = false): Promise<Person> {
    const person = await this.repository.findVisible(actor, id, m, lock);
    if (!person) throw notFound('Person');
    return person;
  }

  /** For linking a contact or case to a person: visible and not merged away (400 on `field` otherwise). */
  async requireLinkable(actor: Actor, id: string, m: EntityManager, field = 'personId'): Promise<Person> {
    const person = await this.repository.findVisible(actor, id, m);
    if (!person) throw fieldInvalid(field, 'unknown_person', 'No such person, or not one you may see');
    if (person.mergedIntoId) throw fieldInvalid(field, 'person_merged', 'This person was merged into another record; use that one');
    return person;
  }

  async create(actor: Actor, input: CreatePersonDto, m?: EntityManager): Promise<Person> {
    const run = async (tx: EntityManager) => {
      if (!describesSomeone({ ...input, identifierCount: input.identifiers?.length ?? 0 })) {
        throw fieldInvalid(
          'name',
          'person_empty',
          'Give at least a name or pseudonym, a phone number or another identifier, or something that describes the person',
        );
      }
      const officeId = input.officeId ?? actor.officeIds[0];
      if (!officeId || !actor.officeIds.includes(officeId)) throw fieldInvalid('officeId', 'not_your_office', 'You can record people only in your own offices');
      const identifiers = (input.identifiers ?? []).map((i, n) => ({
        ...this.vault.protectIdentifier(i.kind, i.value, `identifiers.${n}.value`),
        id: randomUUID(),
        kind: i.kind,
        label: i.label ?? null,
      }));
      // The id is made here so the name can be encrypted for this row.
      const id = randomUUID();
      const person = await this.repository.insertPerson(tx, {
        id,
        officeId,
        createdById: actor.userId,
        nameEncrypted: input.name ? this.vault.encrypt(input.name, Encrypted.personName.at(id)) : null,
        nameIndex: this.vault.nameIndex(input.name),
        gender: input.gender ?? null,
        birthYear: input.birthYear ?? null,
        ageGroup: this.ageGroup(input.ageGroup, input.birthYear),
        citizenship: input.citizenship ?? [],
        languages: input.languages ?? [],
        migrationSituation: input.migrationSituation ?? null,
        mergedIntoId: null,
      });
      if (identifiers.length) {
        await this.repository.insertIdentifiers(
          tx,
          identifiers.map((i) => ({
            id: i.id,
            personId: person.id,
            kind: i.kind,
            valueEncrypted: this.vault.encrypt(i.value, Encrypted.personIdentifier.at(i.id)),
            valueHash: i.hash,
            label: i.label,
          })),
        );
      }
      await this.audit.record(
        { action: AuditAction.PersonCreated, entityType: 'person', entityId: person.id, officeId, summary: { identifiers: identifiers.map((i) => i.kind) } },
        tx,
      );
      return person;
    };
    return m ? run(m) : this.repository.transaction(run);
  }

  private ageGroup(given: string | null | undefined, birthYear: number | null | undefined): string | null {
    if (given) return given;
    if (birthYear) return ageGroupOf(this.clock.now().getFullYear() - birthYear) as AgeGroup;
    return null;
  }

  async get(actor: Actor, id: string): Promise<PersonDto> {
    const person = await this.require(actor, id);
    await this.audit.record({ action: AuditAction.PersonRead, entityType: 'person', entityId: id, officeId: person.officeId });
    return (await this.toDtos(actor, [person]))[0];
  }

  async reveal(actor: Actor, id: string, reason: string): Promise<PersonDto> {
    const person = await this.require(actor, id);
    await this.audit.record({ action: AuditAction.IdentifierRevealed, entityType: 'person', entityId: id, officeId: person.officeId, summary: { reason } });
    return (await this.toDtos(actor, [person], true))[0];
  }

  async update(actor: Actor, id: string, input: UpdatePersonDto): Promise<PersonDto> {
    const person = await this.repository.transaction(async (m) => {
      const person = await this.require(actor, id, m, true);
      if (!actor.permissions.includes('people.write')) throw forbidden();
      if (person.version !== input.version) throw staleVersion('This person');
      if (person.mergedIntoId) throw new DomainError('already_merged', 'This record was merged into another; change that one');
      const changed: string[] = [];
      if (input.name !== undefined) {
        person.nameEncrypted = input.name ? this.vault.encrypt(input.name, Encrypted.personName.at(person.id)) : null;
        person.nameIndex = this.vault.nameIndex(input.name);
        changed.push('name');
      }
      for (const key of ['gender', 'birthYear', 'ageGroup', 'citizenship', 'languages', 'migrationSituation'] as const) {
        const value = input[key];
        if (value !== undefined && JSON.stringify(value) !== JSON.stringify(person[key])) {
          (person as unknown as Record<string, unknown>)[key] = value;
          changed.push(key);
        }
      }
      if (input.birthYear && input.ageGroup === undefined) person.ageGroup = this.ageGroup(null, input.birthYear);
      if (!changed.length) return person;
      await this.assertStillDescribes(person, m);
      const saved = await this.repository.savePerson(m, person);
      await this.audit.record({ action: AuditAction.PersonUpdated, entityType: 'person', entityId: id, officeId: person.officeId, summary: { changed } }, m);
      return saved;
    });
    return (await this.toDtos(actor, [person]))[0];
  }

  async addIdentifier(actor: Actor, id: string, input: NewIdentifierDto): Promise<PersonDto> {
    const person = await this.repository.transaction(async (m) => {
      const person = await this.require(actor, id, m, true);
      if (!actor.permissions.includes('people.write')) throw forbidden();
      if (person.mergedIntoId) throw new DomainError('already_merged', 'This record was merged into another; change that one');
      const protectedValue = this.vault.protectIdentifier(input.kind, input.value);
      const exists = await this.repository.holdsIdentifierHash(m, id, protectedValue.hashes);
      if (!exists) {
        const identifierId = randomUUID();
        await this.repository.insertIdentifiers(m, [
          {
            id: identifierId,
            personId: id,
            kind: input.kind,
            valueEncrypted: this.vault.encrypt(protectedValue.value, Encrypted.personIdentifier.at(identifierId)),
            valueHash: protectedValue.hash,
            label: input.label ?? null,
          },
        ]);
        await this.audit.record(
          { action: AuditAction.IdentifierAdded, entityType: 'person', entityId: id, officeId: person.officeId, summary: { kind: input.kind } },
          m,
        );
      }
      return person;
    });
    return (await this.toDtos(actor, [person]))[0];
  }

  async removeIdentifier(actor: Actor, id: string, identifierId: string): Promise<PersonDto> {
    const person = await this.repository.transaction(async (m) => {
      const person = await this.require(actor, id, m, true);
      if (!actor.permissions.includes('people.write')) throw forbidden();
      const identifier = await this.repository.findIdentifier(m, id, identifierId);
      if (!identifier) throw notFound('Identifier');
      await this.repository.deleteIdentifier(m, identifierId);
      await this.assertStillDescribes(person, m);
      await this.audit.record(
        { action: AuditAction.IdentifierRemoved, entityType: 'person', entityId: id, officeId: person.officeId, summary: { kind: identifier.kind } },
        m,
      );
      return person;
    });
    return (await this.toDtos(actor, [person]))[0];
  }

  /** A change may not leave a person with nothing in it (the same rule as creating one); the transaction rolls back. */
  private async assertStillDescribes(person: Person, m: EntityManager): Promise<void> {
    const identifierCount = await this.repository.countIdentifiers(m, person.id);
    const content = {
      name: person.nameEncrypted ? 'kept' : null,
      gender: person.gender,
      birthYear: person.birthYear,
      ageGroup: person.ageGroup,
      citizenship: person.citizenship,
      languages: person.languages,
      migrationSituation: person.migrationSituation,
      identifierCount,
    };
    if (!describesSomeone(content))
      throw fieldInvalid(
        'name',
        'person_empty',
        'This change would leave the person with nothing in it: keep a name, an identifier or something that describes them',
      );
  }

  /** People by phone number (keyed hash), by name words (keyed hashes of name tokens) or by another identifier typed whole (keyed hash). */
  async search(actor: Actor, q: string, limitInput: number | undefined, cursor: string | undefined): Promise<PersonPageDto> {
    const limit = clampPageSize(limitInput);
    const position = decodeCursor(cursor);
    const phone = /^[+()\d\s.\-/]{5,}$/.test(q) ? normalisePhone(q) : null;
    let kind: 'phone' | 'name';
    let search: PersonSearch;
    if (phone?.ok) {
      kind = 'phone';
      search = { phoneHashes: this.vault.phoneHashes(q, 'q') };
    } else {
      kind = 'name';
      const indexes = this.vault.nameIndexes(q);
      if (!indexes[0].length) throw fieldInvalid('q', 'too_short', 'Type at least two letters of a name, or a phone number');
      // The words may also be one of the person's other identifiers as a whole (a document number, an e-mail
      // address, a messenger id, an address), matched by its keyed hash like a number.
      search = { nameTokenSets: indexes, identifierHashes: OTHER_IDENTIFIER_KINDS.flatMap((k) => this.vault.identifierHashesOf(k, q)) };
    }
    const rows = await this.repository.search(actor, search, position, limit);
    const page = pageOf(rows, limit, (p) => ({ at: p.createdAt, id: p.id }));
    await this.audit.record({ action: AuditAction.PeopleSearched, entityType: 'person', summary: { by: kind, returned: page.items.length } });
    return { items: await this.toDtos(actor, page.items), nextCursor: page.nextCursor, limit };
  }

  /**
   * Records that may be the same person, for a merge: another record holding one of this
   * person's identifiers (the keyed hashes match), or every name word of the shorter of the two
   * names (the keyed token hashes; Cyrillic and Latin spellings fold alike). Only people the
   * actor may see and not merged away; identifier matches first, then the newest; at most `limit`.
   */
  async duplicates(actor: Actor, id: string, limitInput: number | undefined): Promise<PersonDuplicatesDto> {
    const limit = Math.min(Math.max(limitInput ?? 10, 1), PERSON_LIMITS.duplicatesMax);
    const person = await this.require(actor, id);
    const rotating = this.vault.hashKeyRotating;
    // While the hash key rotates, other rows may still hold hashes under an older key: match each under every key.
    const own = await this.repository.identifiersOf([id]);
    const matchOf = new Map<string, DuplicateMatch>();
    for (const i of own) {
      const hashes = rotating
        ? this.vault.identifierHashesOf(i.kind, this.vault.decrypt(i.valueEncrypted, Encrypted.personIdentifier.at(i.id)))
        : [i.valueHash];
      for (const hash of hashes) if (matchOf.get(hash) !== 'phone') matchOf.set(hash, i.kind === 'phone' ? 'phone' : 'identifier');
    }
    const tokenSets = (
      rotating && person.nameEncrypted ? this.vault.nameIndexes(this.vault.decrypt(person.nameEncrypted, Encrypted.personName.at(id))) : [person.nameIndex]
    ).filter((tokens) => tokens.length > 0);
    const hashes = [...matchOf.keys()];
    const byIdentifier = await this.repository.holdingIdentifier(actor, id, hashes, limit);
    const byName = await this.repository.sharingName(
      actor,
      id,
      tokenSets,
      byIdentifier.map((p) => p.id),
      limit - byIdentifier.length,
    );
    const found = [...byIdentifier, ...byName];
    const shared = await this.repository.identifierHashesOf(
      found.map((p) => p.id),
      hashes,
    );
    // The same rule as the query, to say why each one was suggested.
    const sameName = (other: Person) =>
      tokenSets.some((tokens) => {
        const mine = new Set(tokens);
        const theirs = new Set(other.nameIndex);
        if (!theirs.size) return false;
        const theyHoldMine = tokens.every((t) => theirs.has(t));
        const iHoldTheirs = other.nameIndex.every((t) => mine.has(t));
        return tokens.length >= 2 ? theyHoldMine || (iHoldTheirs && theirs.size >= 2) : theyHoldMine && iHoldTheirs;
      });
    const dtos = await this.toDtos(actor, found);
    const items = found.map((other, n) => {
      const matchedBy = new Set<DuplicateMatch>(shared.flatMap((r) => (r.personId === other.id ? [matchOf.get(r.hash) ?? 'identifier'] : [])));
      if (sameName(other)) matchedBy.add('name');
      return { person: dtos[n], matchedBy: (['phone', 'identifier', 'name'] as const).filter((k) => matchedBy.has(k)) };
    });
    await this.audit.record({
      action: AuditAction.PeopleSearched,
      entityType: 'person',
      entityId: id,
      officeId: person.officeId,
      summary: { by: 'duplicates', returned: items.length },
    });
    return { items, limit };
  }

  async addFlag(actor: Actor, target: { personId: string } | { phone: string }, input: NewFlagDto): Promise<FlagDto> {
    return this.repository.transaction(async (m) => {
      let personId: string | null = null;
      let phone: { e164: string; hash: string } | null = null;
      let officeId = actor.officeIds[0];
      if ('personId' in target) {
        const person = await this.require(actor, target.personId, m);
        personId = person.id;
        officeId = person.officeId;
      } else {
        phone = this.vault.phone(target.phone);
      }
      if (!officeId) throw forbidden('You belong to no office');
      const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
      if (expiresAt && expiresAt.getTime() <= this.clock.nowMs()) throw fieldInvalid('expiresAt', 'in_past', 'expiresAt must be in the future');
      const id = randomUUID();
      const phoneEncrypted = phone ? this.vault.encrypt(phone.e164, Encrypted.flagPhone.at(id)) : null;
      const flag = await this.repository.insertFlag(m, {
        id,
        personId,
        phoneHash: phone?.hash ?? null,
        phoneEncrypted,
        officeId,
        kind: input.kind,
        reason: input.reason,
        expiresAt,
        createdById: actor.userId,
        removedAt: null,
        removedById: null,
      });
      await this.audit.record(
        {
          action: AuditAction.FlagAdded,
          entityType: personId ? 'person' : 'caller',
          entityId: personId ?? undefined,
          officeId,
          summary: { flagId: flag.id, kind: input.kind },
        },
        m,
      );
      return this.flagDto(flag);
    });
  }

  async removeFlag(actor: Actor, flagId: string): Promise<void> {
    await this.repository.transaction(async (m) => {
      const flag = await this.repository.findUnremovedFlag(m, flagId);
      if (!flag) throw notFound('Flag');
      if (flag.personId) await this.require(actor, flag.personId, m);
      else if (!actor.officeIds.includes(flag.officeId) && flag.createdById !== actor.userId) throw notFound('Flag');
      await this.repository.markFlagRemoved(m, flagId, this.clock.now(), actor.userId);
      await this.audit.record(
        {
          action: AuditAction.FlagRemoved,
          entityType: flag.personId ? 'person' : 'caller',
          entityId: flag.personId ?? undefined,
          officeId: flag.officeId,
          summary: { flagId, kind: flag.kind },
        },
        m,
      );
    });
  }

  /** Active flags (the newest 50) on these people, on these numbers (keyed hashes) or on these people's numbers. */
  async activeFlags(m: EntityManager, personIds: string[], phoneHashes: string[]): Promise<PersonFlag[]> {
    return this.repository.activeFlags(personIds, phoneHashes, m);
  }

  flagDto(f: PersonFlag): FlagDto {
    return {
      id: f.id,
      kind: f.kind,
      reason: f.reason,
      expiresAt: f.expiresAt?.toISOString() ?? null,
      createdAt: f.createdAt.toISOString(),
      on: f.personId ? 'person' : 'phone',
    };
  }

  async merge(actor: Actor, survivorId: string, duplicateId: string, reason: string): Promise<PersonDto> {
    if (survivorId === duplicateId) throw fieldInvalid('duplicateId', 'same_person', 'A person cannot be merged into itself');
    const survivor = await this.repository.transaction(async (m) => {
      // Lock both in a fixed order so two merges of the same pair cannot deadlock.
      const [first, second] = [survivorId, duplicateId].sort();
      const a = await this.require(actor, first, m, true);
      const b = await this.require(actor, second, m, true);
      const survivor = a.id === survivorId ? a : b;
      const duplicate = a.id === duplicateId ? a : b;
      if (survivor.mergedIntoId || duplicate.mergedIntoId) throw new DomainError('already_merged', 'One of these records was already merged into another');
      const moved = await this.repository.recordsOf(m, duplicateId);
      await this.repository.moveRecords(m, moved, survivorId);
      await this.repository.setMergedInto(m, duplicateId, survivorId);
      const merge = await this.repository.insertMerge(m, {
        survivorId,
        mergedId: duplicateId,
        officeId: survivor.officeId,
        moved,
        reason,
        mergedById: actor.userId,
        undoneAt: null,
        undoneById: null,
      });
      await this.audit.record(
        {
          action: AuditAction.PersonMerged,
          entityType: 'person',
          entityId: survivorId,
          officeId: survivor.officeId,
          summary: {
            mergeId: merge.id,
            mergedId: duplicateId,
            reason,
            moved: { contacts: moved.contactIds.length, cases: moved.caseIds.length, identifiers: moved.identifierIds.length, flags: moved.flagIds.length },
          },
        },
        m,
      );
      return survivor;
    });
    return (await this.toDtos(actor, [await this.require(actor, survivor.id)]))[0];
  }

  /** Administrators only: puts back exactly what the merge moved that still sits on the survivor. */
  async undoMerge(actor: Actor, mergeId: string): Promise<PersonMergePageDto['items'][number]> {
    return this.repository.transaction(async (m) => {
      const merge = await this.repository.lockMerge(m, mergeId);
      if (!merge) throw notFound('Merge');
      if (merge.undoneAt) throw new DomainError('merge_not_reversible', 'This merge was already undone');
      if ((await this.repository.lockMergedIntoOf(m, merge.mergedId)) !== merge.survivorId)
        throw new DomainError('merge_not_reversible', 'The merged record has changed since; it cannot be split automatically');
      await this.repository.moveRecordsBack(m, merge.moved, merge.survivorId, merge.mergedId);
      await this.repository.setMergedInto(m, merge.mergedId, null);
      merge.undoneAt = this.clock.now();
      merge.undoneById = actor.userId;
      await this.repository.saveMerge(m, merge);
      await this.audit.record(
        {
          action: AuditAction.PersonMergeUndone,
          entityType: 'person',
          entityId: merge.survivorId,
          officeId: merge.officeId,
          summary: { mergeId, mergedId: merge.mergedId },
        },
        m,
      );
      return this.mergeDto(merge);
    });
  }

  async listMerges(limitInput: number | undefined, cursor: string | undefined): Promise<PersonMergePageDto> {
    const limit = clampPageSize(limitInput);
    const position = decodeCursor(cursor);
    const rows = await this.repository.listMerges(position, limit);
    const page = pageOf(rows, limit, (x) => ({ at: x.mergedAt, id: x.id }));
    return { items: page.items.map((x) => this.mergeDto(x)), nextCursor: page.nextCursor, limit };
  }

  private mergeDto(x: PersonMerge) {
    const movedCount = x.moved.contactIds.length + x.moved.caseIds.length + x.moved.identifierIds.length + x.moved.flagIds.length;
    return {
      id: x.id,
      survivorId: x.survivorId,
      mergedId: x.mergedId,
      officeId: x.officeId,
      mergedAt: x.mergedAt.toISOString(),
      undoneAt: x.undoneAt?.toISOString() ?? null,
      movedCount,
    };
  }

  async toDtos(actor: Actor, people: Person[], forceReveal = false): Promise<PersonDto[]> {
    if (!people.length) return [];
    const ids = people.map((p) => p.id);
    const identifiers = await this.repository.identifiersOf(ids);
    const flags = await this.repository.activeFlags(ids, []);
    const present = this.vault.presenterFor(actor, forceReveal);
    return people.map((p) => {
      const own = identifiers.filter((i) => i.personId === p.id);
      const hashes = new Set(own.filter((i) => i.kind === 'phone').map((i) => i.valueHash));
      return {
        id: p.id,
        officeId: p.officeId,
        name: present.name(p.nameEncrypted, Encrypted.personName.at(p.id)),
        masked: !present.revealed,
        gender: p.gender,
        birthYear: p.birthYear,
        ageGroup: p.ageGroup,
        citizenship: p.citizenship,
        languages: p.languages,
        migrationSituation: p.migrationSituation,
        identifiers: own.map((i) => ({
          id: i.id,
          kind: i.kind,
          value: present.identifier(i.kind, i.valueEncrypted, Encrypted.personIdentifier.at(i.id)),
          label: i.label,
        })),
        flags: flags.filter((f) => f.personId === p.id || (f.phoneHash !== null && hashes.has(f.phoneHash))).map((f) => this.flagDto(f)),
        mergedIntoId: p.mergedIntoId,
        createdAt: p.createdAt.toISOString(),
        version: p.version,
      };
    });
  }
}
