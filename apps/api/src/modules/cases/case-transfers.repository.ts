import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CaseTransferStatus } from '@mayak/domain';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '#api/core/context/request-context';
import { updateReturning } from '#api/core/database/update-returning';
import { caseTransferScope } from '../access/record-scope';
import { CaseShare } from './case-share.entity';
import { CaseTransfer } from './case-transfer.entity';
import { Case } from './case.entity';
import { loadUserRefs, type UserRef } from './user-refs';

export interface OfficeRef {
  id: string;
  name: string;
}

/** A transfer with what it shows of its case (no client identifiers). */
export interface TransferRow {
  transfer: CaseTransfer;
  caseReference: string;
  caseType: string;
  casePriority: Case['priority'];
  caseStatus: Case['status'];
}

// Callbacks still to be placed (one being placed stays with the office on the phone).
const MOVABLE_CALLBACKS = `('scheduled', 'due', 'no_answer')`;
// Referrals still open with the partner; finished ones stay counted for the office that made them.
const MOVABLE_REFERRALS = `('draft', 'sent', 'accepted', 'in_progress')`;
// The user belongs to the office (a colleague there keeps what they had).
const memberOf = (user: string, office: string) => `EXISTS (SELECT 1 FROM user_offices uo WHERE uo.user_id = ${user} AND uo.office_id = ${office})`;

/** Moving cases between offices: the requests, and what moves with a case on acceptance. */
export abstract class CaseTransfersRepository {
  abstract transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T>;
  /** Runs work on the shared manager, outside any transaction. */
  abstract outsideTransaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T>;
  /** Whether the case is shared with the user (who then works on it). */
  abstract isCaseSharedWith(m: EntityManager, caseId: string, userId: string): Promise<boolean>;
  abstract userRefs(m: EntityManager, ids: (string | null)[]): Promise<Map<string, UserRef>>;
  /** An active office by id, or null. */
  abstract activeOffice(m: EntityManager, id: string): Promise<OfficeRef | null>;
  /** Every active office: where a case may be sent (office names are configuration, no one's data). */
  abstract activeOffices(): Promise<OfficeRef[]>;
  abstract officeNames(m: EntityManager, ids: string[]): Promise<Map<string, string>>;
  /** Whether a request to move the case waits for an answer. */
  abstract hasPending(m: EntityManager, caseId: string): Promise<boolean>;
  abstract insertPending(
    m: EntityManager,
    input: { caseId: string; fromOfficeId: string; toOfficeId: string; reason: string; requestedById: string; requestedAt: Date },
  ): Promise<CaseTransfer>;
  /** One transfer the actor may see (locked for an answer when asked), or null. */
  abstract findVisible(m: EntityManager, actor: Actor, id: string, lock?: boolean): Promise<CaseTransfer | null>;
  /** The case being moved, locked: unscoped, since the receiving office does not see it before accepting. */
  abstract lockCase(m: EntityManager, caseId: string): Promise<Case>;
  /** Records the answer to a request still pending. */
  abstract markAnswered(
    m: EntityManager,
    id: string,
    answer: { status: Exclude<CaseTransferStatus, 'pending'>; decidedById: string; decidedAt: Date; declineReason?: string | null; assigneeId?: string | null },
  ): Promise<void>;
  /** The case belongs to the new office and to the chosen case worker (or nobody). */
  abstract moveCase(m: EntityManager, caseId: string, toOfficeId: string, assigneeId: string | null): Promise<void>;
  /** Ends the case's shares with anyone who is not staff of the new office; returns whose ended. */
  abstract endSharesOutside(m: EntityManager, caseId: string, officeId: string): Promise<string[]>;
  /** Open tasks held by someone outside the new office go to the new case worker (or nobody); how many did. */
  abstract reassignOpenTasks(m: EntityManager, caseId: string, officeId: string, assigneeId: string | null): Promise<number>;
  /** Callbacks of the case still to be placed move to the new office (an assignee outside it is cleared); how many did. */
  abstract moveOpenCallbacks(m: EntityManager, caseId: string, fromOfficeId: string, toOfficeId: string): Promise<number>;
  /** Open referrals follow the case (the new office's supervisors hear of their deadlines); how many did. */
  abstract moveOpenReferrals(m: EntityManager, caseId: string, fromOfficeId: string, toOfficeId: string): Promise<number>;
  /** Pending requests to the given offices, the oldest first (a page of them), and how many there are. */
  abstract pendingTo(officeIds: string[], limit: number, offset: number): Promise<{ rows: TransferRow[]; total: number }>;
  /** A case's transfers, newest first (up to 100). */
  abstract forCase(caseId: string): Promise<TransferRow[]>;
  abstract row(m: EntityManager, id: string): Promise<TransferRow>;
}

