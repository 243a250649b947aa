import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One audited event. Append-only: the database refuses UPDATE, DELETE and TRUNCATE.
 * `txId` (the inserting transaction) lets the sealer chain rows in an order that no
 * later insert can precede, without making writers wait on a lock.
 */
@Entity('audit_log')
@Index('ix_audit_log_tx_order', ['txId', 'id'])
@Index('ix_audit_log_occurred_at', ['occurredAt'])
@Index('ix_audit_log_entity', ['entityType', 'entityId'])
@Index('ix_audit_log_actor', ['actorUserId', 'occurredAt'])
export class AuditEntry {
  @PrimaryColumn({ type: 'bigint', generated: 'increment' })
  id!: string;

  /** Set by a BEFORE INSERT trigger, never by the application, so it cannot be forged. */
  @Column({ type: 'bigint', insert: false, update: false, select: false })
  txId!: string;

  @Column({ type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ type: 'uuid', nullable: true })
  actorUserId!: string | null;

  @Column({ type: 'text', nullable: true })
  actorEmail!: string | null;

  @Column({ type: 'text' })
  action!: string;

  @Column({ type: 'text', nullable: true })
  entityType!: string | null;

  @Column({ type: 'text', nullable: true })
  entityId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  officeId!: string | null;

  @Column({ type: 'text', nullable: true })
  ip!: string | null;

  @Column({ type: 'text', nullable: true })
  userAgent!: string | null;

  @Column({ type: 'text', nullable: true })
  requestId!: string | null;

  @Column({ type: 'jsonb', default: {} })
  summary!: Record<string, unknown>;
}
