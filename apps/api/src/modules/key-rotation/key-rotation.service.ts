import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditAction } from '../../core/audit/audit-actions';
import { AuditService } from '../../core/audit/audit.service';
import { BlindIndex } from '../../core/crypto/blind-index';
import { Encrypted } from '../../core/crypto/encrypted-columns';
import { CiphertextError, describeCiphertext, FieldCipher } from '../../core/crypto/field-cipher';
import { updateReturning } from '../../core/database/update-returning';
import { BlobStore } from '../../core/storage/blob-store';
import { contextOf as knowledgeFileContext } from '../knowledge/knowledge-files.service';
import { contextOf as attachmentContext } from '../messaging/attachments.service';
import { caseAttachmentContext } from '../cases/case-attachments.service';
import { IdentifierVault } from '../people/identifier-vault';
import { NUMBER_SOURCES, ROTATION_PLAN, type DerivedHash, type RotatedTable, type StoredRow } from './rotation-plan';

export const DEFAULT_BATCH_SIZE = 500;
export const MAX_BATCH_SIZE = 5000;
export const DEFAULT_MAX_BATCHES = 1000;
const FILE_BATCH = 50;

/**
 * Sealed files, one step each: which rows name a file and what its seal is bound to. `stillKept`
 * ($1 id, $2 storage key): whether the row still wants its file after it was sealed again (a file
 * removed or erased meanwhile is deleted, as that meant).
 */
const FILE_STEPS = {
  attachment_files: {
    context: attachmentContext,
    select: (after: boolean) => `SELECT id::text AS id, storage_key FROM message_attachments WHERE status = 'stored' AND storage_key IS NOT NULL ${after ? 'AND id > $2::uuid' : ''} ORDER BY id LIMIT $1`,
    stillKept: `SELECT 1 AS ok FROM message_attachments WHERE id = $1 AND status = 'stored' AND storage_key = $2`,
  },
  knowledge_files: {
    context: knowledgeFileContext,
    select: (after: boolean) => `SELECT id::text AS id, storage_key FROM knowledge_files ${after ? 'WHERE id > $2::uuid' : ''} ORDER BY id LIMIT $1`,
    stillKept: null,
  },
  case_attachment_files: {
    context: caseAttachmentContext,
    select: (after: boolean) => `SELECT id::text AS id, storage_key FROM case_attachments WHERE status = 'kept' AND storage_key IS NOT NULL ${after ? 'AND id > $2::uuid' : ''} ORDER BY id LIMIT $1`,
    stillKept: `SELECT 1 AS ok FROM case_attachments WHERE id = $1 AND status = 'kept' AND storage_key = $2`,
  },
} as const;
type FileStep = keyof typeof FILE_STEPS;

/** The steps of a run, in order: each table of the plan, then the sealed files. `--from` starts at one of them. */
export const ROTATION_STEPS: readonly string[] = [...ROTATION_PLAN.map((t) => t.table), ...Object.keys(FILE_STEPS)];

export interface RotationOptions {
  /** check: count only, change nothing. */
  mode: 'rotate' | 'check';
  batchSize?: number;
  /** Per step; a step that reaches it stops there, and the report says where to go on from. */
  maxBatches?: number;
  /** Start at this step (after this id, if given): where an earlier run stopped. */
  from?: { step: string; after: string | null };
  onProgress?: (line: string) => void;
}

/** How many values (or files) are under each key: "k2" for bound values, "k1 (legacy)" for values from before rows were bound. */
export type KeyCounts = Record<string, number>;

export interface RotationReport {
  mode: 'rotate' | 'check';
  encryption: { active: string; configured: string[] };
  hashing: { active: string; configured: string[] };
  /** Per encrypted column (`table.column`): values under each key, after this run. */
  columns: Record<string, KeyCounts>;
  /** Per keyed hash column: hashes under each hash key id ("none": under no configured key, e.g. a key already removed). */
  hashes: Record<string, KeyCounts>;
  /** Sealed files (attachments, knowledge files, case files) under each key. */
  files: KeyCounts;
  scanned: number;
  rewritten: number;
  rehashed: number;
  filesResealed: number;
  /** Rows the running application changed between this run's read and its write: left as the application wrote them. */
  changedMeanwhile: number;
  /** Values or files that do not open with the configured keys (a key removed too early, or tampering), by place. */
  unreadable: Record<string, number>;
  /**
   * Flags on a number from before flags kept their number: linked to it by this run, that a run
   * would link (check), and those whose number is in no other row (they match only while their hash key is listed).
   */
  flags: { linked: number; linkable: number; withoutNumber: number };
  /** Null when every step ran to its end; otherwise where to go on (`--from`). */
  stoppedAt: { step: string; after: string } | null;
}

function count(counts: KeyCounts, key: string, n = 1): void {
  counts[key] = (counts[key] ?? 0) + n;
}

