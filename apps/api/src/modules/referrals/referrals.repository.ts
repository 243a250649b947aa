import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import type { Actor } from '#api/core/context/request-context';
import { caseScope } from '../access/record-scope';
import { Organisation } from '../directory/organisation.entity';
import type { ListReferralsQuery } from './dto/referral.dto';
import { Referral } from './referral.entity';

/** A referral as it is first written (a draft); the database gives id, version and timestamps. */
export type NewReferral = Pick<
  Referral,
  | 'caseId'
  | 'officeId'
  | 'organisationId'
  | 'serviceType'
  | 'status'
  | 'createdById'
  | 'sharedSummary'
  | 'shareContactDetails'
  | 'responseHours'
  | 'sentAt'
  | 'dueAt'
  | 'answeredAt'
  | 'finishedAt'
  | 'reason'
  | 'outcome'
  | 'partnerNote'
  | 'answeredById'
  | 'overdueAlertedAt'
  | 'escalatedAt'
>;

/** The client's encrypted name and first phone number, with the ids their ciphertexts are bound to. */
export interface PersonContactCiphertexts {
  personId: string;
  nameEncrypted: string | null;
  /** The first phone identifier: its row id and encrypted value. */
  phone: { identifierId: string; encrypted: string } | null;
}

export type ReferralBoardFilter = Pick<ListReferralsQuery, 'status' | 'overdue' | 'organisationId' | 'officeId' | 'sentFrom' | 'sentTo'>;

/** Referrals always come with their case and organisation loaded. */
export abstract class ReferralsRepository {
  abstract transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T>;
  /** A referral whose case the actor may see (locked for a change when asked), or null. */
  abstract findVisible(actor: Actor, id: string, m?: EntityManager, lock?: boolean): Promise<Referral | null>;
  /** A referral sent (not a draft) to the organisation (locked for a change when asked), or null. */
  abstract findAddressed(organisationId: string, id: string, m?: EntityManager, lock?: boolean): Promise<Referral | null>;
  /** The referrals by id, oldest first. */
  abstract findByIds(ids: string[]): Promise<Referral[]>;
  /** A case's latest 100 referrals, newest first. */
  abstract listForCase(caseId: string): Promise<Referral[]>;
  /** The hotline's board: open ones first, then drafts, the most overdue on top; one page and the total. */
  abstract listBoard(actor: Actor, filter: ReferralBoardFilter, limit: number, offset: number): Promise<{ rows: Referral[]; total: number }>;
  /** A partner's board: what was sent to the organisation, open ones first, the most overdue on top; one page and the total. */
  abstract listForPartner(
    organisationId: string,
    filter: Pick<ReferralBoardFilter, 'status' | 'overdue'>,
    limit: number,
    offset: number,
  ): Promise<{ rows: Referral[]; total: number }>;
  abstract insert(m: EntityManager, referral: NewReferral): Promise<Referral>;
  abstract save(m: EntityManager, referral: Referral): Promise<Referral>;
  /** Whether the case is shared with the user (which lets them manage it). */
  abstract isCaseSharedWith(m: EntityManager, caseId: string, userId: string): Promise<boolean>;
  /** Whether the client's consent to referral stands on the case. */
  abstract hasReferralConsent(caseId: string, m?: EntityManager): Promise<boolean>;
  abstract organisationsByIds(m: EntityManager, ids: string[]): Promise<Organisation[]>;
  /** Moves a case on to `referred` (its first referral was sent). */
  abstract markCaseReferred(m: EntityManager, caseId: string): Promise<void>;
  /** The partner organisation a user's account is linked to, or null. */
  abstract partnerOrganisationOf(userId: string): Promise<string | null>;
  abstract personContact(personId: string): Promise<PersonContactCiphertexts | null>;
}

