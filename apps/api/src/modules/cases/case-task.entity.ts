import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { BaseEntity } from '#api/core/database/base.entity';
import { Case } from './case.entity';
import { CasePlan } from './case-plan.entity';
import { User } from '../users/user.entity';

@Entity('case_tasks')
@Index('ix_case_tasks_case', ['caseId', 'dueAt'])
@Index('ix_case_tasks_assignee_open', ['assigneeId', 'status', 'dueAt'])
@Index('ix_case_tasks_open_due', { synchronize: false })
// A plan's review date is one open task at most (changed with the plan, in its transaction).
@Index('uq_case_tasks_plan_open', ['planId'], { unique: true, where: `status = 'open' AND plan_id IS NOT NULL` })
@Index('ix_case_tasks_plan', ['planId'])
export class CaseTask extends BaseEntity {
  @Column({ type: 'uuid' })
  caseId!: string;

  @ManyToOne(() => Case, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'fk_case_tasks_case' })
  case?: Relation<Case>;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'timestamptz', nullable: true })
  dueAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  assigneeId!: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'assignee_id', foreignKeyConstraintName: 'fk_case_tasks_assignee' })
  assignee?: Relation<User>;

  @Column({ type: 'text', default: 'open' })
  status!: string;

  @Column({ type: 'uuid' })
  createdById!: string;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  overdueAlertedAt!: Date | null;

  /** The plan whose review this task is (its title is then a console key, plans.reviewTask.<kind>). */
  @Column({ type: 'uuid', nullable: true })
  planId!: string | null;

  @ManyToOne(() => CasePlan, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'plan_id', foreignKeyConstraintName: 'fk_case_tasks_plan' })
  plan?: Relation<CasePlan>;
}
