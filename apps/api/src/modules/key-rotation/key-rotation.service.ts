import { Injectable } from '@nestjs/common';
import { AuditAction } from '#api/core/audit/audit-actions';
import { AuditService } from '#api/core/audit/audit.service';
import { BlindIndex } from '#api/core/crypto/blind-index';
import { Encrypted } from '#api/core/crypto/encrypted-columns';
import { CiphertextError, describeCiphertext, FieldCipher } from '#api/core/crypto/field-cipher';
import { BlobStore } from '#api/core/storage/blob-store';
import { contextOf as knowledgeFileContext } from '../knowledge/knowledge-files.service';
import { contextOf as attachmentContext } from '../messaging/attachments.service';
import { caseAttachmentContext } from '../cases/case-attachments.service';
import { IdentifierVault } from '../people/identifier-vault';
import { FILE_STEPS, KeyRotationRepository, type FileStep, type Rewrite } from './key-rotation.repository';
import { NUMBER_SOURCES, ROTATION_PLAN, type RotatedTable } from './rotation-plan';

export const DEFAULT_BATCH_SIZE = 500;
export const MAX_BATCH_SIZE = 5000;
export const DEFAULT_MAX_BATCHES = 1000;
const FILE_BATCH = 50;

/** What each sealed file's seal is bound to, per file step. */
const FILE_CONTEXTS: Record<FileStep, (id: string) => string> = {
  attachment_files: attachmentContext,
  knowledge_files: knowledgeFileContext,
  case_attachment_files: caseAttachmentContext,
};

/** The steps of a run, in order: each table of the plan, then the sealed files. `--from` starts at one of them. */
export const ROTATION_STEPS: readonly string[] = [...ROTATION_PLAN.map((t) => t.table), ...FILE_STEPS];

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
    private readonly rotation: KeyRotationRepository,
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
      columns: {},
      hashes: {},
      files: {},
      scanned: 0,
      rewritten: 0,
      rehashed: 0,
      filesResealed: 0,
      changedMeanwhile: 0,
      unreadable: {},
      flags: { linked: 0, linkable: 0, withoutNumber: 0 },
      stoppedAt: null,
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
          encryptionKey: report.encryption.active,
          hashKey: report.hashing.active,
          scanned: report.scanned,
          rewritten: report.rewritten,
          rehashed: report.rehashed,
          filesResealed: report.filesResealed,
          changedMeanwhile: report.changedMeanwhile,
          unreadable: Object.values(report.unreadable).reduce((a, b) => a + b, 0),
          flagsLinked: report.flags.linked,
          flagsWithoutNumber: report.flags.withoutNumber,
          complete: report.stoppedAt === null,
          ...(options.from && (start > 0 || options.from.after) ? { from: options.from.step } : {}),
        },
      });
    }
    return report;
  }

  /** One table; the last id read when it stopped at maxBatches (null: it reached the end). */
  private async rotateTable(
    t: RotatedTable,
    mode: RotationOptions['mode'],
    from: string | null,
    batchSize: number,
    maxBatches: number,
    report: RotationReport,
    say: (line: string) => void,
  ): Promise<string | null> {
    let after = from;
    for (let batch = 0; ; batch++) {
      if (batch >= maxBatches) return after;
      const rows = await this.rotation.encryptedRows(t, after, batchSize);
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
            count(
              (report.hashes[`${t.table}.${h.column}`] ??= {}),
              mode === 'rotate' ? this.blind.activeKeyId : under >= 0 ? this.blind.keyIds[under] : 'none',
            );
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
        await this.rotation.transaction(async (m) => {
          for (const [n, value] of t.values.entries()) {
            if (!rewrites[n].length) continue;
            attempted += rewrites[n].length;
            const done = new Set(await this.rotation.compareAndSet(m, t, value.column.column, value.hashes ?? [], rewrites[n]));
            written += done.size;
            for (const w of rewrites[n].filter((r) => done.has(r.id))) {
              if (w.newValue !== w.oldValue) report.rewritten += 1;
              if (w.hashes.some((h) => h.old !== h.new)) report.rehashed += 1;
            }
          }
        });
        report.changedMeanwhile += attempted - written;
      }
      say(
        `${t.table}: ${rows.length} row(s) read${mode === 'rotate' ? `, ${written} value(s) rewritten${attempted > written ? `, ${attempted - written} changed meanwhile (left as they are)` : ''}` : ''}`,
      );
      if (rows.length < batchSize) return null;
    }
  }

  /**
   * Flags on a number written before flags kept the number itself hold only its hash: they learn
   * the number from another row with the same hash (still under the key the flag was hashed with,
   * so this runs before those rows are recomputed), and keep it encrypted from then on.
   */
  private async linkFlaggedNumbers(mode: RotationOptions['mode'], report: RotationReport, say: (line: string) => void): Promise<void> {
    let after: string | null = null;
    for (;;) {
      const flags = await this.rotation.flagsWithoutNumber(after, DEFAULT_BATCH_SIZE);
      if (!flags.length) return;
      after = flags[flags.length - 1].id;
      let linked = 0;
      for (const flag of flags) {
        const e164 = await this.numberOfHash(flag.phoneHash);
        if (e164 === null) report.flags.withoutNumber += 1;
        else if (mode === 'check') report.flags.linkable += 1;
        if (e164 === null || mode === 'check') continue;
        if (
          await this.rotation.linkFlagToNumber(
            flag.id,
            this.vault.encrypt(e164, Encrypted.flagPhone.at(flag.id)),
            this.vault.phoneHashesOf(e164)[0],
            flag.phoneHash,
          )
        )
          linked += 1;
      }
      report.flags.linked += linked;
      say(`person_flags: ${flags.length} flag(s) on a number without the number${mode === 'rotate' ? `, ${linked} linked to it` : ''}`);
      if (flags.length < DEFAULT_BATCH_SIZE) return;
    }
  }

  /** The number (E.164) another row holds under this phone hash, checked against the hash; null when no row has it. */
  private async numberOfHash(hash: string): Promise<string | null> {
    for (const source of NUMBER_SOURCES) {
      const rows = await this.rotation.numbersUnderHash(source, hash);
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
  private async rotateFiles(
    step: FileStep,
    mode: RotationOptions['mode'],
    from: string | null,
    maxBatches: number,
    report: RotationReport,
    say: (line: string) => void,
  ): Promise<string | null> {
    const context = FILE_CONTEXTS[step];
    let after = from;
    for (let batch = 0; ; batch++) {
      if (batch >= maxBatches) return after;
      const rows = await this.rotation.sealedFiles(step, after, FILE_BATCH);
      if (!rows.length) return null;
      after = rows[rows.length - 1].id;
      let resealed = 0;
      for (const row of rows) {
        const sealed = await this.store.get(row.storageKey);
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
        await this.store.put(row.storageKey, this.cipher.sealBytes(bytes, context(row.id)));
        // A file erased or removed while it was resealed: it goes, as the erasure or removal meant.
        if (!(await this.rotation.isFileStillKept(step, row.id, row.storageKey))) {
          await this.store.delete(row.storageKey);
          continue;
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
