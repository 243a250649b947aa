import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { updateReturning } from '#api/core/database/update-returning';
import { CaseAttachment } from './case-attachment.entity';
import { loadUserRefs, type UserRef } from './user-refs';

export type NewCaseAttachment = Pick<
  CaseAttachment,
  'id' | 'caseId' | 'fileName' | 'contentType' | 'sizeBytes' | 'category' | 'description' | 'storageKey' | 'uploadedById'
>;

/** Files kept with cases. */
export abstract class CaseAttachmentsRepository {
  abstract transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T>;
  /** The names of the people who uploaded files. */
  abstract userRefs(ids: (string | null)[]): Promise<Map<string, UserRef>>;
  /** Records a kept file. */
  abstract insert(m: EntityManager, file: NewCaseAttachment): Promise<void>;
  /** The files a case keeps, newest first, a page at a time, and how many there are. */
  abstract pageKept(caseId: string, limit: number, offset: number): Promise<{ items: CaseAttachment[]; total: number }>;
  /** A file of this case (kept, removed or erased), optionally locked for a change, or null. */
  abstract findOnCase(caseId: string, id: string, m?: EntityManager, lock?: boolean): Promise<CaseAttachment | null>;
  /** Takes a kept file off its case, recording who did; false when it was no longer kept. */
  abstract markRemoved(m: EntityManager, id: string, userId: string): Promise<boolean>;
  /** Retention: the files of these cases lose their names and descriptions (their files go by the sweep); how many did. */
  abstract eraseOfCases(m: EntityManager, caseIds: string[]): Promise<number>;
  /** Removed or erased files whose sealed file may still be in the store (up to `limit`). */
  abstract discardedWithFiles(limit: number): Promise<{ id: string; storageKey: string }[]>;
  /** Its file is gone from the store. */
  abstract forgetFile(id: string, storageKey: string): Promise<void>;
}

@Injectable()
export class SqlCaseAttachmentsRepository extends CaseAttachmentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async userRefs(ids: (string | null)[]): Promise<Map<string, UserRef>> {
    return loadUserRefs(this.dataSource.manager, ids);
  }

  async insert(m: EntityManager, file: NewCaseAttachment): Promise<void> {
    await m.insert(CaseAttachment, { ...file, status: 'kept' });
  }

  async pageKept(caseId: string, limit: number, offset: number): Promise<{ items: CaseAttachment[]; total: number }> {
    const qb = this.dataSource
      .getRepository(CaseAttachment)
      .createQueryBuilder('a')
      .where('a.case_id = :caseId AND a.status = :kept', { caseId, kept: 'kept' });
    const [items, total] = await Promise.all([
      qb.clone().orderBy('a.created_at', 'DESC').addOrderBy('a.id', 'DESC').limit(limit).offset(offset).getMany(),
      qb.clone().getCount(),
    ]);
    return { items, total };
  }

  async findOnCase(caseId: string, id: string, m: EntityManager = this.dataSource.manager, lock = false): Promise<CaseAttachment | null> {
    const qb = m.getRepository(CaseAttachment).createQueryBuilder('a').where('a.id = :id AND a.case_id = :caseId', { id, caseId });
    if (lock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  async markRemoved(m: EntityManager, id: string, userId: string): Promise<boolean> {
    const rows = await updateReturning(
      m,
      `UPDATE case_attachments SET status = 'removed', removed_at = mayak_now(), removed_by_id = $2 WHERE id = $1 AND status = 'kept' RETURNING id`,
      [id, userId],
    );
    return rows.length > 0;
  }

  async eraseOfCases(m: EntityManager, caseIds: string[]): Promise<number> {
    const rows = await updateReturning(
      m,
      `UPDATE case_attachments SET status = 'erased', erased_at = mayak_now(), file_name = '—', description = NULL WHERE case_id = ANY($1) AND status <> 'erased' RETURNING id`,
      [caseIds],
    );
    return rows.length;
  }

  async discardedWithFiles(limit: number): Promise<{ id: string; storageKey: string }[]> {
    const rows = (await this.dataSource.query(
      `SELECT id, storage_key FROM case_attachments WHERE status <> 'kept' AND storage_key IS NOT NULL ORDER BY id LIMIT $1`,
      [limit],
    )) as { id: string; storage_key: string }[];
    return rows.map((r) => ({ id: r.id, storageKey: r.storage_key }));
  }

  async forgetFile(id: string, storageKey: string): Promise<void> {
    await this.dataSource.query(`UPDATE case_attachments SET storage_key = NULL WHERE id = $1 AND storage_key = $2 AND status <> 'kept'`, [id, storageKey]);
  }
}