/** A pending write of one value (and its hashes) of one row, applied only if the row still holds what was read. */
interface Rewrite {
  id: string;
  oldValue: string;
  newValue: string;
  hashes: { old: string | null; new: string | null }[];
}

/**
 * Re-encrypts every encrypted value under the active key in the bound format, reseals files under
 * the active key, and recomputes every keyed hash under the active identifier hash key, from the
 * decrypted values. In batches (keyset by id), each batch in its own transaction; a row the
 * running application changed meanwhile is left alone (compare-and-set on what was read). A second
 * run finds nothing to do. `check` counts without changing anything.
 */
@Injectable()
export class KeyRotationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cipher: FieldCipher,
    private readonly blind: BlindIndex,
    private readonly vault: IdentifierVault,
    private readonly store: BlobStore,
    private readonly audit: AuditService,
  ) {}

  async run(options: RotationOptions): Promise<RotationReport> {
    const batchSize = Math.min(Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE), MAX_BATCH_SIZE);
    const maxBatches = Math.max(1, options.maxBatches ?? DEFAULT_MAX_BATCHES);
    const report: RotationReport = {
      mode: options.mode,
      encryption: { active: this.cipher.activeKeyId, configured: this.cipher.keyIds },
      hashing: { active: this.blind.activeKeyId, configured: this.blind.keyIds },
      columns: {}, hashes: {}, files: {}, scanned: 0, rewritten: 0, rehashed: 0, filesResealed: 0, changedMeanwhile: 0, unreadable: {},
      flags: { linked: 0, linkable: 0, withoutNumber: 0 }, stoppedAt: null,
    };
    const start = options.from ? ROTATION_STEPS.indexOf(options.from.step) : 0;
    if (start < 0) throw new Error(`--from: no step "${options.from?.step ?? ''}" (steps: ${ROTATION_STEPS.join(', ')})`);
    const say = options.onProgress ?? (() => undefined);
    for (const step of ROTATION_STEPS.slice(start)) {
      const after = options.from && step === options.from.step ? options.from.after : null;
      const table = ROTATION_PLAN.find((t) => t.table === step);
      if (table?.table === 'person_flags') await this.linkFlaggedNumbers(options.mode, report, say);
      const stopped = table
        ? await this.rotateTable(table, options.mode, after, Math.min(batchSize, table.batchSize ?? batchSize), maxBatches, report, say)
        : await this.rotateFiles(step as FileStep, options.mode, after, maxBatches, report, say);
      if (stopped) {
        report.stoppedAt = { step, after: stopped };
        break;
      }
    }
    if (options.mode === 'rotate') {
      await this.audit.record({
        action: AuditAction.KeysRotated,
        summary: {
          encryptionKey: report.encryption.active, hashKey: report.hashing.active, scanned: report.scanned, rewritten: report.rewritten, rehashed: report.rehashed,
          filesResealed: report.filesResealed, changedMeanwhile: report.changedMeanwhile, unreadable: Object.values(report.unreadable).reduce((a, b) => a + b, 0),
          flagsLinked: report.flags.linked, flagsWithoutNumber: report.flags.withoutNumber, complete: report.stoppedAt === null,
          ...(options.from && (start > 0 || options.from.after) ? { from: options.from.step } : {}),
        },
      });
    }
    return report;
  }

  /** One table; the last id read when it stopped at maxBatches (null: it reached the end). */
  private async rotateTable(t: RotatedTable, mode: RotationOptions['mode'], from: string | null, batchSize: number, maxBatches: number, report: RotationReport, say: (line: string) => void): Promise<string | null> {
    const hashColumns = t.values.flatMap((v) => v.hashes ?? []);
    const select = [
      `t.${t.idColumn}::text AS id`,
      ...t.values.map((v) => `t.${v.column.column}`),
      ...hashColumns.map((h) => (h.list ? `array_to_string(t.${h.column}, ',') AS ${h.column}` : `t.${h.column}`)),
      ...(t.extra ?? []).map((c) => `t.${c}`),
    ].join(', ');
    const present = t.values.map((v) => `t.${v.column.column} IS NOT NULL`).join(' OR ');
    let after = from;
    for (let batch = 0; ; batch++) {
      if (batch >= maxBatches) return after;
      const rows = (await this.dataSource.query(
        `SELECT ${select} FROM ${t.table} t WHERE (${present}) ${after === null ? '' : `AND t.${t.idColumn} > $2::${t.idType}`} ORDER BY t.${t.idColumn} LIMIT $1`,
        after === null ? [batchSize] : [batchSize, after],
      )) as StoredRow[];
      if (!rows.length) return null;
      after = rows[rows.length - 1].id ?? after;
      report.scanned += rows.length;
      const rewrites = t.values.map(() => [] as Rewrite[]);
      for (const row of rows) {
        const id = row.id ?? '';
        t.values.forEach((value, n) => {
          const sealed = row[value.column.column];
          if (sealed === null) return;
          const place = `${t.table}.${value.column.column}`;
          const at = value.column.at(id);
          let plain: string;
          try {
            plain = this.cipher.decrypt(sealed, at);
          } catch (error) {
            if (!(error instanceof CiphertextError)) throw error;
            count(report.unreadable, place);
            return;
          }
          const rewrite = mode === 'rotate' && this.cipher.needsRotation(sealed);
          const newValue = rewrite ? this.cipher.encrypt(plain, at) : sealed;
          const hashes = (value.hashes ?? []).map((h) => {
            const stored = row[h.column];
            const computed = h.of(this.vault, plain, row);
            if (!computed) return { old: stored, new: stored };
            const candidates = computed.map((c) => (Array.isArray(c) ? c.join(',') : c));
            const under = candidates.indexOf(stored ?? '');
            count((report.hashes[`${t.table}.${h.column}`] ??= {}), mode === 'rotate' ? this.blind.activeKeyId : under >= 0 ? this.blind.keyIds[under] : 'none');
            return { old: stored, new: mode === 'rotate' ? candidates[0] : stored };
          });
          const hashChanged = hashes.some((h) => h.old !== h.new);
          const info = describeCiphertext(newValue);
          count((report.columns[place] ??= {}), info ? `${info.keyId}${info.format === 'legacy' ? ' (legacy)' : ''}` : 'unknown');
          if (rewrite || hashChanged) rewrites[n].push({ id, oldValue: sealed, newValue, hashes });
        });
      }
      let written = 0;
      let attempted = 0;
      if (mode === 'rotate' && rewrites.some((r) => r.length)) {
        await this.dataSource.transaction(async (m) => {
          for (const [n, value] of t.values.entries()) {
            if (!rewrites[n].length) continue;
            attempted += rewrites[n].length;
            const done = new Set(await this.compareAndSet(m, t, value.column.column, value.hashes ?? [], rewrites[n]));
            written += done.size;
            for (const w of rewrites[n].filter((r) => done.has(r.id))) {
              if (w.newValue !== w.oldValue) report.rewritten += 1;
              if (w.hashes.some((h) => h.old !== h.new)) report.rehashed += 1;
            }
          }
        });
        report.changedMeanwhile += attempted - written;
      }
      say(`${t.table}: ${rows.length} row(s) read${mode === 'rotate' ? `, ${written} value(s) rewritten${attempted > written ? `, ${attempted - written} changed meanwhile (left as they are)` : ''}` : ''}`);
      if (rows.length < batchSize) return null;
    }
  }

  /** Writes the batch's new values where the row still holds what was read; the ids of the rows written. */
  private async compareAndSet(m: EntityManager, t: RotatedTable, column: string, hashes: readonly DerivedHash[], rewrites: Rewrite[]): Promise<string[]> {
    const params: unknown[] = [rewrites.map((w) => w.id), rewrites.map((w) => w.oldValue), rewrites.map((w) => w.newValue)];
    const names = ['id', 'old_value', 'new_value'];
    const set = [`${column} = v.new_value`];
    const same = [`t.${t.idColumn} = v.id`, `t.${column} = v.old_value`];
    hashes.forEach((h, i) => {
      params.push(rewrites.map((w) => w.hashes[i].old), rewrites.map((w) => w.hashes[i].new));
      names.push(`old_h${i}`, `new_h${i}`);
      set.push(h.list ? `${h.column} = string_to_array(v.new_h${i}, ',')` : `${h.column} = v.new_h${i}`);
      same.push(h.list ? `array_to_string(t.${h.column}, ',') IS NOT DISTINCT FROM v.old_h${i}` : `t.${h.column} IS NOT DISTINCT FROM v.old_h${i}`);
      if (h.uniqueWith) {
        const key = h.uniqueWith.map((c) => `o.${c} = t.${c}`).join(' AND ');
        same.push(`(v.new_h${i} IS NOT DISTINCT FROM v.old_h${i} OR NOT EXISTS (SELECT 1 FROM ${t.table} o WHERE ${key} AND o.${h.column} = v.new_h${i} AND o.${t.idColumn} <> t.${t.idColumn}))`);
      }
    });
    const types = names.map((_, i) => (i === 0 ? `$1::${t.idType}[]` : `$${i + 1}::text[]`));
    const rows = await updateReturning<{ id: string }>(m,
      `UPDATE ${t.table} t SET ${set.join(', ')} FROM unnest(${types.join(', ')}) AS v(${names.join(', ')}) WHERE ${same.join(' AND ')} RETURNING t.${t.idColumn}::text AS id`,
      params);
    return rows.map((r) => r.id);
  }

  /**
   * Flags on a number written before flags kept the number itself hold only its hash: they learn
   * the number from another row with the same hash (still under the key the flag was hashed with,
   * so this runs before those rows are recomputed), and keep it encrypted from then on.
   */
  private async linkFlaggedNumbers(mode: RotationOptions['mode'], report: RotationReport, say: (line: string) => void): Promise<void> {
    let after: string | null = null;
    for (;;) {
      const flags = (await this.dataSource.query(
        `SELECT id::text AS id, phone_hash FROM person_flags WHERE phone_encrypted IS NULL AND phone_hash IS NOT NULL ${after === null ? '' : 'AND id > $2::uuid'} ORDER BY id LIMIT $1`,
        after === null ? [DEFAULT_BATCH_SIZE] : [DEFAULT_BATCH_SIZE, after],
      )) as { id: string; phone_hash: string }[];
      if (!flags.length) return;
      after = flags[flags.length - 1].id;
      let linked = 0;
      for (const flag of flags) {
        const e164 = await this.numberOfHash(flag.phone_hash);
        if (e164 === null) report.flags.withoutNumber += 1;
        else if (mode === 'check') report.flags.linkable += 1;
        if (e164 === null || mode === 'check') continue;
        const rows = await updateReturning<{ id: string }>(this.dataSource.manager,
          `UPDATE person_flags SET phone_encrypted = $2, phone_hash = $3 WHERE id = $1 AND phone_encrypted IS NULL AND phone_hash = $4 RETURNING id`,
          [flag.id, this.vault.encrypt(e164, Encrypted.flagPhone.at(flag.id)), this.vault.phoneHashesOf(e164)[0], flag.phone_hash]);
        linked += rows.length;
      }
      report.flags.linked += linked;
      say(`person_flags: ${flags.length} flag(s) on a number without the number${mode === 'rotate' ? `, ${linked} linked to it` : ''}`);
      if (flags.length < DEFAULT_BATCH_SIZE) return;
    }
  }

  /** The number (E.164) another row holds under this phone hash, checked against the hash; null when no row has it. */
  private async numberOfHash(hash: string): Promise<string | null> {
    for (const source of NUMBER_SOURCES) {
      const rows = (await this.dataSource.query(
        `SELECT id::text AS id, ${source.column.column} AS value FROM ${source.table} WHERE ${source.hash} = $1 AND ${source.column.column} IS NOT NULL ${source.where ? `AND ${source.where}` : ''} LIMIT 3`,
        [hash],
      )) as { id: string; value: string }[];
      for (const row of rows) {
        try {
          const e164 = this.vault.decrypt(row.value, source.column.at(row.id));
          if (this.vault.phoneHashesOf(e164).includes(hash)) return e164;
        } catch (error) {
          if (!(error instanceof CiphertextError)) throw error;
        }
      }
    }
    return null;
  }

  /** Sealed files: each opened and sealed again under the active key when another key sealed it. */
  private async rotateFiles(step: FileStep, mode: RotationOptions['mode'], from: string | null, maxBatches: number, report: RotationReport, say: (line: string) => void): Promise<string | null> {
    const { context, select, stillKept } = FILE_STEPS[step];
    let after = from;
    for (let batch = 0; ; batch++) {
      if (batch >= maxBatches) return after;
      const rows = (await this.dataSource.query(select(after !== null), after === null ? [FILE_BATCH] : [FILE_BATCH, after])) as { id: string; storage_key: string }[];
      if (!rows.length) return null;
      after = rows[rows.length - 1].id;
      let resealed = 0;
      for (const row of rows) {
        const sealed = await this.store.get(row.storage_key);
        if (!sealed) continue;
        report.scanned += 1;
        const keyId = this.cipher.sealedKeyId(sealed) ?? 'unknown';
        if (mode === 'check' || keyId === this.cipher.activeKeyId) {
          count(report.files, keyId);
          continue;
        }
        let bytes: Buffer;
        try {
          bytes = this.cipher.openBytes(sealed, context(row.id));
        } catch {
          count(report.unreadable, step);
          count(report.files, keyId);
          continue;
        }
        await this.store.put(row.storage_key, this.cipher.sealBytes(bytes, context(row.id)));
        // A file erased or removed while it was resealed: it goes, as the erasure or removal meant.
        if (stillKept) {
          const [still] = (await this.dataSource.query(stillKept, [row.id, row.storage_key])) as { ok: number }[];
          if (!still) {
            await this.store.delete(row.storage_key);
            continue;
          }
        }
        resealed += 1;
        count(report.files, this.cipher.activeKeyId);
      }
      report.filesResealed += resealed;
      say(`${step}: ${rows.length} file(s) read${mode === 'rotate' ? `, ${resealed} sealed again` : ''}`);
      if (rows.length < FILE_BATCH) return null;
    }
  }
}
