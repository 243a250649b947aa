import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '#api/core/context/request-context';
import { caseScope } from '../access/record-scope';
import { CaseConsent } from './case-consent.entity';
import { CaseShare } from './case-share.entity';
import { Case } from './case.entity';
import type { AssignableUserDto } from './dto/case-work.dto';
import { TraffickingEvent } from './trafficking-event.entity';
import { loadUserRefs, type UserRef } from './user-refs';

/** A case as it is first written; the database gives id, version and timestamps. */
export type NewCase = Omit<Case, 'id' | 'createdAt' | 'updatedAt' | 'version' | 'office' | 'assignee' | 'person' | 'searchTsv' | 'staleAlertedAt'>;

/** A stop on a case's route as stored, without its case and position. */
export type RouteStop = Pick<TraffickingEvent, 'type' | 'country' | 'city' | 'date' | 'description'>;

export interface PersonNameCiphertext {
  id: string;
  nameEncrypted: string | null;
}

/** The cases table with its shares, route and consents. */
export abstract class CasesRepository {
  abstract transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T>;
  /** A case the actor may see (locked for a change when asked), or null. */
  abstract findVisible(actor: Actor, id: string, m?: EntityManager, lock?: boolean): Promise<Case | null>;
  /** The case by id, unscoped (read back after a change); fails when there is none. */
  abstract findById(id: string): Promise<Case>;
  /** Whether the case is shared with the user (which lets them manage it). */
  abstract isSharedWith(m: EntityManager, caseId: string, userId: string): Promise<boolean>;
  /** The office's time zone, or null when it has none (or there is no such office). */
  abstract officeTimeZone(m: EntityManager, officeId: string): Promise<string | null>;
  /** The next number of the reference counter of the prefix and year; the counter row stays locked until the transaction ends. */
  abstract nextReferenceNumber(m: EntityManager, prefix: string, year: number): Promise<number>;
  abstract insert(m: EntityManager, c: NewCase): Promise<Case>;
  /** Saves a changed case (its version goes up by one). */
  abstract save(m: EntityManager, c: Case): Promise<Case>;
  abstract markCritical(m: EntityManager, caseId: string): Promise<void>;
  /** The case's route, in order. */
  abstract routeOf(caseId: string, m?: EntityManager): Promise<TraffickingEvent[]>;
  /** The case's route becomes these stops, in this order. */
  abstract replaceRoute(m: EntityManager, caseId: string, route: RouteStop[]): Promise<void>;
  /** Whether the user is an active case worker or supervisor of the office. */
  abstract isAssignable(m: EntityManager, userId: string, officeId: string): Promise<boolean>;
  /** Whether the user is an active case worker or supervisor (of any office). */
  abstract isActiveCaseStaff(m: EntityManager, userId: string): Promise<boolean>;
  /** Shares the case with the user; false when it already was. */
  abstract insertShare(m: EntityManager, caseId: string, userId: string, sharedById: string): Promise<boolean>;
  /** Ends the case's share with the user; false when there was none. */
  abstract deleteShare(m: EntityManager, caseId: string, userId: string): Promise<boolean>;
  /** Active case workers and supervisors of the office, by name (up to 200). */
  abstract assignableUsers(officeId: string): Promise<AssignableUserDto[]>;
  /** Ids of the cases of the people and of the contacts from these numbers (up to 1000, unscoped). */
  abstract caseIdsOfCaller(phoneHashes: string[], personIds: string[]): Promise<string[]>;
  /** Of these cases, those the actor may see, the latest active first, up to `limit`. */
  abstract latestVisible(actor: Actor, ids: string[], limit: number): Promise<Case[]>;
  abstract personNames(personIds: string[], m?: EntityManager): Promise<PersonNameCiphertext[]>;
  /** The case's consents, the latest given first. */
  abstract consentsOf(caseId: string): Promise<CaseConsent[]>;
  /** The case's shares, the oldest first. */
  abstract sharesOf(caseId: string): Promise<CaseShare[]>;
  abstract userRefs(ids: (string | null)[], m?: EntityManager): Promise<Map<string, UserRef>>;
}

