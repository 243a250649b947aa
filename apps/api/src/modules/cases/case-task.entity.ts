import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { BaseEntity } from '../../core/database/base.entity';
import { Case } from './case.entity';
import { User } from '../users/user.entity';

@Entity('case_tasks')
@Index('ix_case_tasks_case', ['caseId', 'dueAt'])
@Index('ix_case_tasks_assignee_open', ['assigneeId', 'status', 'dueAt'])
@Index('ix_case_tasks_open_due', { synchronize: false })
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
}
