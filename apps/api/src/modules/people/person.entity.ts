import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { BaseEntity } from '#api/core/database/base.entity';
import { Office } from '../offices/office.entity';

/**
 * A client. The name is encrypted; `nameIndex` holds keyed hashes of its tokens
 * (Cyrillic and Latin spellings fold to the same token) so search never needs plaintext.
 */
@Index('ix_people_retention', ['createdAt'], { where: 'anonymised_at IS NULL' })
@Entity('people')
@Index('ix_people_office_created', ['officeId', 'createdAt'])
@Index('ix_people_name_index', { synchronize: false })
@Index('ix_people_merged_into', ['mergedIntoId'])
export class Person extends BaseEntity {
  /** The office where the person was first recorded; supervisors there see the record. */
  @Column({ type: 'uuid' })
  officeId!: string;

  @ManyToOne(() => Office, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'office_id', foreignKeyConstraintName: 'fk_people_office' })
  office?: Relation<Office>;

  @Column({ type: 'uuid' })
  createdById!: string;

  /** Name or pseudonym, encrypted. */
  @Column({ type: 'text', nullable: true })
  nameEncrypted!: string | null;

  @Column({ type: 'text', array: true, default: '{}' })
  nameIndex!: string[];

  /** When retention removed the name and identifiers (gender, age, citizenship stay for statistics). */
  @Column({ type: 'timestamptz', nullable: true })
  anonymisedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  gender!: string | null;

  @Column({ type: 'smallint', nullable: true })
  birthYear!: number | null;

  @Column({ type: 'text', nullable: true })
  ageGroup!: string | null;

  @Column({ type: 'text', array: true, default: '{}' })
  citizenship!: string[];

  @Column({ type: 'text', array: true, default: '{}' })
  languages!: string[];

  @Column({ type: 'text', nullable: true })
  migrationSituation!: string | null;

  /** Set when this record was merged into another; it then only redirects there. */
  @Column({ type: 'uuid', nullable: true })
  mergedIntoId!: string | null;
}
