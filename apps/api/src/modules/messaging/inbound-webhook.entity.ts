import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A messaging webhook as it arrived, stored before anything else happens to it. Processing
 * marks it done and drops the payload (the conversation holds the message from then on); one
 * that fails stays pending for the worker to try again, one that cannot be routed is kept with
 * its payload and raises an alert.
 */
@Entity('inbound_webhooks')
@Index('uq_inbound_webhooks_external', ['provider', 'kind', 'externalId'], { unique: true })
@Index('ix_inbound_webhooks_pending', ['receivedAt'], { where: 'processed_at IS NULL' })
@Index('ix_inbound_webhooks_processed', ['processedAt'], { where: 'processed_at IS NOT NULL' })
@Check('ck_inbound_webhooks_kind', `kind IN ('message', 'status')`)
@Check('ck_inbound_webhooks_outcome', `outcome IS NULL OR outcome IN ('processed', 'unroutable', 'ignored')`)
export class InboundWebhook {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_inbound_webhooks' })
  id!: string;

  @Column({ type: 'timestamptz', default: () => 'mayak_now()' })
  receivedAt!: Date;

  /** Who sent it: twilio (SMS and WhatsApp), later telegram and webchat. */
  @Column({ type: 'text' })
  provider!: string;

  @Column({ type: 'text' })
  kind!: 'message' | 'status';

  /** The provider's id for this delivery (a MessageSid; for a status, the sid and the status). */
  @Column({ type: 'text' })
  externalId!: string;

  @Column({ type: 'text', nullable: true })
  payloadEncrypted!: string | null;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ type: 'timestamptz', nullable: true })
  processedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  outcome!: 'processed' | 'unroutable' | 'ignored' | null;

  @Column({ type: 'text', nullable: true })
  lastError!: string | null;

  /** The office it was routed to, once known. */
  @Column({ type: 'uuid', nullable: true })
  officeId!: string | null;
}