@Injectable()
export class SqlCasesRepository extends CasesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async findVisible(actor: Actor, id: string, m: EntityManager = this.dataSource.manager, lock = false): Promise<Case | null> {
    const scope = caseScope(actor, 'c');
    const qb = m.getRepository(Case).createQueryBuilder('c').where('c.id = :id', { id }).andWhere(scope.sql, scope.params);
    if (lock) qb.setLock('pessimistic_write', undefined, ['c']);
    return qb.getOne();
  }

  async findById(id: string): Promise<Case> {
    return this.dataSource.getRepository(Case).findOneByOrFail({ id });
  }

  async isSharedWith(m: EntityManager, caseId: string, userId: string): Promise<boolean> {
    return m.getRepository(CaseShare).existsBy({ caseId, userId });
  }

  async officeTimeZone(m: EntityManager, officeId: string): Promise<string | null> {
    const [office] = await m.query(`SELECT timezone FROM offices WHERE id = $1`, [officeId]);
    return office?.timezone ?? null;
  }

  async nextReferenceNumber(m: EntityManager, prefix: string, year: number): Promise<number> {
    const [row] = await m.query(
      `INSERT INTO case_reference_sequences (prefix, year, last_value) VALUES ($1, $2, 1)
       ON CONFLICT (prefix, year) DO UPDATE SET last_value = case_reference_sequences.last_value + 1
       RETURNING last_value`,
      [prefix, year],
    );
    return Number(row.last_value);
  }

  async insert(m: EntityManager, c: NewCase): Promise<Case> {
    const repo = m.getRepository(Case);
    return repo.save(repo.create(c));
  }

  async save(m: EntityManager, c: Case): Promise<Case> {
    return m.getRepository(Case).save(c);
  }

  async markCritical(m: EntityManager, caseId: string): Promise<void> {
    await m.query(`UPDATE cases SET priority = 'critical', version = version + 1, updated_at = mayak_now() WHERE id = $1`, [caseId]);
  }

  async routeOf(caseId: string, m: EntityManager = this.dataSource.manager): Promise<TraffickingEvent[]> {
    return m.getRepository(TraffickingEvent).find({ where: { caseId }, order: { position: 'ASC' } });
  }

  async replaceRoute(m: EntityManager, caseId: string, route: RouteStop[]): Promise<void> {
    await m.delete(TraffickingEvent, { caseId });
    if (route.length) {
      await m.insert(
        TraffickingEvent,
        route.map((e, position) => ({ caseId, position, ...e })),
      );
    }
  }

  async isAssignable(m: EntityManager, userId: string, officeId: string): Promise<boolean> {
    const [row] = await m.query(
      `SELECT 1 FROM users u JOIN user_offices uo ON uo.user_id = u.id WHERE u.id = $1 AND uo.office_id = $2 AND u.active AND u.roles && ARRAY['case_worker', 'supervisor']::text[]`,
      [userId, officeId],
    );
    return !!row;
  }

  async isActiveCaseStaff(m: EntityManager, userId: string): Promise<boolean> {
    const [user] = await m.query(`SELECT id FROM users WHERE id = $1 AND active AND roles && ARRAY['case_worker', 'supervisor']::text[]`, [userId]);
    return !!user;
  }

  async insertShare(m: EntityManager, caseId: string, userId: string, sharedById: string): Promise<boolean> {
    const inserted: unknown[] = await m.query(
      `INSERT INTO case_shares (case_id, user_id, shared_by_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING case_id`,
      [caseId, userId, sharedById],
    );
    return inserted.length > 0;
  }

  async deleteShare(m: EntityManager, caseId: string, userId: string): Promise<boolean> {
    const removed = await m.delete(CaseShare, { caseId, userId });
    return !!removed.affected;
  }

  async assignableUsers(officeId: string): Promise<AssignableUserDto[]> {
    return this.dataSource.query(
      `SELECT u.id, u.display_name AS "displayName", u.roles FROM users u JOIN user_offices uo ON uo.user_id = u.id
        WHERE uo.office_id = $1 AND u.active AND u.roles && ARRAY['case_worker', 'supervisor']::text[] ORDER BY u.display_name LIMIT 200`,
      [officeId],
    );
  }

  async caseIdsOfCaller(phoneHashes: string[], personIds: string[]): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT c.id FROM cases c WHERE c.person_id = ANY($2) UNION SELECT k.case_id FROM contacts k WHERE k.phone_hash = ANY($1) AND k.case_id IS NOT NULL LIMIT 1000`,
      [phoneHashes, personIds],
    );
    return rows.map((r) => r.id);
  }

  async latestVisible(actor: Actor, ids: string[], limit: number): Promise<Case[]> {
    const scope = caseScope(actor, 'c');
    return this.dataSource
      .getRepository(Case)
      .createQueryBuilder('c')
      .where('c.id = ANY(:ids)', { ids })
      .andWhere(scope.sql, scope.params)
      .orderBy('c.last_activity_at', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .limit(limit)
      .getMany();
  }

  async personNames(personIds: string[], m: EntityManager = this.dataSource.manager): Promise<PersonNameCiphertext[]> {
    const rows: { id: string; name_encrypted: string | null }[] = await m.query(`SELECT id, name_encrypted FROM people WHERE id = ANY($1)`, [personIds]);
    return rows.map((p) => ({ id: p.id, nameEncrypted: p.name_encrypted }));
  }

  async consentsOf(caseId: string): Promise<CaseConsent[]> {
    return this.dataSource.getRepository(CaseConsent).find({ where: { caseId }, order: { givenAt: 'DESC' } });
  }

  async sharesOf(caseId: string): Promise<CaseShare[]> {
    return this.dataSource.getRepository(CaseShare).find({ where: { caseId }, order: { createdAt: 'ASC' } });
  }

  async userRefs(ids: (string | null)[], m: EntityManager = this.dataSource.manager): Promise<Map<string, UserRef>> {
    return loadUserRefs(m, ids);
  }
}
