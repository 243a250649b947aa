import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { updateReturning } from '#api/core/database/update-returning';
import type { DerivedHash, NUMBER_SOURCES, RotatedTable, StoredRow } from './rotation-plan';

/** The tables whose rows name a sealed file, in the order a run reseals them. */
export const FILE_STEPS = ['attachment_files', 'knowledge_files', 'case_attachment_files'] as const;
export type FileStep = (typeof FILE_STEPS)[number];

export type NumberSource = (typeof NUMBER_SOURCES)[number];

/** A pending write of one value (and its hashes) of one row, applied only if the row still holds what was read. */
export interface Rewrite {
  id: string;
  oldValue: string;
  newValue: string;
  hashes: { old: string | null; new: string | null }[];
}

export interface SealedFileRow {
  id: string;
  storageKey: string;
}

/** A flag on a number that holds only the number's hash. */
export interface FlagWithoutNumber {
  id: string;
  phoneHash: string;
}

/** Reads and compare-and-set writes of the rotation; every read is a keyset batch by id (`after`: the last id read, null from the start). */
export abstract class KeyRotationRepository {
  abstract transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T>;
  /** The next rows of the table holding at least one of its encrypted values: id, values, their hashes and the columns the hashes depend on. */
  abstract encryptedRows(table: RotatedTable, after: string | null, limit: number): Promise<StoredRow[]>;
  /** Writes the new values where the row still holds what was read; the ids of the rows written. */
  abstract compareAndSet(m: EntityManager, table: RotatedTable, column: string, hashes: readonly DerivedHash[], rewrites: Rewrite[]): Promise<string[]>;
  abstract flagsWithoutNumber(after: string | null, limit: number): Promise<FlagWithoutNumber[]>;
  /** Gives the flag its number (and the number's hash under the active key) if it still has no number and the hash read; whether it was written. */
  abstract linkFlagToNumber(id: string, phoneEncrypted: string, phoneHash: string, readHash: string): Promise<boolean>;
  /** Up to three rows of the source holding a number under this hash: their ids and encrypted numbers. */
  abstract numbersUnderHash(source: NumberSource, hash: string): Promise<{ id: string; value: string }[]>;
  /** The next rows of the step that name a stored file. */
  abstract sealedFiles(step: FileStep, after: string | null, limit: number): Promise<SealedFileRow[]>;
  /** Whether the row still wants this file (one removed or erased meanwhile does not); knowledge files are kept while their row exists. */
  abstract isFileStillKept(step: FileStep, id: string, storageKey: string): Promise<boolean>;
}

/** Per file step: its keyset batch ($1 limit, $2 after) and, where rows can let go of their file, whether the row ($1 id, $2 storage key) still wants it. */
const FILE_QUERIES: Record<FileStep, { select: (after: boolean) => string; stillKept: string | null }> = {
  attachment_files: {
    select: (after) =>
      `SELECT id::text AS id, storage_key FROM message_attachments WHERE status = 'stored' AND storage_key IS NOT NULL ${after ? 'AND id > $2::uuid' : ''} ORDER BY id LIMIT $1`,
    stillKept: `SELECT 1 AS ok FROM message_attachments WHERE id = $1 AND status = 'stored' AND storage_key = $2`,
  },
  knowledge_files: {
    select: (after) => `SELECT id::text AS id, storage_key FROM knowledge_files ${after ? 'WHERE id > $2::uuid' : ''} ORDER BY id LIMIT $1`,
    stillKept: null,
  },
  case_attachment_files: {
    select: (after) =>
      `SELECT id::text AS id, storage_key FROM case_attachments WHERE status = 'kept' AND storage_key IS NOT NULL ${after ? 'AND id > $2::uuid' : ''} ORDER BY id LIMIT $1`,
    stillKept: `SELECT 1 AS ok FROM case_attachments WHERE id = $1 AND status = 'kept' AND storage_key = $2`,
  },
};

