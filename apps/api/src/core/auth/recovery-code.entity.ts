import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

/** One-time second-factor recovery code; only its SHA-256 is stored (codes carry 50 random bits). */
@Entity('mfa_recovery_codes')
@Index('ix_mfa_recovery_codes_user_id', ['userId'])
export class RecoveryCode {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  userId!: string;

  /** Named, not imported: see Session.user. */
  @ManyToOne('User', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_mfa_recovery_codes_user' })
  user?: unknown;

  @Column({ type: 'bytea' })
  codeHash!: Buffer;

  @CreateDateColumn({ type: 'timestamptz', default: () => 'mayak_now()' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt!: Date | null;
}
