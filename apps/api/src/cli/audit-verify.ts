import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { resolve } from 'node:path';
import { EntitiesModule } from '../app/entities.module';
import { AuditModule } from '../core/audit/audit.module';
import { readLastLine } from '../core/audit/audit-checkpoint-store';
import { AuditSealer } from '../core/audit/audit-sealer';
import { AuditVerifier, type ChainBreak, type ChainBreakReason, type GivenCheckpoint, type VerificationReport } from '../core/audit/audit-verifier';
import { ClockModule } from '../core/clock/clock.module';
import { ConfigModule } from '../core/config/config.module';
import { DatabaseModule } from '../core/database/database.module';
import { parseArgs } from './prompt';

@Module({ imports: [ConfigModule, ClockModule, DatabaseModule, EntitiesModule, AuditModule] })
class AuditCliModule {}

const REASONS: Record<ChainBreakReason, string> = {
  row_altered: 'its contents no longer match the hash sealed for it (changed after sealing, or the seal was recomputed without the chain key)',
  row_missing: 'the row was deleted',
  seal_altered: 'its seal does not link to the previous one',
  position_gap: 'a seal is missing before it',
  unknown_key: 'its seal names a key id that AUDIT_CHAIN_KEY does not list (a key removed too soon, or a forged seal)',
  unkeyed_seal: 'its seal is plain SHA-256 although keyed seals come before it (re-sealed without the chain key)',
  checkpoint_mismatch: 'the chain here no longer has the hash the checkpoint recorded (rewritten since the checkpoint)',
  tail_cut: "it is missing: the chain ends before the checkpoint's position (rows cut off the end)",
  checkpoint_forged: 'the checkpoint does not verify under AUDIT_CHAIN_KEY (written by someone without the key)',
};

/**
 * `--checkpoint <file or JSON line>`: verify against that checkpoint (a line copied off the
 * machine, or the last line of a file) instead of the latest one in AUDIT_CHECKPOINT_DIR.
 */
async function givenCheckpoint(value: string | undefined): Promise<GivenCheckpoint | undefined> {
  if (value === undefined) return undefined;
  if (value === 'true' || value === '') throw new Error('--checkpoint needs a checkpoint file or a checkpoint JSON line');
  if (value.trimStart().startsWith('{')) return { line: value.trim(), source: 'the checkpoint given on the command line' };
  const path = resolve(value);
  const line = await readLastLine(path);
  if (line === null) throw new Error(`--checkpoint: ${path} does not exist or holds no checkpoint line`);
  return { line, source: path };
}

function describeBreak(report: VerificationReport, b: ChainBreak): string {
  if (b.reason === 'checkpoint_forged' && report.checkpoint.status === 'forged') {
    return `Audit checkpoint FORGED in ${report.checkpoint.source}: ${report.checkpoint.detail}; ${REASONS.checkpoint_forged}.`;
  }
  const row = b.auditId ? `audit row ${b.auditId}` : 'no row';
  return `Audit chain BROKEN at position ${b.position}: ${row}: ${REASONS[b.reason]}.`;
}

/**
 * Walks the audit hash chain and holds it against the latest checkpoint; exit code 1 and the
 * first broken, missing or cut-off row if anything was altered. Prints the latest checkpoint for
 * the administrator to keep elsewhere.
 */
async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const checkpoint = await givenCheckpoint(args.checkpoint);
  const app = await NestFactory.createApplicationContext(AuditCliModule, { logger: ['error', 'warn'] });
  try {
    if (args.seal === 'true') console.log(`Sealed ${await app.get(AuditSealer).sealPending()} pending row(s).`);
    const report = await app.get(AuditVerifier).verify({ checkpoint });
    if (report.ok) {
      console.log(`Audit chain intact: ${report.checked} sealed row(s) verified; ${report.unsealed} row(s) awaiting sealing.`);
      if (report.legacy > 0) console.log(`The first ${report.legacy} seal(s) are plain SHA-256 from before AUDIT_CHAIN_KEY; every later one is keyed.`);
    } else if (report.firstBreak) {
      console.error(describeBreak(report, report.firstBreak));
      console.error(
        report.firstBreak.reason === 'checkpoint_forged'
          ? `The chain itself holds: ${report.checked} sealed row(s) verified.`
          : `${report.checked} row(s) before it verified.`,
      );
      process.exitCode = 1;
    }
    const c = report.checkpoint;
    if (c.status === 'none') {
      console.log(
        `No checkpoint yet in ${c.source}: nothing outside the database anchors the chain's end, so a cut-off tail would go unnoticed. The worker writes one every few minutes once rows are sealed.`,
      );
    } else if (c.status === 'valid') {
      console.log(`Held against the checkpoint of ${c.checkpoint.at} at position ${c.checkpoint.position} (${c.source}).`);
      console.log(`Latest checkpoint (keep a copy off this machine; verify against it with --checkpoint '<line>'):\n${c.line}`);
    }
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
