import type { AssessmentFactor, PlanKind, PlanRiskLevel, PlanStatus, PlanTextField, SupportPlanType } from '@mayak/domain';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { BaseEntity } from '#api/core/database/base.entity';
import { User } from '../users/user.entity';
import { Case } from './case.entity';

/** The coded fields of one kind of plan (libs/domain checks them): a support plan's type, an assessment's factors. */
export interface CasePlanDetails {
  /** HTCDS spl_Type. */
  supportType?: SupportPlanType;
  factors?: AssessmentFactor[];
}

/**
 * An assessment, a safety plan or a support plan of a case (libs/domain/src/plans names the
 * HTCDS field behind each column). Its free text is kept as case notes are (plain, on the
 * case's side of every access rule, removed by retention with them); the review date, when set,
 * is an open task of the case (case_tasks.plan_id), changed in the same transaction.
 */
@Entity('case_plans')
@Index('ix_case_plans_case', ['caseId', 'createdAt', 'id'])
@Check('ck_case_plans_kind', `kind IN ('assessment', 'safety', 'support')`)
@Check('ck_case_plans_status', `status IN ('active', 'reviewed', 'closed')`)
@Check('ck_case_plans_risk_level', `risk_level IN ('low', 'medium', 'high')`)
export class CasePlan extends BaseEntity {
  @Column({ type: 'uuid' })
  caseId!: string;

  @ManyToOne(() => Case, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'fk_case_plans_case' })
  case?: Relation<Case>;

  @Column({ type: 'text' })
  kind!: PlanKind;

  @Column({ type: 'text', default: 'active' })
  status!: PlanStatus;

  @Column({ type: 'text', nullable: true })
  riskLevel!: PlanRiskLevel | null;

  @Column({ type: 'jsonb', default: {} })
  details!: CasePlanDetails;

  /** Free text by field (PLAN_TEXT_FIELDS of the kind). */
  @Column({ type: 'jsonb', default: {} })
  texts!: Partial<Record<PlanTextField, string>>;

  /** Calendar days of the case's office, yyyy-mm-dd. */
  @Column({ type: 'date' })
  startDate!: string;

  @Column({ type: 'date', nullable: true })
  reviewDate!: string | null;

  @Column({ type: 'date', nullable: true })
  plannedEndDate!: string | null;

  @Column({ type: 'date', nullable: true })
  actualEndDate!: string | null;

  @Column({ type: 'integer', default: 0 })
  reviewCount!: number;

  @Column({ type: 'timestamptz', nullable: true })
  lastReviewedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  lastReviewedById!: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'last_reviewed_by_id', foreignKeyConstraintName: 'fk_case_plans_last_reviewed_by' })
  lastReviewedBy?: Relation<User>;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @Column({ type: 'uuid' })
  createdById!: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by_id', foreignKeyConstraintName: 'fk_case_plans_created_by' })
  createdBy?: Relation<User>;

  @Column({ type: 'uuid' })
  updatedById!: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'updated_by_id', foreignKeyConstraintName: 'fk_case_plans_updated_by' })
  updatedBy?: Relation<User>;
}