@Injectable()
export class SqlCaseTransfersRepository extends CaseTransfersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  outsideTransaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return work(this.dataSource.manager);
  }

  async isCaseSharedWith(m: EntityManager, caseId: string, userId: string): Promise<boolean> {
    return m.getRepository(CaseShare).existsBy({ caseId, userId });
  }

  async userRefs(m: EntityManager, ids: (string | null)[]): Promise<Map<string, UserRef>> {
    return loadUserRefs(m, ids);
  }

  async activeOffice(m: EntityManager, id: string): Promise<OfficeRef | null> {
    const [row] = await m.query(`SELECT id, name FROM offices WHERE id = $1 AND active`, [id]);
    return row ?? null;
  }

  async activeOffices(): Promise<OfficeRef[]> {
    return this.dataSource.query(`SELECT id, name FROM offices WHERE active ORDER BY name, id LIMIT 500`);
  }

  async officeNames(m: EntityManager, ids: string[]): Promise<Map<string, string>> {
    const rows: OfficeRef[] = ids.length ? await m.query(`SELECT id, name FROM offices WHERE id = ANY($1)`, [[...new Set(ids)]]) : [];
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  async hasPending(m: EntityManager, caseId: string): Promise<boolean> {
    return m.getRepository(CaseTransfer).existsBy({ caseId, status: 'pending' });
  }

  async insertPending(
    m: EntityManager,
    input: { caseId: string; fromOfficeId: string; toOfficeId: string; reason: string; requestedById: string; requestedAt: Date },
  ): Promise<CaseTransfer> {
    const repo = m.getRepository(CaseTransfer);
    return repo.save(repo.create({ ...input, status: 'pending', decidedById: null, decidedAt: null, declineReason: null, assigneeId: null }));
  }

  async findVisible(m: EntityManager, actor: Actor, id: string, lock = false): Promise<CaseTransfer | null> {
    const scope = caseTransferScope(actor, 't');
    const qb = m.getRepository(CaseTransfer).createQueryBuilder('t').where('t.id = :id', { id }).andWhere(scope.sql, scope.params);
    if (lock) qb.setLock('pessimistic_write', undefined, ['t']);
    return qb.getOne();
  }

  async lockCase(m: EntityManager, caseId: string): Promise<Case> {
    return m.getRepository(Case).createQueryBuilder('c').setLock('pessimistic_write').where('c.id = :caseId', { caseId }).getOneOrFail();
  }

  async markAnswered(
    m: EntityManager,
    id: string,
    answer: { status: Exclude<CaseTransferStatus, 'pending'>; decidedById: string; decidedAt: Date; declineReason?: string | null; assigneeId?: string | null },
  ): Promise<void> {
    await m.query(
      `UPDATE case_transfers SET status = $2, decided_by_id = $3, decided_at = $4, decline_reason = $5, assignee_id = $6, version = version + 1, updated_at = mayak_now() WHERE id = $1 AND status = 'pending'`,
      [id, answer.status, answer.decidedById, answer.decidedAt, answer.declineReason ?? null, answer.assigneeId ?? null],
    );
  }

  async moveCase(m: EntityManager, caseId: string, toOfficeId: string, assigneeId: string | null): Promise<void> {
    await m.query(`UPDATE cases SET office_id = $2, assignee_id = $3, version = version + 1, updated_at = mayak_now() WHERE id = $1`, [
      caseId,
      toOfficeId,
      assigneeId,
    ]);
  }

  async endSharesOutside(m: EntityManager, caseId: string, officeId: string): Promise<string[]> {
    const rows = await updateReturning<{ user_id: string }>(
      m,
      `DELETE FROM case_shares s WHERE s.case_id = $1 AND NOT ${memberOf('s.user_id', '$2')} RETURNING s.user_id`,
      [caseId, officeId],
    );
    return rows.map((r) => r.user_id).sort();
  }

  async reassignOpenTasks(m: EntityManager, caseId: string, officeId: string, assigneeId: string | null): Promise<number> {
    const rows = await updateReturning(
      m,
      `UPDATE case_tasks t SET assignee_id = $3, version = version + 1, updated_at = mayak_now()
        WHERE t.case_id = $1 AND t.status = 'open' AND t.assignee_id IS NOT NULL AND NOT ${memberOf('t.assignee_id', '$2')} RETURNING t.id`,
      [caseId, officeId, assigneeId],
    );
    return rows.length;
  }

  async moveOpenCallbacks(m: EntityManager, caseId: string, fromOfficeId: string, toOfficeId: string): Promise<number> {
    const rows = await updateReturning(
      m,
      `UPDATE callbacks b SET office_id = $3, assignee_id = CASE WHEN b.assignee_id IS NOT NULL AND ${memberOf('b.assignee_id', '$3')} THEN b.assignee_id END,
              version = version + 1, updated_at = mayak_now()
        WHERE b.case_id = $1 AND b.office_id = $2 AND b.status IN ${MOVABLE_CALLBACKS} RETURNING b.id`,
      [caseId, fromOfficeId, toOfficeId],
    );
    return rows.length;
  }

  async moveOpenReferrals(m: EntityManager, caseId: string, fromOfficeId: string, toOfficeId: string): Promise<number> {
    const rows = await updateReturning(
      m,
      `UPDATE referrals SET office_id = $3, version = version + 1, updated_at = mayak_now() WHERE case_id = $1 AND office_id = $2 AND status IN ${MOVABLE_REFERRALS} RETURNING id`,
      [caseId, fromOfficeId, toOfficeId],
    );
    return rows.length;
  }

  async pendingTo(officeIds: string[], limit: number, offset: number): Promise<{ rows: TransferRow[]; total: number }> {
    if (!officeIds.length) return { rows: [], total: 0 };
    const qb = this.withCase().where(`t.status = 'pending' AND t.to_office_id = ANY(:officeIds)`, { officeIds });
    const [rows, total] = await Promise.all([
      this.rows(qb.clone().orderBy('t.requested_at', 'ASC').addOrderBy('t.id', 'ASC').limit(limit).offset(offset)),
      qb.clone().getCount(),
    ]);
    return { rows, total };
  }

  async forCase(caseId: string): Promise<TransferRow[]> {
    return this.rows(this.withCase().where('t.case_id = :caseId', { caseId }).orderBy('t.requested_at', 'DESC').addOrderBy('t.id', 'DESC').limit(100));
  }

  async row(m: EntityManager, id: string): Promise<TransferRow> {
    const [row] = await this.rows(this.withCase(m).where('t.id = :id', { id }));
    return row;
  }

  private withCase(m: EntityManager = this.dataSource.manager) {
    return m
      .getRepository(CaseTransfer)
      .createQueryBuilder('t')
      .innerJoin(Case, 'c', 'c.id = t.case_id')
      .addSelect(['c.reference AS case_reference', 'c.type AS case_type', 'c.priority AS case_priority', 'c.status AS case_status']);
  }

  private async rows(qb: ReturnType<SqlCaseTransfersRepository['withCase']>): Promise<TransferRow[]> {
    const { entities, raw } = await qb.getRawAndEntities<{
      case_reference: string;
      case_type: string;
      case_priority: Case['priority'];
      case_status: Case['status'];
    }>();
    return entities.map((transfer, i) => ({
      transfer,
      caseReference: raw[i].case_reference,
      caseType: raw[i].case_type,
      casePriority: raw[i].case_priority,
      caseStatus: raw[i].case_status,
    }));
  }
}
