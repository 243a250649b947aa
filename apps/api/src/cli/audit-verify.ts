import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuditModule } from '../core/audit/audit.module';
import { AuditSealer } from '../core/audit/audit-sealer';
import { AuditVerifier } from '../core/audit/audit-verifier';
import { ClockModule } from '../core/clock/clock.module';
import { ConfigModule } from '../core/config/config.module';
import { DatabaseModule } from '../core/database/database.module';
import { parseArgs } from './prompt';

@Module({ imports: [ConfigModule, ClockModule, DatabaseModule, AuditModule] })
class AuditCliModule {}

const REASONS = {
  row_altered: 'its contents no longer match the hash sealed for it (changed after sealing)',
  row_missing: 'the row was deleted',
  seal_altered: 'its seal does not link to the previous one',
  position_gap: 'a seal is missing before it',
} as const;

/** Walks the audit hash chain; exit code 1 and the first broken row if anything was altered. */
async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const app = await NestFactory.createApplicationContext(AuditCliModule, { logger: ['error', 'warn'] });
  try {
    if (args.seal === 'true') console.log(`Sealed ${await app.get(AuditSealer).sealPending()} pending row(s).`);
    const report = await app.get(AuditVerifier).verify();
    if (report.ok) {
      console.log(`Audit chain intact: ${report.checked} sealed row(s) verified; ${report.unsealed} row(s) awaiting sealing.`);
    } else {
      const b = report.firstBreak!;
      console.error(`Audit chain BROKEN at position ${b.position}: audit row ${b.auditId}: ${REASONS[b.reason]}.`);
      console.error(`${report.checked} row(s) before it verified.`);
      process.exitCode = 1;
    }
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
