import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Clock } from '../clock/clock';
import { OnJob } from '../queue/job-handler';
import { JobName } from '../queue/queue-names';
import { activeChainKey, type ChainKey } from './audit-chain';
import { checkpointLine, makeCheckpoint, type AuditCheckpoint } from './audit-checkpoint';
import { AuditCheckpointStore } from './audit-checkpoint-store';
import { AuditVerifier, type ChainHead } from './audit-verifier';

export class AuditCheckpointRefused extends Error {}

/**
 * On a schedule, appends the chain's head to the checkpoint file outside the database, once the
 * stretch since the previous checkpoint has been verified: a checkpoint never anchors a chain
 * that was already broken, and a tail cut off later no longer matches it.
 */
@Injectable()
export class AuditCheckpointer {
  private readonly logger = new Logger('AuditCheckpointer');
  private readonly key: ChainKey;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly verifier: AuditVerifier,
    private readonly store: AuditCheckpointStore,
    private readonly clock: Clock,
  ) {
    this.key = activeChainKey(config.auditChain);
  }

  @OnJob(JobName.AuditCheckpoint)
  async onCheckpointJob(): Promise<{ position: string | null }> {
    const written = await this.writeCheckpoint();
    return { position: written?.position ?? null };
  }

  /** The checkpoint appended, or null when nothing is sealed yet or the head has not moved since the last one. */
  async writeCheckpoint(): Promise<AuditCheckpoint | null> {
    const previous = await this.verifier.checkpoint();
    if (previous.status === 'forged') {
      // Appending after it would hide it from audit:verify, which reads the latest line.
      throw this.refuse(`the last line of ${previous.source} is not a valid checkpoint (${previous.detail}); move the file aside once it has been looked into`);
    }
    let head: ChainHead | null;
    if (previous.status === 'valid') {
      const since = await this.verifier.verifySince(previous.checkpoint);
      if (since.firstBreak)
        throw this.refuse(`the audit chain is broken at position ${since.firstBreak.position} (${since.firstBreak.reason}); run npm run audit:verify`);
      head = since.head;
    } else {
      const report = await this.verifier.verify();
      if (report.firstBreak)
        throw this.refuse(`the audit chain is broken at position ${report.firstBreak.position} (${report.firstBreak.reason}); run npm run audit:verify`);
      head = report.head;
    }
    if (!head) return null;
    if (previous.status === 'valid' && previous.checkpoint.position === head.position) return null;
    const database = await this.verifier.database();
    // The chain was just verified to run without gaps from position 1: its count is the head's position.
    const checkpoint = makeCheckpoint(this.key, {
      database,
      position: head.position,
      auditId: head.auditId,
      hash: head.hash,
      sealed: Number(head.position),
      at: this.clock.now().toISOString(),
    });
    const path = await this.store.append(database, checkpointLine(checkpoint));
    this.logger.debug(`audit checkpoint at position ${checkpoint.position} written to ${path}`);
    return checkpoint;
  }

  private refuse(why: string): AuditCheckpointRefused {
    this.logger.error(`no audit checkpoint written: ${why}`);
    return new AuditCheckpointRefused(why);
  }
}
