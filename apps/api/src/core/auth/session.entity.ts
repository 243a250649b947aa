import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

export type SessionState = 'active' | 'mfa_required' | 'mfa_enrolment_required';

/**
 * Server-side session: the cookie holds a random token, the database only its SHA-256,
 * so a leaked database dump cannot be replayed as a cookie.
 */
@Entity('sessions')
export class Session {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('uq_sessions_token_hash', { unique: true })
  @Column({ type: 'bytea' })
  tokenHash!: Buffer;

  @Index('ix_sessions_user_id')
  @Column({ type: 'uuid' })
  userId!: string;

  /** The users table belongs to the users module: named, not imported, so that core depends on no context. */
  @ManyToOne('User', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_sessions_user' })
  user?: unknown;

  @Column({ type: 'text' })
  state!: SessionState;

  @Column({ type: 'text' })
  csrfToken!: string;

  /** Secret offered during enrolment, encrypted; becomes the user's secret once confirmed. */
  @Column({ type: 'text', nullable: true })
  pendingMfaSecretEncrypted!: string | null;

  @CreateDateColumn({ type: 'timestamptz', default: () => 'mayak_now()' })
  createdAt!: Date;

  @Column({ type: 'timestamptz' })
  lastSeenAt!: Date;

  @Index('ix_sessions_expires_at')
  @Column({ type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  ip!: string | null;

  @Column({ type: 'text', nullable: true })
  userAgent!: string | null;
}
