import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '#api/core/database/base.entity';

/** An organisation of the service directory and the services it gives. */
@Entity('organisations')
@Index('ix_organisations_name', ['name'])
@Index('ix_organisations_service_types', { synchronize: false })
@Index('ix_organisations_regions', { synchronize: false })
@Index('ix_organisations_languages', { synchronize: false })
@Index('ix_organisations_search_tsv', { synchronize: false })
export class Organisation extends BaseEntity {
  @Column({ type: 'text' })
  name!: string;

  /** HTCDS org_Type value name. */
  @Column({ type: 'text' })
  type!: string;

  @Column({ type: 'text', default: '' })
  description!: string;

  @Column({ type: 'text', array: true, default: '{}' })
  serviceTypes!: string[];

  /** ISO 3166-2:KZ codes of the regions served. */
  @Column({ type: 'text', array: true, default: '{}' })
  regions!: string[];

  @Column({ type: 'text', array: true, default: '{}' })
  cities!: string[];

  /** ISO 639-1 codes of the languages its staff speak. */
  @Column({ type: 'text', array: true, default: '{}' })
  languages!: string[];

  @Column({ type: 'text', nullable: true })
  phone!: string | null;

  @Column({ type: 'text', nullable: true })
  email!: string | null;

  @Column({ type: 'text', nullable: true })
  website!: string | null;

  @Column({ type: 'text', nullable: true })
  address!: string | null;

  @Column({ type: 'text', nullable: true })
  openingHours!: string | null;

  @Column({ type: 'boolean', default: true })
  acceptsReferrals!: boolean;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Column({ type: 'tsvector', nullable: true, select: false, insert: false, update: false })
  searchTsv!: string | null;
}