@Injectable()
export class SqlKeyRotationRepository extends KeyRotationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async encryptedRows(t: RotatedTable, after: string | null, limit: number): Promise<StoredRow[]> {
    const hashColumns = t.values.flatMap((v) => v.hashes ?? []);
    const select = [
      `t.${t.idColumn}::text AS id`,
      ...t.values.map((v) => `t.${v.column.column}`),
      ...hashColumns.map((h) => (h.list ? `array_to_string(t.${h.column}, ',') AS ${h.column}` : `t.${h.column}`)),
      ...(t.extra ?? []).map((c) => `t.${c}`),
    ].join(', ');
    const present = t.values.map((v) => `t.${v.column.column} IS NOT NULL`).join(' OR ');
    return this.dataSource.query(
      `SELECT ${select} FROM ${t.table} t WHERE (${present}) ${after === null ? '' : `AND t.${t.idColumn} > $2::${t.idType}`} ORDER BY t.${t.idColumn} LIMIT $1`,
      after === null ? [limit] : [limit, after],
    );
  }

  async compareAndSet(m: EntityManager, t: RotatedTable, column: string, hashes: readonly DerivedHash[], rewrites: Rewrite[]): Promise<string[]> {
    const params: unknown[] = [rewrites.map((w) => w.id), rewrites.map((w) => w.oldValue), rewrites.map((w) => w.newValue)];
    const names = ['id', 'old_value', 'new_value'];
    const set = [`${column} = v.new_value`];
    const same = [`t.${t.idColumn} = v.id`, `t.${column} = v.old_value`];
    hashes.forEach((h, i) => {
      params.push(
        rewrites.map((w) => w.hashes[i].old),
        rewrites.map((w) => w.hashes[i].new),
      );
      names.push(`old_h${i}`, `new_h${i}`);
      set.push(h.list ? `${h.column} = string_to_array(v.new_h${i}, ',')` : `${h.column} = v.new_h${i}`);
      same.push(h.list ? `array_to_string(t.${h.column}, ',') IS NOT DISTINCT FROM v.old_h${i}` : `t.${h.column} IS NOT DISTINCT FROM v.old_h${i}`);
      if (h.uniqueWith) {
        const key = h.uniqueWith.map((c) => `o.${c} = t.${c}`).join(' AND ');
        same.push(
          `(v.new_h${i} IS NOT DISTINCT FROM v.old_h${i} OR NOT EXISTS (SELECT 1 FROM ${t.table} o WHERE ${key} AND o.${h.column} = v.new_h${i} AND o.${t.idColumn} <> t.${t.idColumn}))`,
        );
      }
    });
    const types = names.map((_, i) => (i === 0 ? `$1::${t.idType}[]` : `$${i + 1}::text[]`));
    const rows = await updateReturning<{ id: string }>(
      m,
      `UPDATE ${t.table} t SET ${set.join(', ')} FROM unnest(${types.join(', ')}) AS v(${names.join(', ')}) WHERE ${same.join(' AND ')} RETURNING t.${t.idColumn}::text AS id`,
      params,
    );
    return rows.map((r) => r.id);
  }

  async flagsWithoutNumber(after: string | null, limit: number): Promise<FlagWithoutNumber[]> {
    const rows: { id: string; phone_hash: string }[] = await this.dataSource.query(
      `SELECT id::text AS id, phone_hash FROM person_flags WHERE phone_encrypted IS NULL AND phone_hash IS NOT NULL ${after === null ? '' : 'AND id > $2::uuid'} ORDER BY id LIMIT $1`,
      after === null ? [limit] : [limit, after],
    );
    return rows.map((r) => ({ id: r.id, phoneHash: r.phone_hash }));
  }

  async linkFlagToNumber(id: string, phoneEncrypted: string, phoneHash: string, readHash: string): Promise<boolean> {
    const rows = await updateReturning<{ id: string }>(
      this.dataSource.manager,
      `UPDATE person_flags SET phone_encrypted = $2, phone_hash = $3 WHERE id = $1 AND phone_encrypted IS NULL AND phone_hash = $4 RETURNING id`,
      [id, phoneEncrypted, phoneHash, readHash],
    );
    return rows.length > 0;
  }

  async numbersUnderHash(source: NumberSource, hash: string): Promise<{ id: string; value: string }[]> {
    return this.dataSource.query(
      `SELECT id::text AS id, ${source.column.column} AS value FROM ${source.table} WHERE ${source.hash} = $1 AND ${source.column.column} IS NOT NULL ${source.where ? `AND ${source.where}` : ''} LIMIT 3`,
      [hash],
    );
  }

  async sealedFiles(step: FileStep, after: string | null, limit: number): Promise<SealedFileRow[]> {
    const rows: { id: string; storage_key: string }[] = await this.dataSource.query(
      FILE_QUERIES[step].select(after !== null),
      after === null ? [limit] : [limit, after],
    );
    return rows.map((r) => ({ id: r.id, storageKey: r.storage_key }));
  }

  async isFileStillKept(step: FileStep, id: string, storageKey: string): Promise<boolean> {
    const { stillKept } = FILE_QUERIES[step];
    if (!stillKept) return true;
    const [still] = await this.dataSource.query(stillKept, [id, storageKey]);
    return !!still;
  }
}
