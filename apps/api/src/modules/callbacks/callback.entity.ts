import { Check, Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { BaseEntity } from '#api/core/database/base.entity';
import { Case } from '../cases/case.entity';
import { Contact } from '../contacts/contact.entity';
import { Office } from '../offices/office.entity';
import { User } from '../users/user.entity';

/**
 * A call promised to a client, or owed to a caller nobody answered. The row is the truth;
 * a delayed job only says "look now", and a reconciler re-adds jobs Redis has lost.
 */
@Entity('callbacks')
// A number's open callbacks: a caller we promised to call back goes ahead in the queue.
@Index('ix_callbacks_phone_open', ['phoneHash'], { where: `status IN ('scheduled', 'due', 'in_progress')` })
@Index('ix_callbacks_office_status_due', ['officeId', 'status', 'dueAt', 'id'])
@Index('ix_callbacks_assignee_status_due', ['assigneeId', 'status', 'dueAt', 'id'])
@Index('ix_callbacks_scheduled_due', ['dueAt', 'id'], { where: `status = 'scheduled'` })
@Index('ix_callbacks_case', ['caseId', 'createdAt'])
// The safe window a number gave last time, for a callback owed to its missed call.
@Index('ix_callbacks_phone_window', ['phoneHash', 'createdAt'], { where: 'safe_start_minute IS NOT NULL' })
@Index('ix_callbacks_office_finished', { synchronize: false })
@Index('ix_callbacks_contact', { synchronize: false })
@Index('uq_callbacks_source_call', ['sourceCallId'], { unique: true, where: 'source_call_id IS NOT NULL' })
@Check('ck_callbacks_status', `status IN ('scheduled', 'due', 'in_progress', 'completed', 'no_answer', 'failed', 'cancelled')`)
@Check('ck_callbacks_attempts', `attempts >= 0 AND max_attempts BETWEEN 1 AND 10`)
// A window may cross midnight (start after end); one that opens and closes at the same minute is empty.
@Check('ck_callbacks_window', `(safe_start_minute IS NULL) = (safe_end_minute IS NULL) AND (safe_start_minute IS NULL OR safe_start_minute <> safe_end_minute)`)
export class Callback extends BaseEntity {
  @Column({ type: 'uuid' })
  officeId!: string;

  @ManyToOne(() => Office, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'office_id', foreignKeyConstraintName: 'fk_callbacks_office' })
  office?: Relation<Office>;

  @Column({ type: 'uuid', nullable: true })
  contactId!: string | null;

  @ManyToOne(() => Contact, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'contact_id', foreignKeyConstraintName: 'fk_callbacks_contact' })
  contact?: Relation<Contact>;

  @Column({ type: 'uuid', nullable: true })
  caseId!: string | null;

  @ManyToOne(() => Case, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'fk_callbacks_case' })
  case?: Relation<Case>;

  @Column({ type: 'uuid', nullable: true })
  personId!: string | null;

  /** The missed call this callback is owed for: one callback per call, however often the provider retries. */
  @Column({ type: 'uuid', nullable: true })
  sourceCallId!: string | null;

  @Column({ type: 'text' })
  phoneEncrypted!: string;

  @Column({ type: 'text' })
  phoneHash!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'text', default: 'voice' })
  method!: string;

  @Column({ type: 'text', default: 'scheduled' })
  status!: string;

  @Column({ type: 'timestamptz' })
  dueAt!: Date;

  /** The client's safe window: ISO weekdays and minutes after local midnight in the time zone; no window = any time. */
  @Column({ type: 'smallint', array: true, nullable: true })
  safeDays!: number[] | null;

  @Column({ type: 'integer', nullable: true })
  safeStartMinute!: number | null;

  @Column({ type: 'integer', nullable: true })
  safeEndMinute!: number | null;

  @Column({ type: 'text' })
  timeZone!: string;

  /** Null: the office's queue, anyone on duty takes it. */
  @Column({ type: 'uuid', nullable: true })
  assigneeId!: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'assignee_id', foreignKeyConstraintName: 'fk_callbacks_assignee' })
  assignee?: Relation<User>;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ type: 'integer', default: 3 })
  maxAttempts!: number;

  @Column({ type: 'text', nullable: true })
  lastOutcome!: string | null;

  @Column({ type: 'text', default: '' })
  notes!: string;

  @Column({ type: 'text', nullable: true })
  closeReason!: string | null;

  /** When the due job last fired (for the current attempt): how late it was is the figure we measure. */
  @Column({ type: 'timestamptz', nullable: true })
  firedAt!: Date | null;

  /** The operator placing the current attempt. */
  @Column({ type: 'uuid', nullable: true })
  placedById!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  createdById!: string | null;
}
