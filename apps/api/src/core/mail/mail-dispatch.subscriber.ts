import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntitySubscriberInterface, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
import { MailOutbox, PENDING_MAILS } from './mail-outbox';

/**
 * Queues the mails a transaction wrote once it has committed (a job for a mail that was rolled
 * back, or is not yet visible, would find nothing). The ids ride on the transaction's query
 * runner; a job that cannot be queued then is put back by the reconciler.
 */
@Injectable()
export class MailDispatchSubscriber implements EntitySubscriberInterface, OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: MailOutbox,
  ) {}

  onModuleInit(): void {
    if (!this.dataSource.subscribers.includes(this)) this.dataSource.subscribers.push(this);
  }

  async afterTransactionCommit(event: TransactionCommitEvent): Promise<void> {
    // A savepoint released inside a longer transaction is not the commit.
    if (event.queryRunner.isTransactionActive) return;
    const ids = event.queryRunner.data[PENDING_MAILS] as string[] | undefined;
    if (!ids?.length) return;
    delete event.queryRunner.data[PENDING_MAILS];
    await this.outbox.dispatch(ids);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (!event.queryRunner.isTransactionActive) delete event.queryRunner.data[PENDING_MAILS];
  }
}
