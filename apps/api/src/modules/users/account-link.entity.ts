import type { AccountLinkPurpose } from '@mayak/domain';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { BaseEntity } from '#api/core/database/base.entity';
import { User } from './user.entity';

/** An invitation or password-reset link: only the hash of its token is kept. */
@Entity('account_links')
@Check('ck_account_links_purpose', `purpose IN ('invitation', 'password_reset')`)
@Index('ix_account_links_user_open', { synchronize: false })
export class AccountLink extends BaseEntity {
  @Column({ type: 'uuid' })
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_account_links_user' })
  user?: Relation<User>;

  @Column({ type: 'text' })
  purpose!: AccountLinkPurpose;

  @Index('uq_account_links_token', { unique: true })
  @Column({ type: 'text' })
  tokenHash!: string;

  @Column({ type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt!: Date | null;

  /** Replaced by a newer link, or the account's password was set another way. */
  @Column({ type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  createdById!: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by_id', foreignKeyConstraintName: 'fk_account_links_created_by' })
  createdBy?: Relation<User>;
}
