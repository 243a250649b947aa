import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Person } from './person.entity';

/** A phone number, e-mail, messenger handle, document number or address of a person. */
@Entity('person_identifiers')
@Index('ix_person_identifiers_person', ['personId'])
@Index('ix_person_identifiers_hash', ['valueHash'])
export class PersonIdentifier {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  personId!: string;

  @ManyToOne(() => Person, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'fk_person_identifiers_person' })
  person?: Relation<Person>;

  @Column({ type: 'text' })
  kind!: string;

  /** The value, encrypted (phones in E.164). */
  @Column({ type: 'text' })
  valueEncrypted!: string;

  /** Keyed hash of the normalised value, for matching. */
  @Column({ type: 'text' })
  valueHash!: string;

  @Column({ type: 'text', nullable: true })
  label!: string | null;

  @CreateDateColumn({ type: 'timestamptz', default: () => 'mayak_now()' })
  createdAt!: Date;
}
