import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Case } from './case.entity';
import { User } from '../users/user.entity';

/** A case shared with a colleague (of any office), who may then read and work on it. */
@Entity('case_shares')
@Index('ix_case_shares_user', ['userId'])
export class CaseShare {
  @PrimaryColumn({ type: 'uuid' })
  caseId!: string;

  @ManyToOne(() => Case, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'fk_case_shares_case' })
  case?: Relation<Case>;

  @PrimaryColumn({ type: 'uuid' })
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_case_shares_user' })
  user?: Relation<User>;

  @Column({ type: 'uuid' })
  sharedById!: string;

  @CreateDateColumn({ type: 'timestamptz', default: () => 'mayak_now()' })
  createdAt!: Date;
}
