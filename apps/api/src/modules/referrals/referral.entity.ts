import type { ReferralStatus } from '@mayak/domain';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { BaseEntity } from '#api/core/database/base.entity';
import { Case } from '../cases/case.entity';
import { Organisation } from '../directory/organisation.entity';

/**
 * A case sent to one service of a directory organisation. `sharedSummary` is all the
 * partner reads of the case; the client's name and number go along only when they agreed
 * (`shareContactDetails`). The watcher marks what it has alerted, so it never alerts twice.
 */
@Entity('referrals')
@Check('ck_referrals_status', `status IN ('draft', 'sent', 'accepted', 'declined', 'in_progress', 'completed', 'cancelled')`)
@Index('ix_referrals_case', ['caseId', 'createdAt'])
@Index('ix_referrals_organisation_status', ['organisationId', 'status', 'createdAt', 'id'])
@Index('ix_referrals_office_status', ['officeId', 'status', 'dueAt'])
@Index('ix_referrals_open_due', { synchronize: false })
@Index('ix_referrals_office_sent', { synchronize: false })
export class Referral extends BaseEntity {
  @Column({ type: 'uuid' })
  caseId!: string;

  @ManyToOne(() => Case, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'fk_referrals_case' })
  case?: Relation<Case>;

  /** The case's office, copied so boards and watchers need no join. */
  @Column({ type: 'uuid' })
  officeId!: string;

  @Column({ type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'fk_referrals_organisation' })
  organisation?: Relation<Organisation>;

  @Column({ type: 'text' })
  serviceType!: string;

  @Column({ type: 'text', default: 'draft' })
  status!: ReferralStatus;

  @Column({ type: 'uuid' })
  createdById!: string;

  @Column({ type: 'text' })
  sharedSummary!: string;

  @Column({ type: 'boolean', default: false })
  shareContactDetails!: boolean;

  @Column({ type: 'integer' })
  responseHours!: number;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  dueAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  answeredAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: 'text', nullable: true })
  outcome!: string | null;

  /** What the partner wrote back (their words, not the hotline's notes). */
  @Column({ type: 'text', nullable: true })
  partnerNote!: string | null;

  @Column({ type: 'uuid', nullable: true })
  answeredById!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  overdueAlertedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  escalatedAt!: Date | null;
}
