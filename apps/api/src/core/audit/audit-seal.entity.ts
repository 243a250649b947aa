import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Position `n` of the hash chain: hash = HMAC-SHA-256(chain key; previous hash, canonical audit row). Append-only. */
@Entity('audit_seals')
export class AuditSeal {
  @PrimaryColumn({ type: 'bigint' })
  position!: string;

  @Column({ type: 'bigint', unique: true })
  auditId!: string;

  /** The sealed row's transaction id: with auditId, the cursor the sealer resumes from. */
  @Column({ type: 'bigint' })
  auditTxId!: string;

  @Column({ type: 'char', length: 64 })
  prevHash!: string;

  @Column({ type: 'char', length: 64 })
  hash!: string;

  /** The AUDIT_CHAIN_KEY id whose HMAC made `hash`; NULL for the plain SHA-256 seals made before keyed ones. */
  @Column({ type: 'text', nullable: true })
  keyId!: string | null;

  @Column({ type: 'timestamptz', default: () => 'mayak_now()' })
  sealedAt!: Date;
}
