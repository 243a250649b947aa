import { Check, Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '#api/core/database/base.entity';

@Entity('offices')
@Check('ck_offices_wrap_up_seconds', 'wrap_up_seconds BETWEEN 0 AND 1800')
// Names are unique case-insensitively: a functional index on lower(name), kept out of TypeORM's diff.
@Index('uq_offices_name_lower', { synchronize: false })
export class Office extends BaseEntity {
  @Column({ type: 'text' })
  name!: string;

  /** Short upper-case code used in reports, e.g. ALA. */
  @Index('uq_offices_code', { unique: true })
  @Column({ type: 'text' })
  code!: string;

  @Column({ type: 'text', default: 'Asia/Almaty' })
  timezone!: string;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /** After-call work: how long an operator stays out of the ring after a call (0: none). */
  @Column({ type: 'integer', default: 60 })
  wrapUpSeconds!: number;
}
