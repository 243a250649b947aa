import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditCheckpointStore } from './audit-checkpoint-store';
import { AuditCheckpointer } from './audit-checkpointer';
import { AuditEntry } from './audit-entry.entity';
import { AuditLogService } from './audit-log.service';
import { AuditSeal } from './audit-seal.entity';
import { AuditSealer } from './audit-sealer';
import { AuditVerifier } from './audit-verifier';
import { AuditService } from './audit.service';

/** Global: every module records through AuditService. The controller lives in ApiModule. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([AuditEntry, AuditSeal])],
  providers: [AuditService, AuditLogService, AuditSealer, AuditVerifier, AuditCheckpointStore, AuditCheckpointer],
  exports: [AuditService, AuditLogService, AuditSealer, AuditVerifier, AuditCheckpointer],
})
export class AuditModule {}
