import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The last number given per prefix and year. Incremented by an upsert inside the
 * transaction that creates the case: concurrent creators queue on the row lock, and a
 * rolled-back creation gives its number back, so references have no gaps.
 */
@Entity('case_reference_sequences')
export class CaseReferenceSequence {
  @PrimaryColumn({ type: 'text' })
  prefix!: string;

  @PrimaryColumn({ type: 'integer' })
  year!: number;

  @Column({ type: 'integer' })
  lastValue!: number;
}