@Injectable()
export class SqlReferralsRepository extends ReferralsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  private joined(m: EntityManager = this.dataSource.manager): SelectQueryBuilder<Referral> {
    return m.getRepository(Referral).createQueryBuilder('r').innerJoinAndSelect('r.case', 'c').innerJoinAndSelect('r.organisation', 'o');
  }

  async findVisible(actor: Actor, id: string, m: EntityManager = this.dataSource.manager, lock = false): Promise<Referral | null> {
    const scope = caseScope(actor, 'c');
    const qb = this.joined(m).where('r.id = :id', { id }).andWhere(scope.sql, scope.params);
    if (lock) qb.setLock('pessimistic_write', undefined, ['r']);
    return qb.getOne();
  }

  async findAddressed(organisationId: string, id: string, m: EntityManager = this.dataSource.manager, lock = false): Promise<Referral | null> {
    const qb = this.joined(m).where('r.id = :id AND r.organisation_id = :organisationId AND r.status <> :draft', { id, organisationId, draft: 'draft' });
    if (lock) qb.setLock('pessimistic_write', undefined, ['r']);
    return qb.getOne();
  }

  async findByIds(ids: string[]): Promise<Referral[]> {
    return this.joined().where('r.id IN (:...ids)', { ids }).orderBy('r.created_at', 'ASC').getMany();
  }

  async listForCase(caseId: string): Promise<Referral[]> {
    return this.joined().where('r.case_id = :caseId', { caseId }).orderBy('r.created_at', 'DESC').take(100).getMany();
  }

  async listBoard(actor: Actor, filter: ReferralBoardFilter, limit: number, offset: number): Promise<{ rows: Referral[]; total: number }> {
    const scope = caseScope(actor, 'c');
    const qb = this.joined().where(scope.sql, scope.params);
    if (filter.status) qb.andWhere('r.status = :status', { status: filter.status });
    if (filter.overdue) qb.andWhere(`r.status = 'sent' AND r.due_at < mayak_now()`);
    if (filter.organisationId) qb.andWhere('r.organisation_id = :organisationId', { organisationId: filter.organisationId });
    if (filter.officeId) qb.andWhere('r.office_id = :officeId', { officeId: filter.officeId });
    if (filter.sentFrom) qb.andWhere('r.sent_at >= :sentFrom', { sentFrom: new Date(filter.sentFrom) });
    if (filter.sentTo) qb.andWhere('r.sent_at < :sentTo', { sentTo: new Date(filter.sentTo) });
    qb.orderBy(`CASE WHEN r.status IN ('sent', 'accepted', 'in_progress') THEN 0 WHEN r.status = 'draft' THEN 1 ELSE 2 END`, 'ASC')
      .addOrderBy('r.due_at', 'ASC', 'NULLS LAST')
      .addOrderBy('r.created_at', 'DESC')
      .addOrderBy('r.id', 'DESC');
    // Many-to-one joins never multiply rows, so LIMIT/OFFSET is exact (take/skip cannot order by an expression).
    const [rows, total] = await Promise.all([qb.clone().limit(limit).offset(offset).getMany(), qb.clone().orderBy().getCount()]);
    return { rows, total };
  }

  async listForPartner(
    organisationId: string,
    filter: Pick<ReferralBoardFilter, 'status' | 'overdue'>,
    limit: number,
    offset: number,
  ): Promise<{ rows: Referral[]; total: number }> {
    const qb = this.joined().where('r.organisation_id = :organisationId AND r.status <> :draft', { organisationId, draft: 'draft' });
    if (filter.status) qb.andWhere('r.status = :status', { status: filter.status });
    if (filter.overdue) qb.andWhere(`r.status = 'sent' AND r.due_at < mayak_now()`);
    qb.orderBy(`CASE WHEN r.status IN ('sent', 'accepted', 'in_progress') THEN 0 ELSE 1 END`, 'ASC')
      .addOrderBy('r.due_at', 'ASC', 'NULLS LAST')
      .addOrderBy('r.id', 'DESC');
    const [rows, total] = await Promise.all([qb.clone().limit(limit).offset(offset).getMany(), qb.clone().orderBy().getCount()]);
    return { rows, total };
  }

  async insert(m: EntityManager, referral: NewReferral): Promise<Referral> {
    const repo = m.getRepository(Referral);
    return repo.save(repo.create(referral));
  }

  async save(m: EntityManager, referral: Referral): Promise<Referral> {
    return m.getRepository(Referral).save(referral);
  }

  async isCaseSharedWith(m: EntityManager, caseId: string, userId: string): Promise<boolean> {
    const shared: unknown[] = await m.query(`SELECT 1 FROM case_shares WHERE case_id = $1 AND user_id = $2`, [caseId, userId]);
    return shared.length > 0;
  }

  async hasReferralConsent(caseId: string, m: EntityManager = this.dataSource.manager): Promise<boolean> {
    const [consent] = await m.query(`SELECT 1 FROM case_consents WHERE case_id = $1 AND purpose = 'referral' AND withdrawn_at IS NULL`, [caseId]);
    return !!consent;
  }

  async organisationsByIds(m: EntityManager, ids: string[]): Promise<Organisation[]> {
    return m.getRepository(Organisation).findBy({ id: In(ids) });
  }

  async markCaseReferred(m: EntityManager, caseId: string): Promise<void> {
    await m.query(`UPDATE cases SET status = 'referred', version = version + 1, updated_at = mayak_now() WHERE id = $1`, [caseId]);
  }

  async partnerOrganisationOf(userId: string): Promise<string | null> {
    const [row] = await this.dataSource.query(`SELECT organisation_id FROM users WHERE id = $1`, [userId]);
    return row?.organisation_id ?? null;
  }

  async personContact(personId: string): Promise<PersonContactCiphertexts | null> {
    const [person] = await this.dataSource.query(
      `SELECT p.id, p.name_encrypted, i.id AS phone_id, i.value_encrypted AS phone_encrypted FROM people p
         LEFT JOIN LATERAL (SELECT id, value_encrypted FROM person_identifiers WHERE person_id = p.id AND kind = 'phone' ORDER BY created_at LIMIT 1) i ON true
        WHERE p.id = $1`,
      [personId],
    );
    if (!person) return null;
    return {
      personId: person.id,
      nameEncrypted: person.name_encrypted,
      phone: person.phone_encrypted ? { identifierId: person.phone_id, encrypted: person.phone_encrypted } : null,
    };
  }
}
