import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EntitiesModule } from '../app/entities.module';
import { AuditModule } from '../core/audit/audit.module';
import { ClockModule } from '../core/clock/clock.module';
import { ConfigModule } from '../core/config/config.module';
import { CryptoModule } from '../core/crypto/crypto.module';
import { DatabaseModule } from '../core/database/database.module';
import { StorageModule } from '../core/storage/storage.module';
import { KeyRotationModule } from '../modules/key-rotation/key-rotation.module';
import {
  DEFAULT_BATCH_SIZE,
  DEFAULT_MAX_BATCHES,
  KeyRotationService,
  MAX_BATCH_SIZE,
  ROTATION_STEPS,
  type KeyCounts,
  type RotationReport,
} from '../modules/key-rotation/key-rotation.service';
import { parseArgs } from './prompt';

@Module({ imports: [ConfigModule, ClockModule, DatabaseModule, EntitiesModule, CryptoModule, AuditModule, StorageModule, KeyRotationModule] })
class KeysCliModule {}

const USAGE = `npm run keys:rotate [-- --check] [--batch-size N] [--max-batches N] [--from <step>[:<id>]]
  (no option)     re-encrypt every value and file under ENCRYPTION_ACTIVE_KEY_ID, bound to its row, and
                  recompute every keyed hash under IDENTIFIER_HASH_ACTIVE_KEY_ID; audited
  --check         count what is under each key and change nothing (npm run keys:status)
  --batch-size N  rows per batch, each batch one transaction (default ${DEFAULT_BATCH_SIZE}, at most ${MAX_BATCH_SIZE})
  --max-batches N batches per table before the run stops and says where to go on (default ${DEFAULT_MAX_BATCHES})
  --from S[:id]   go on where a run stopped (steps: ${ROTATION_STEPS.join(', ')})`;

function positive(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number of at least 1\n${USAGE}`);
  return n;
}

function counts(c: KeyCounts): string {
  const entries = Object.entries(c).sort(([a], [b]) => a.localeCompare(b));
  return entries.length ? entries.map(([key, n]) => `${key} ${n}`).join(', ') : 'none';
}

function sum(groups: Record<string, KeyCounts>, key: string): number {
  return Object.values(groups).reduce((total, c) => total + (c[key] ?? 0), 0);
}

/** What is under each key now, and which old keys may go. */
function describe(report: RotationReport): string[] {
  const lines: string[] = [];
  lines.push(`Encryption (ENCRYPTION_KEYS): active key ${report.encryption.active}; configured ${report.encryption.configured.join(', ')}`);
  for (const [place, c] of Object.entries(report.columns)) lines.push(`  ${place}: ${counts(c)}`);
  lines.push(`  sealed files: ${counts(report.files)}`);
  lines.push(`Identifier hashes (IDENTIFIER_HASH_KEY): active key ${report.hashing.active}; configured ${report.hashing.configured.join(', ')}`);
  for (const [place, c] of Object.entries(report.hashes)) lines.push(`  ${place}: ${counts(c)}`);
  if (report.flags.withoutNumber || report.flags.linkable || report.flags.linked) {
    lines.push(
      `  person_flags on a number kept without the number: ${report.flags.linked} linked to it now, ${report.flags.linkable} to link, ${report.flags.withoutNumber} whose number is in no other row`,
    );
  }
  const partial = report.stoppedAt !== null;
  for (const key of report.encryption.configured) {
    const legacy = sum(report.columns, `${key} (legacy)`);
    const bound = key === report.encryption.active ? 0 : sum(report.columns, key) + (report.files[key] ?? 0);
    if (key === report.encryption.active) {
      if (legacy) lines.push(`${legacy} value(s) under ${key} are not yet bound to their row (legacy): run npm run keys:rotate.`);
      continue;
    }
    if (legacy + bound) lines.push(`Key ${key} still encrypts ${legacy + bound} value(s) or file(s): keep it in ENCRYPTION_KEYS and run npm run keys:rotate.`);
    else if (!partial) lines.push(`Key ${key}: nothing needs it any more; it may be removed from ENCRYPTION_KEYS (then restart the API and the worker).`);
  }
  for (const key of report.hashing.configured.filter((k) => k !== report.hashing.active)) {
    const held = sum(report.hashes, key);
    if (held) lines.push(`Hash key ${key} still computed ${held} stored hash(es): keep it in IDENTIFIER_HASH_KEY and run npm run keys:rotate.`);
    else if (!partial) {
      const flags = report.flags.withoutNumber + report.flags.linkable;
      lines.push(
        `Hash key ${key}: no stored hash needs it${flags ? ` (except perhaps ${flags} flag(s) on a number whose number is not known)` : ''}; it may be removed from IDENTIFIER_HASH_KEY (then restart the API and the worker).`,
      );
    }
  }
  const unmatched = sum(report.hashes, 'none');
  if (unmatched)
    lines.push(`${unmatched} stored hash(es) match none of the listed hash keys (computed under a key no longer listed): npm run keys:rotate recomputes them.`);
  const unreadable = Object.entries(report.unreadable);
  if (unreadable.length)
    lines.push(`Do not open with the configured keys (a key removed too early, or altered): ${unreadable.map(([place, n]) => `${place} ${n}`).join(', ')}.`);
  if (report.stoppedAt)
    lines.push(
      `Stopped after ${report.stoppedAt.step} ${report.stoppedAt.after} (--max-batches): go on with npm run keys:rotate -- --from ${report.stoppedAt.step}:${report.stoppedAt.after}${report.mode === 'check' ? ' --check' : ''}`,
    );
  return lines;
}

/**
 * `npm run keys:rotate`: re-encrypts every encrypted value and sealed file under the active key,
 * bound to its row, and recomputes every keyed hash under the active hash key; `--check` reports
 * what is under each key, so an administrator knows when an old key may be removed.
 */
async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    console.log(USAGE);
    return;
  }
  const check = args.check === 'true';
  const batchSize = positive(args['batch-size'], '--batch-size');
  const maxBatches = positive(args['max-batches'], '--max-batches');
  let from: { step: string; after: string | null } | undefined;
  if (args.from !== undefined) {
    const [step, ...rest] = args.from.split(':');
    if (!ROTATION_STEPS.includes(step)) throw new Error(`--from: no step "${step}"\n${USAGE}`);
    from = { step, after: rest.length ? rest.join(':') : null };
  }
  const app = await NestFactory.createApplicationContext(KeysCliModule, { logger: ['error', 'warn'] });
  try {
    const report = await app
      .get(KeyRotationService)
      .run({ mode: check ? 'check' : 'rotate', batchSize, maxBatches, from, onProgress: (line) => console.log(line) });
    if (!check) {
      console.log(
        `Rotation ${report.stoppedAt ? 'stopped' : 'done'}: ${report.scanned} row(s) and file(s) read, ${report.rewritten} value(s) re-encrypted, ${report.rehashed} row(s) re-hashed, ${report.filesResealed} file(s) sealed again, ${report.changedMeanwhile} left as the application changed them meanwhile.`,
      );
    }
    for (const line of describe(report)) console.log(line);
    if (Object.keys(report.unreadable).length) process.exitCode = 2;
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
