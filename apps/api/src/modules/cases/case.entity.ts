import { Check, Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import type { CasePriority, CaseStatus } from '@mayak/domain';
import { BaseEntity } from '#api/core/database/base.entity';
import { Office } from '../offices/office.entity';
import { Person } from '../people/person.entity';
import { User } from '../users/user.entity';

/**
 * A case, its status and the trafficking details recorded with the value names of the
 * Human Trafficking Case Data Standard. Lists sort by last activity, keyset-paginated.
 */
@Index('ix_cases_retention', ['closedAt'], { where: `status = 'closed' AND anonymised_at IS NULL` })
// The dashboards' case load reads only this index (index-only scans over an office's open cases).
@Index('ix_cases_open_load', ['officeId', 'status', 'priority', 'type', 'assigneeId', 'lastActivityAt'], { where: `status <> 'closed'` })
@Entity('cases')
@Index('uq_cases_reference', ['reference'], { unique: true })
@Index('ix_cases_office_closed', { synchronize: false })
@Index('ix_cases_office_trafficking', { synchronize: false })
@Index('ix_cases_office_activity', ['officeId', 'lastActivityAt', 'id'])
@Index('ix_cases_assignee_activity', ['assigneeId', 'lastActivityAt', 'id'])
@Index('ix_cases_office_status_activity', ['officeId', 'status', 'lastActivityAt', 'id'])
@Index('ix_cases_office_priority_activity', ['officeId', 'priority', 'lastActivityAt', 'id'])
@Index('ix_cases_office_created', ['officeId', 'createdAt'])
@Index('ix_cases_office_category_activity', ['officeId', 'category', 'lastActivityAt', 'id'])
@Index('ix_cases_person', ['personId'])
@Index('ix_cases_search_tsv', { synchronize: false })
@Index('ix_cases_open_activity', { synchronize: false })
@Check('ck_cases_status', `status IN ('new', 'open', 'in_progress', 'referred', 'follow_up', 'closed')`)
@Check('ck_cases_priority', `priority IN ('critical', 'high', 'normal', 'low')`)
export class Case extends BaseEntity {
  @Column({ type: 'text' })
  reference!: string;

  @Column({ type: 'uuid' })
  officeId!: string;

  @ManyToOne(() => Office, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'office_id', foreignKeyConstraintName: 'fk_cases_office' })
  office?: Relation<Office>;

  @Column({ type: 'text' })
  type!: string;

  /** The contact category the case is about (from the call that opened it, or chosen). */
  @Column({ type: 'text', nullable: true })
  category!: string | null;

  @Column({ type: 'text', default: 'normal' })
  priority!: CasePriority;

  @Column({ type: 'text', default: 'new' })
  status!: CaseStatus;

  @Column({ type: 'uuid', nullable: true })
  assigneeId!: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'assignee_id', foreignKeyConstraintName: 'fk_cases_assignee' })
  assignee?: Relation<User>;

  @Column({ type: 'uuid' })
  createdById!: string;

  @Column({ type: 'uuid', nullable: true })
  personId!: string | null;

  @ManyToOne(() => Person, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'fk_cases_person' })
  person?: Relation<Person>;

  @Column({ type: 'text', default: '' })
  summary!: string;

  /**
   * Russian and English full-text vector of the summary, the notes of the case's contacts
   * and its timeline notes, kept by triggers: a text search is one indexed condition.
   */
  @Column({ type: 'tsvector', nullable: true, select: false, insert: false, update: false })
  searchTsv!: string | null;

  @Column({ type: 'timestamptz' })
  lastActivityAt!: Date;

  /** When the deadline watcher last said this case had no activity (it says it once per quiet spell). */
  @Column({ type: 'timestamptz', nullable: true })
  staleAlertedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  closureReason!: string | null;

  @Column({ type: 'text', nullable: true })
  closureNote!: string | null;

  /** A legal hold keeps the case (and its client) from being anonymised, whatever its age. */
  @Column({ type: 'boolean', default: false })
  legalHold!: boolean;

  @Column({ type: 'text', nullable: true })
  legalHoldReason!: string | null;

  /** When retention removed its identifiers and free text; codes and dates stay for statistics. */
  @Column({ type: 'timestamptz', nullable: true })
  anonymisedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  /** A supervisor's approval to close a critical case (cleared when the case reopens). */
  @Column({ type: 'uuid', nullable: true })
  closureApprovedById!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  closureApprovedAt!: Date | null;

  // Trafficking details (HTCDS value names; all optional).
  @Column({ type: 'text', nullable: true })
  traffickingStatus!: string | null;

  @Column({ type: 'text', nullable: true })
  traffickingStatusDecidedBy!: string | null;

  @Column({ type: 'text', array: true, default: '{}' })
  exploitationTypes!: string[];

  @Column({ type: 'text', array: true, default: '{}' })
  controlMethods!: string[];

  @Column({ type: 'text', nullable: true })
  labourIndustry!: string | null;

  @Column({ type: 'text', array: true, default: '{}' })
  recruitmentMethods!: string[];

  @Column({ type: 'text', nullable: true })
  recruiterRelation!: string | null;

  @Column({ type: 'text', nullable: true })
  migrationSituation!: string | null;
}
