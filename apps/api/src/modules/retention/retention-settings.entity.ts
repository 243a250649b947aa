import { Check, Column, Entity, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/** The installation's retention periods, set by administrators: one row. */
@Entity('retention_settings')
@Check('ck_retention_settings_single', 'id = 1')
@Check('ck_retention_settings_periods', 'contacts_without_case_days >= 30 AND closed_cases_days >= 30')
export class RetentionSettings {
  @PrimaryColumn({ type: 'smallint', default: 1 })
  id!: number;

  /** Contacts that never joined a case are anonymised this many days after they started. */
  @Column({ type: 'integer', default: 365 })
  contactsWithoutCaseDays!: number;

  /** Closed cases (and their contacts, and clients with nothing newer) this many days after closing. */
  @Column({ type: 'integer', default: 1825 })
  closedCasesDays!: number;

  @Column({ type: 'uuid', nullable: true })
  updatedById!: string | null;

  @UpdateDateColumn({ type: 'timestamptz', default: () => 'mayak_now()' })
  updatedAt!: Date;

  @VersionColumn({ default: 1 })
  version!: number;
}
