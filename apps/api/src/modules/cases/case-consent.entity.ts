import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Case } from './case.entity';

/** Consent for one purpose: who recorded it, when and how; withdrawn consent stays as history. */
@Entity('case_consents')
@Index('ix_case_consents_case', ['caseId', 'purpose'])
@Index('uq_case_consents_active', { synchronize: false })
export class CaseConsent {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  caseId!: string;

  @ManyToOne(() => Case, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'fk_case_consents_case' })
  case?: Relation<Case>;

  @Column({ type: 'text' })
  purpose!: string;

  @Column({ type: 'text' })
  channel!: string;

  @Column({ type: 'timestamptz' })
  givenAt!: Date;

  @Column({ type: 'uuid' })
  recordedById!: string;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  withdrawnAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  withdrawnById!: string | null;
}
