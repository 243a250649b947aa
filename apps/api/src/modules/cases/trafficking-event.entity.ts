import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Case } from './case.entity';

/** A stop on the route of trafficking (HTCDS hte_*): recruitment, transit or exploitation. */
@Entity('case_trafficking_events')
@Index('ix_case_trafficking_events_case', ['caseId', 'position'])
// A case's first exploitation country, for the trafficking picture (partial, with INCLUDE: written in its migration).
@Index('ix_case_trafficking_events_exploitation_country', { synchronize: false })
export class TraffickingEvent {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  caseId!: string;

  @ManyToOne(() => Case, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'fk_case_trafficking_events_case' })
  case?: Relation<Case>;

  @Column({ type: 'smallint' })
  position!: number;

  @Column({ type: 'text' })
  type!: string;

  @Column({ type: 'text', nullable: true })
  country!: string | null;

  @Column({ type: 'text', nullable: true })
  city!: string | null;

  @Column({ type: 'date', nullable: true })
  date!: string | null;

  @Column({ type: 'text', nullable: true })
  description!: string | null;
}
