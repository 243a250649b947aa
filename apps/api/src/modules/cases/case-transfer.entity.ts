import type { CaseTransferStatus } from '@mayak/domain';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { BaseEntity } from '#api/core/database/base.entity';
import { Office } from '../offices/office.entity';
import { User } from '../users/user.entity';
import { Case } from './case.entity';

/**
 * A request to move a case to another office, and its answer. The row stays once answered:
 * it is where the previous office of a transferred case is recorded.
 */
@Entity('case_transfers')
@Index('uq_case_transfers_pending', ['caseId'], { unique: true, where: `status = 'pending'` })
@Index('ix_case_transfers_incoming', ['toOfficeId', 'requestedAt', 'id'], { where: `status = 'pending'` })
@Index('ix_case_transfers_case', ['caseId', 'requestedAt'])
@Check('ck_case_transfers_status', `status IN ('pending', 'accepted', 'declined', 'withdrawn')`)
@Check('ck_case_transfers_offices', `from_office_id <> to_office_id`)
export class CaseTransfer extends BaseEntity {
  @Column({ type: 'uuid' })
  caseId!: string;

  @ManyToOne(() => Case, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'fk_case_transfers_case' })
  case?: Relation<Case>;

  @Column({ type: 'uuid' })
  fromOfficeId!: string;

  @ManyToOne(() => Office, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'from_office_id', foreignKeyConstraintName: 'fk_case_transfers_from_office' })
  fromOffice?: Relation<Office>;

  @Column({ type: 'uuid' })
  toOfficeId!: string;

  @ManyToOne(() => Office, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'to_office_id', foreignKeyConstraintName: 'fk_case_transfers_to_office' })
  toOffice?: Relation<Office>;

  @Column({ type: 'text', default: 'pending' })
  status!: CaseTransferStatus;

  /** Why the case should move (free text: blanked by retention with the case's other notes). */
  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'uuid' })
  requestedById!: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'requested_by_id', foreignKeyConstraintName: 'fk_case_transfers_requested_by' })
  requestedBy?: Relation<User>;

  @Column({ type: 'timestamptz' })
  requestedAt!: Date;

  /** Who accepted, declined or withdrew it, and when. */
  @Column({ type: 'uuid', nullable: true })
  decidedById!: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'decided_by_id', foreignKeyConstraintName: 'fk_case_transfers_decided_by' })
  decidedBy?: Relation<User>;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  /** Why the receiving office declined. */
  @Column({ type: 'text', nullable: true })
  declineReason!: string | null;

  /** The receiving office's case worker the case was given to on acceptance (none: unassigned). */
  @Column({ type: 'uuid', nullable: true })
  assigneeId!: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'assignee_id', foreignKeyConstraintName: 'fk_case_transfers_assignee' })
  assignee?: Relation<User>;
}
