import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../../core/context/request-context';
import { personScope } from '../access/record-scope';
import { Person } from './person.entity';

/** The SQL of finding people that may be one person (suggested duplicates). */
@Injectable()
export class PeopleRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** People the actor may see, not merged away and not `selfId`, newest first, at most `limit`. */
  private others(actor: Actor, selfId: string, limit: number): SelectQueryBuilder<Person> {
    const scope = personScope(actor, 'p');
    return this.dataSource.getRepository(Person).createQueryBuilder('p').where(scope.sql, scope.params)
      .andWhere('p.merged_into_id IS NULL').andWhere('p.id <> :self', { self: selfId })
      .orderBy('p.created_at', 'DESC').addOrderBy('p.id', 'DESC').limit(limit);
  }

  /** Other people holding an identifier with one of these keyed hashes. */
  async holdingIdentifier(actor: Actor, selfId: string, hashes: string[], limit: number): Promise<Person[]> {
    if (!hashes.length || limit < 1) return [];
    return this.others(actor, selfId, limit)
      .andWhere('p.id IN (SELECT i.person_id FROM person_identifiers i WHERE i.value_hash = ANY(:hashes) LIMIT 1000)', { hashes })
      .getMany();
  }

  /**
   * Other people (besides `exclude`) whose name holds every token of one of `tokenSets` (one set
   * per hash key), or whose name of two words or more is held whole by that set. A one-word name
   * matches only the same one word: a first name alone says too little.
   */
  async sharingName(actor: Actor, selfId: string, tokenSets: string[][], exclude: string[], limit: number): Promise<Person[]> {
    const sets = tokenSets.filter((tokens) => tokens.length > 0);
    if (!sets.length || limit < 1) return [];
    const params = Object.fromEntries(sets.map((tokens, n) => [`tokens${n}`, tokens]));
    const match = sets.map((tokens, n) => (tokens.length >= 2
      ? `(n.name_index @> CAST(:tokens${n} AS text[]) OR (n.name_index <@ CAST(:tokens${n} AS text[]) AND cardinality(n.name_index) >= 2))`
      : `(n.name_index @> CAST(:tokens${n} AS text[]) AND n.name_index <@ CAST(:tokens${n} AS text[]))`)).join(' OR ');
    return this.others(actor, selfId, limit)
      .andWhere(`p.id IN (SELECT n.id FROM people n WHERE (${match}) AND n.merged_into_id IS NULL ORDER BY n.created_at DESC LIMIT 1000)`, params)
      .andWhere('NOT (p.id = ANY(:exclude))', { exclude })
      .getMany();
  }

  /** Which of these keyed hashes each of these people holds. */
  async identifierHashesOf(personIds: string[], hashes: string[]): Promise<{ personId: string; hash: string }[]> {
    if (!personIds.length || !hashes.length) return [];
    const rows: { person_id: string; value_hash: string }[] = await this.dataSource.query(
      `SELECT person_id, value_hash FROM person_identifiers WHERE person_id = ANY($1) AND value_hash = ANY($2)`, [personIds, hashes],
    );
    return rows.map((r) => ({ personId: r.person_id, hash: r.value_hash }));
  }
}
