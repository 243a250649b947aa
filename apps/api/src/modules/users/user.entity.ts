import type { Locale, MenuLanguage, Role } from '@mayak/domain';
import { Check, Column, Entity, Index, JoinColumn, JoinTable, ManyToMany, ManyToOne, type Relation } from 'typeorm';
import { BaseEntity } from '#api/core/database/base.entity';
import { Organisation } from '../directory/organisation.entity';
import { Office } from '../offices/office.entity';

@Entity('users')
@Index('ix_users_organisation', { synchronize: false })
@Check('ck_users_languages', `languages <@ ARRAY['ru', 'kk', 'en', 'uz', 'tg', 'ky']::text[]`)
@Check('ck_users_partner_organisation', `NOT ('partner' = ANY(roles)) OR organisation_id IS NOT NULL`)
export class User extends BaseEntity {
  /** Stored lower-cased, so a plain unique index is case-insensitive. */
  @Index('uq_users_email', { unique: true })
  @Column({ type: 'text' })
  email!: string;

  @Column({ type: 'text' })
  displayName!: string;

  /** Null until an invited person chooses their password: no sign-in before that. */
  @Column({ type: 'text', select: false, nullable: true })
  passwordHash!: string | null;

  /** When the current password was chosen; null for an invitation not yet taken up. */
  @Column({ type: 'timestamptz', nullable: true })
  passwordSetAt!: Date | null;

  @Column({ type: 'text', array: true })
  roles!: Role[];

  /** The languages they speak on calls (menu languages): a call rings first for its language's speakers. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  languages!: MenuLanguage[];

  @Column({ type: 'text', default: 'ru' })
  locale!: Locale;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /** TOTP secret, encrypted with the field cipher (never plaintext at rest). */
  @Column({ type: 'text', nullable: true, select: false })
  mfaSecretEncrypted!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  mfaEnrolledAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastLoginAt!: Date | null;

  @ManyToMany(() => Office, { eager: false })
  @JoinTable({
    name: 'user_offices',
    joinColumn: { name: 'user_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_user_offices_user' },
    inverseJoinColumn: { name: 'office_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_user_offices_office' },
  })
  offices!: Office[];

  /** For partners: the directory organisation whose referrals they answer. */
  @Column({ type: 'uuid', nullable: true })
  organisationId!: string | null;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'fk_users_organisation' })
  organisation?: Relation<Organisation>;
}
