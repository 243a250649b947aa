import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Case } from './case.entity';

export const CASE_EVENT_KINDS = [
  'created',
  'note',
  'contact_linked',
  'status_changed',
  'priority_changed',
  'assigned',
  'shared',
  'unshared',
  'details_updated',
  'person_linked',
  'task_created',
  'task_updated',
  'consent_given',
  'consent_withdrawn',
  'closure_approved',
  'referral_created',
  'referral_status_changed',
  'callback_scheduled',
  'callback_status_changed',
  'transfer_requested',
  'transfer_accepted',
  'transfer_declined',
  'transfer_withdrawn',
  'plan_created',
  'plan_updated',
  'plan_reviewed',
  'plan_closed',
  'attachment_added',
  'attachment_removed',
] as const;
export type CaseEventKind = (typeof CASE_EVENT_KINDS)[number];

/** One line of a case's timeline. `data` holds codes and ids, never identifiers. */
@Entity('case_events')
@Index('ix_case_events_case_time', ['caseId', 'occurredAt', 'id'])
export class CaseEvent {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ type: 'uuid' })
  caseId!: string;

  @ManyToOne(() => Case, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'fk_case_events_case' })
  case?: Relation<Case>;

  @Column({ type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ type: 'uuid', nullable: true })
  actorId!: string | null;

  @Column({ type: 'text' })
  kind!: CaseEventKind;

  @Column({ type: 'jsonb', default: {} })
  data!: Record<string, unknown>;

  /** The text of a note. */
  @Column({ type: 'text', nullable: true })
  body!: string | null;

  @Column({ type: 'uuid', nullable: true })
  contactId!: string | null;
}
