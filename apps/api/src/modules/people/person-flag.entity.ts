import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Office } from '../offices/office.entity';
import { Person } from './person.entity';

/**
 * A warning on a person or on a caller's number (do not call back, at risk, abusive,
 * prank). Active while not removed and not past its expiry.
 */
@Entity('person_flags')
@Index('ix_person_flags_person', ['personId'])
@Index('ix_person_flags_phone', ['phoneHash'])
@Check('ck_person_flags_target', `person_id IS NOT NULL OR phone_hash IS NOT NULL`)
export class PersonFlag {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', nullable: true })
  personId!: string | null;

  @ManyToOne(() => Person, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'fk_person_flags_person' })
  person?: Relation<Person>;

  @Column({ type: 'text', nullable: true })
  phoneHash!: string | null;

  /** The flagged number itself, encrypted (E.164): what the hash is recomputed from when the hash key rotates. */
  @Column({ type: 'text', nullable: true })
  phoneEncrypted!: string | null;

  @Column({ type: 'uuid' })
  officeId!: string;

  @ManyToOne(() => Office, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'office_id', foreignKeyConstraintName: 'fk_person_flags_office' })
  office?: Relation<Office>;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  @Column({ type: 'uuid' })
  createdById!: string;

  @CreateDateColumn({ type: 'timestamptz', default: () => 'mayak_now()' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  removedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  removedById!: string | null;
}
