import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, In, IsNull, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import type { Actor } from '#api/core/context/request-context';
import { entityFromRow } from '#api/core/database/entity-from-row';
import type { KeysetPosition } from '#api/core/database/keyset';
import { personScope } from '../access/record-scope';
import { PersonFlag } from './person-flag.entity';
import { PersonIdentifier } from './person-identifier.entity';
import { PersonMerge, type MovedRecords } from './person-merge.entity';
import { Person } from './person.entity';

/** A person as first written; the database gives version and timestamps. */
export type NewPerson = Omit<Person, 'createdAt' | 'updatedAt' | 'version' | 'anonymisedAt' | 'office'>;

/** An identifier as first written (its value already encrypted and hashed). */
export type NewPersonIdentifier = Pick<PersonIdentifier, 'id' | 'personId' | 'kind' | 'valueEncrypted' | 'valueHash' | 'label'>;

/** A flag as first written; the database gives its creation time. */
export type NewPersonFlag = Omit<PersonFlag, 'createdAt' | 'person' | 'office'>;

/** A merge as first written; the database gives id and time. */
export type NewPersonMerge = Pick<PersonMerge, 'survivorId' | 'mergedId' | 'officeId' | 'moved' | 'reason' | 'mergedById' | 'undoneAt' | 'undoneById'>;

/** What a search of people matches on: keyed hashes of a phone number, or name token sets (one per hash key) and whole-identifier hashes. */
export type PersonSearch = { phoneHashes: string[] } | { nameTokenSets: string[][]; identifierHashes: string[] };

/** People, their identifiers, flags and merges, with what a merge moves in contacts and cases. */
export abstract class PeopleRepository {
  abstract transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T>;
  /** A person the actor may see (locked for a change when asked), or null. */
  abstract findVisible(actor: Actor, id: string, m?: EntityManager, lock?: boolean): Promise<Person | null>;
  /** Writes the person and returns it with what the database filled in. */
  abstract insertPerson(m: EntityManager, person: NewPerson): Promise<Person>;
  abstract savePerson(m: EntityManager, person: Person): Promise<Person>;
  /**
   * One page (plus one row, to tell whether there is more) of people the actor may see, not
   * merged away, matching the search, newest first, after `position`.
   */
  abstract search(actor: Actor, search: PersonSearch, position: KeysetPosition | null, limit: number): Promise<Person[]>;
  /** Other people holding an identifier with one of these keyed hashes. */
  abstract holdingIdentifier(actor: Actor, selfId: string, hashes: string[], limit: number): Promise<Person[]>;
  /**
   * Other people (besides `exclude`) whose name holds every token of one of `tokenSets` (one set
   * per hash key), or whose name of two words or more is held whole by that set. A one-word name
   * matches only the same one word: a first name alone says too little.
   */
  abstract sharingName(actor: Actor, selfId: string, tokenSets: string[][], exclude: string[], limit: number): Promise<Person[]>;
  /** Which of these keyed hashes each of these people holds. */
  abstract identifierHashesOf(personIds: string[], hashes: string[]): Promise<{ personId: string; hash: string }[]>;
  /** The identifiers of these people, oldest first. */
  abstract identifiersOf(personIds: string[]): Promise<PersonIdentifier[]>;
  abstract insertIdentifiers(m: EntityManager, identifiers: NewPersonIdentifier[]): Promise<void>;
  /** Whether the person holds an identifier with one of these keyed hashes. */
  abstract holdsIdentifierHash(m: EntityManager, personId: string, hashes: string[]): Promise<boolean>;
  /** The person's identifier with this id, or null. */
  abstract findIdentifier(m: EntityManager, personId: string, identifierId: string): Promise<PersonIdentifier | null>;
  abstract deleteIdentifier(m: EntityManager, identifierId: string): Promise<void>;
  abstract countIdentifiers(m: EntityManager, personId: string): Promise<number>;
  /** Writes the flag and returns it with its creation time. */
  abstract insertFlag(m: EntityManager, flag: NewPersonFlag): Promise<PersonFlag>;
  /** A flag not removed yet (expired or not), or null. */
  abstract findUnremovedFlag(m: EntityManager, flagId: string): Promise<PersonFlag | null>;
  abstract markFlagRemoved(m: EntityManager, flagId: string, removedAt: Date, removedById: string): Promise<void>;
  /** The newest 50 active flags on these people, on these numbers (keyed hashes) or on these people's numbers. */
  abstract activeFlags(personIds: string[], phoneHashes: string[], m?: EntityManager): Promise<PersonFlag[]>;
  /** The contacts, cases, identifiers and flags that belong to the person. */
  abstract recordsOf(m: EntityManager, personId: string): Promise<MovedRecords>;
  /** Puts these records on another person. */
  abstract moveRecords(m: EntityManager, records: MovedRecords, toPersonId: string): Promise<void>;
  /** Puts back on `toPersonId` those of these records that still sit on `fromPersonId`. */
  abstract moveRecordsBack(m: EntityManager, records: MovedRecords, fromPersonId: string, toPersonId: string): Promise<void>;
  /** Marks the person as merged into another (or, with null, as no longer merged), bumping its version. */
  abstract setMergedInto(m: EntityManager, personId: string, mergedIntoId: string | null): Promise<void>;
  /** The person (row locked) a person was merged into: null when not merged or not found. */
  abstract lockMergedIntoOf(m: EntityManager, personId: string): Promise<string | null>;
  abstract insertMerge(m: EntityManager, merge: NewPersonMerge): Promise<PersonMerge>;
  /** A merge, locked for a change, or null. */
  abstract lockMerge(m: EntityManager, mergeId: string): Promise<PersonMerge | null>;
  abstract saveMerge(m: EntityManager, merge: PersonMerge): Promise<PersonMerge>;
  /** One page (plus one row) of merges, newest first, after `position`. */
  abstract listMerges(position: KeysetPosition | null, limit: number): Promise<PersonMerge[]>;
}

