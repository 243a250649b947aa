import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Person } from './person.entity';

export interface MovedRecords {
  contactIds: string[];
  caseIds: string[];
  identifierIds: string[];
  flagIds: string[];
}

/** One merge of a duplicate person into another, with what moved, so an admin can undo it. */
@Entity('person_merges')
@Index('ix_person_merges_survivor', ['survivorId'])
@Index('ix_person_merges_merged', ['mergedId'])
export class PersonMerge {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  survivorId!: string;

  @ManyToOne(() => Person, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'survivor_id', foreignKeyConstraintName: 'fk_person_merges_survivor' })
  survivor?: Relation<Person>;

  @Column({ type: 'uuid' })
  mergedId!: string;

  @ManyToOne(() => Person, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'merged_id', foreignKeyConstraintName: 'fk_person_merges_merged' })
  merged?: Relation<Person>;

  @Column({ type: 'uuid' })
  officeId!: string;

  @Column({ type: 'jsonb' })
  moved!: MovedRecords;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'uuid' })
  mergedById!: string;

  @CreateDateColumn({ type: 'timestamptz', default: () => 'mayak_now()' })
  mergedAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  undoneAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  undoneById!: string | null;
}
