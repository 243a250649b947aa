import { Check, Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { BaseEntity } from '#api/core/database/base.entity';
import { Case } from '../cases/case.entity';
import { Office } from '../offices/office.entity';
import { Person } from '../people/person.entity';
import { User } from '../users/user.entity';

export type ContactStatus = 'in_progress' | 'completed';

/**
 * One interaction: a call, message or visit. The caller's number is encrypted and
 * matched by its keyed hash. Lists are keyset-paginated on (started_at, id).
 */
@Entity('contacts')
@Index('ix_contacts_office_started', ['officeId', 'startedAt', 'id'])
@Index('ix_contacts_operator_started', ['operatorId', 'startedAt', 'id'])
@Index('ix_contacts_case', ['caseId', 'startedAt'])
@Index('ix_contacts_person', ['personId', 'startedAt'])
@Index('ix_contacts_phone_hash', ['phoneHash', 'startedAt'])
@Index('ix_contacts_office_category_started', ['officeId', 'category', 'startedAt', 'id'])
@Index('ix_contacts_notes_tsv', { synchronize: false })
@Index('ix_contacts_retention', ['startedAt'], { where: 'anonymised_at IS NULL AND case_id IS NULL' })
// Covering (office, time) INCLUDE the coded columns: the dashboards' activity figures are index-only scans.
@Index('ix_contacts_office_activity', { synchronize: false })
// (office, time) INCLUDE caller_key, where there is a caller: repeat callers are counted from it alone.
@Index('ix_contacts_office_callers', { synchronize: false })
@Check('ck_contacts_status', `status IN ('in_progress', 'completed')`)
export class Contact extends BaseEntity {
  @Column({ type: 'uuid' })
  officeId!: string;

  @ManyToOne(() => Office, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'office_id', foreignKeyConstraintName: 'fk_contacts_office' })
  office?: Relation<Office>;

  /** Null while a call rings in the queue: nobody has answered it yet. */
  @Column({ type: 'uuid', nullable: true })
  operatorId!: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'operator_id', foreignKeyConstraintName: 'fk_contacts_operator' })
  operator?: Relation<User>;

  @Column({ type: 'text', default: 'in_progress' })
  status!: ContactStatus;

  @Column({ type: 'text' })
  channel!: string;

  @Column({ type: 'text' })
  direction!: string;

  @Column({ type: 'text', nullable: true })
  language!: string | null;

  @Column({ type: 'text', nullable: true })
  callerType!: string | null;

  @Column({ type: 'text', nullable: true })
  category!: string | null;

  @Column({ type: 'text', default: 'none' })
  riskLevel!: string;

  /** High or immediate-danger risk: supervisors were alerted and the case is critical. */
  @Column({ type: 'boolean', default: false })
  critical!: boolean;

  @Column({ type: 'timestamptz' })
  startedAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  endedAt!: Date | null;

  @Column({ type: 'integer', nullable: true })
  durationSeconds!: number | null;

  @Column({ type: 'text', nullable: true })
  phoneEncrypted!: string | null;

  @Column({ type: 'text', nullable: true })
  phoneHash!: string | null;

  @Column({ type: 'boolean', nullable: true })
  consentToRecord!: boolean | null;

  @Column({ type: 'boolean', nullable: true })
  consentToRefer!: boolean | null;

  @Column({ type: 'boolean', nullable: true })
  consentToContactBack!: boolean | null;

  @Column({ type: 'text', nullable: true })
  safeContactTimes!: string | null;

  @Column({ type: 'text', nullable: true })
  safeContactMethod!: string | null;

  @Column({ type: 'text', default: '' })
  notes!: string;

  /** Russian and English full-text vector of the notes, kept by a trigger. */
  @Column({ type: 'tsvector', nullable: true, select: false, insert: false, update: false })
  notesTsv!: string | null;

  @Column({ type: 'uuid', nullable: true })
  personId!: string | null;

  @ManyToOne(() => Person, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'fk_contacts_person' })
  person?: Relation<Person>;

  @Column({ type: 'uuid', nullable: true })
  caseId!: string | null;

  @ManyToOne(() => Case, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'fk_contacts_case' })
  case?: Relation<Case>;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  /** After retention: a keyed pseudonym of the number's hash, only for counting repeat callers. */
  @Column({ type: 'text', nullable: true })
  callerPseudonym!: string | null;

  /** The caller (pseudonym, else number hash) as a 64-bit hash, kept by a trigger: what repeat callers are counted by. */
  @Column({ type: 'bigint', nullable: true, select: false, insert: false, update: false })
  callerKey!: string | null;

  /** When retention removed the number and notes (codes and times stay for statistics). */
  @Column({ type: 'timestamptz', nullable: true })
  anonymisedAt!: Date | null;
}