@Injectable()
export class SqlPeopleRepository extends PeopleRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async findVisible(actor: Actor, id: string, m: EntityManager = this.dataSource.manager, lock = false): Promise<Person | null> {
    const scope = personScope(actor, 'p');
    const qb = m.getRepository(Person).createQueryBuilder('p').where('p.id = :id', { id }).andWhere(scope.sql, scope.params);
    if (lock) qb.setLock('pessimistic_write', undefined, ['p']);
    return qb.getOne();
  }

  async insertPerson(m: EntityManager, fields: NewPerson): Promise<Person> {
    const repo = m.getRepository(Person);
    const person = repo.create(fields);
    await repo.insert(person);
    return person;
  }

  async savePerson(m: EntityManager, person: Person): Promise<Person> {
    return m.getRepository(Person).save(person);
  }

  async search(actor: Actor, search: PersonSearch, position: KeysetPosition | null, limit: number): Promise<Person[]> {
    const scope = personScope(actor, 'p');
    const qb = this.dataSource.getRepository(Person).createQueryBuilder('p').where(scope.sql, scope.params).andWhere('p.merged_into_id IS NULL');
    if ('phoneHashes' in search) {
      qb.andWhere('p.id IN (SELECT i.person_id FROM person_identifiers i WHERE i.value_hash = ANY(:hashes) LIMIT 1000)', { hashes: search.phoneHashes });
    } else {
      // The newest matches by name first; the visibility rule then runs on those few rows only. While the
      // hash key rotates, a row matches with all its tokens under one of the keys.
      const params = Object.fromEntries(search.nameTokenSets.map((tokens, n) => [`tokens${n}`, tokens]));
      const match = search.nameTokenSets.map((_, n) => `n.name_index @> CAST(:tokens${n} AS text[])`).join(' OR ');
      qb.andWhere(
        new Brackets((w) => {
          w.where(`p.id IN (SELECT n.id FROM people n WHERE ${match} ORDER BY n.created_at DESC LIMIT 1000)`, params).orWhere(
            'p.id IN (SELECT i.person_id FROM person_identifiers i WHERE i.value_hash = ANY(:identifierHashes) LIMIT 1000)',
            { identifierHashes: search.identifierHashes },
          );
        }),
      );
    }
    if (position) qb.andWhere('(p.created_at, p.id) < (:at, :pid)', { at: position.at, pid: position.id });
    return qb
      .orderBy('p.created_at', 'DESC')
      .addOrderBy('p.id', 'DESC')
      .limit(limit + 1)
      .getMany();
  }

  /** People the actor may see, not merged away and not `selfId`, newest first, at most `limit`. */
  private others(actor: Actor, selfId: string, limit: number): SelectQueryBuilder<Person> {
    const scope = personScope(actor, 'p');
    return this.dataSource
      .getRepository(Person)
      .createQueryBuilder('p')
      .where(scope.sql, scope.params)
      .andWhere('p.merged_into_id IS NULL')
      .andWhere('p.id <> :self', { self: selfId })
      .orderBy('p.created_at', 'DESC')
      .addOrderBy('p.id', 'DESC')
      .limit(limit);
  }

  async holdingIdentifier(actor: Actor, selfId: string, hashes: string[], limit: number): Promise<Person[]> {
    if (!hashes.length || limit < 1) return [];
    return this.others(actor, selfId, limit)
      .andWhere('p.id IN (SELECT i.person_id FROM person_identifiers i WHERE i.value_hash = ANY(:hashes) LIMIT 1000)', { hashes })
      .getMany();
  }

  async sharingName(actor: Actor, selfId: string, tokenSets: string[][], exclude: string[], limit: number): Promise<Person[]> {
    const sets = tokenSets.filter((tokens) => tokens.length > 0);
    if (!sets.length || limit < 1) return [];
    const params = Object.fromEntries(sets.map((tokens, n) => [`tokens${n}`, tokens]));
    const match = sets
      .map((tokens, n) =>
        tokens.length >= 2
          ? `(n.name_index @> CAST(:tokens${n} AS text[]) OR (n.name_index <@ CAST(:tokens${n} AS text[]) AND cardinality(n.name_index) >= 2))`
          : `(n.name_index @> CAST(:tokens${n} AS text[]) AND n.name_index <@ CAST(:tokens${n} AS text[]))`,
      )
      .join(' OR ');
    return this.others(actor, selfId, limit)
      .andWhere(`p.id IN (SELECT n.id FROM people n WHERE (${match}) AND n.merged_into_id IS NULL ORDER BY n.created_at DESC LIMIT 1000)`, params)
      .andWhere('NOT (p.id = ANY(:exclude))', { exclude })
      .getMany();
  }

  async identifierHashesOf(personIds: string[], hashes: string[]): Promise<{ personId: string; hash: string }[]> {
    if (!personIds.length || !hashes.length) return [];
    const rows: { person_id: string; value_hash: string }[] = await this.dataSource.query(
      `SELECT person_id, value_hash FROM person_identifiers WHERE person_id = ANY($1) AND value_hash = ANY($2)`,
      [personIds, hashes],
    );
    return rows.map((r) => ({ personId: r.person_id, hash: r.value_hash }));
  }

  async identifiersOf(personIds: string[]): Promise<PersonIdentifier[]> {
    return this.dataSource.getRepository(PersonIdentifier).find({ where: { personId: In(personIds) }, order: { createdAt: 'ASC' } });
  }

  async insertIdentifiers(m: EntityManager, identifiers: NewPersonIdentifier[]): Promise<void> {
    await m.insert(PersonIdentifier, identifiers);
  }

  async holdsIdentifierHash(m: EntityManager, personId: string, hashes: string[]): Promise<boolean> {
    return m.getRepository(PersonIdentifier).existsBy({ personId, valueHash: In(hashes) });
  }

  async findIdentifier(m: EntityManager, personId: string, identifierId: string): Promise<PersonIdentifier | null> {
    return m.getRepository(PersonIdentifier).findOneBy({ id: identifierId, personId });
  }

  async deleteIdentifier(m: EntityManager, identifierId: string): Promise<void> {
    await m.delete(PersonIdentifier, { id: identifierId });
  }

  async countIdentifiers(m: EntityManager, personId: string): Promise<number> {
    return m.getRepository(PersonIdentifier).countBy({ personId });
  }

  async insertFlag(m: EntityManager, fields: NewPersonFlag): Promise<PersonFlag> {
    const repo = m.getRepository(PersonFlag);
    const flag = repo.create(fields);
    await repo.insert(flag);
    return flag;
  }

  async findUnremovedFlag(m: EntityManager, flagId: string): Promise<PersonFlag | null> {
    return m.getRepository(PersonFlag).findOneBy({ id: flagId, removedAt: IsNull() });
  }

  async markFlagRemoved(m: EntityManager, flagId: string, removedAt: Date, removedById: string): Promise<void> {
    await m.getRepository(PersonFlag).update({ id: flagId }, { removedAt, removedById });
  }

  async activeFlags(personIds: string[], phoneHashes: string[], m: EntityManager = this.dataSource.manager): Promise<PersonFlag[]> {
    if (!personIds.length && !phoneHashes.length) return [];
    const rows: Record<string, unknown>[] = await m.query(
      `SELECT f.* FROM active_person_flags f
        WHERE f.person_id = ANY($1) OR f.phone_hash = ANY($2)
           OR f.phone_hash IN (SELECT i.value_hash FROM person_identifiers i WHERE i.person_id = ANY($1) AND i.kind = 'phone')
        ORDER BY f.created_at DESC LIMIT 50`,
      [personIds, phoneHashes],
    );
    return rows.map((row) => entityFromRow(this.dataSource, PersonFlag, row));
  }

  async recordsOf(m: EntityManager, personId: string): Promise<MovedRecords> {
    const ids = async (sql: string) => ((await m.query(sql, [personId])) as { id: string }[]).map((r) => r.id);
    return {
      contactIds: await ids(`SELECT id FROM contacts WHERE person_id = $1`),
      caseIds: await ids(`SELECT id FROM cases WHERE person_id = $1`),
      identifierIds: await ids(`SELECT id FROM person_identifiers WHERE person_id = $1`),
      flagIds: await ids(`SELECT id FROM person_flags WHERE person_id = $1`),
    };
  }

  async moveRecords(m: EntityManager, records: MovedRecords, toPersonId: string): Promise<void> {
    await m.query(`UPDATE contacts SET person_id = $2 WHERE id = ANY($1)`, [records.contactIds, toPersonId]);
    await m.query(`UPDATE cases SET person_id = $2 WHERE id = ANY($1)`, [records.caseIds, toPersonId]);
    await m.query(`UPDATE person_identifiers SET person_id = $2 WHERE id = ANY($1)`, [records.identifierIds, toPersonId]);
    await m.query(`UPDATE person_flags SET person_id = $2 WHERE id = ANY($1)`, [records.flagIds, toPersonId]);
  }

  async moveRecordsBack(m: EntityManager, records: MovedRecords, fromPersonId: string, toPersonId: string): Promise<void> {
    const back = async (table: string, ids: string[]) =>
      m.query(`UPDATE ${table} SET person_id = $2 WHERE id = ANY($1) AND person_id = $3`, [ids, toPersonId, fromPersonId]);
    await back('contacts', records.contactIds);
    await back('cases', records.caseIds);
    await back('person_identifiers', records.identifierIds);
    await back('person_flags', records.flagIds);
  }

  async setMergedInto(m: EntityManager, personId: string, mergedIntoId: string | null): Promise<void> {
    await m.query(`UPDATE people SET merged_into_id = $2, version = version + 1, updated_at = mayak_now() WHERE id = $1`, [personId, mergedIntoId]);
  }

  async lockMergedIntoOf(m: EntityManager, personId: string): Promise<string | null> {
    const [row] = await m.query(`SELECT merged_into_id FROM people WHERE id = $1 FOR UPDATE`, [personId]);
    return row?.merged_into_id ?? null;
  }

  async insertMerge(m: EntityManager, fields: NewPersonMerge): Promise<PersonMerge> {
    const repo = m.getRepository(PersonMerge);
    return repo.save(repo.create(fields));
  }

  async lockMerge(m: EntityManager, mergeId: string): Promise<PersonMerge | null> {
    return m.getRepository(PersonMerge).createQueryBuilder('x').setLock('pessimistic_write').where('x.id = :mergeId', { mergeId }).getOne();
  }

  async saveMerge(m: EntityManager, merge: PersonMerge): Promise<PersonMerge> {
    return m.getRepository(PersonMerge).save(merge);
  }

  async listMerges(position: KeysetPosition | null, limit: number): Promise<PersonMerge[]> {
    const qb = this.dataSource.getRepository(PersonMerge).createQueryBuilder('x');
    if (position) qb.where('(x.merged_at, x.id) < (:at, :id)', { at: position.at, id: position.id });
    return qb
      .orderBy('x.merged_at', 'DESC')
      .addOrderBy('x.id', 'DESC')
      .limit(limit + 1)
      .getMany();
  }
}
