import type { OpeningHours } from '@mayak/domain';
import { Check, Column, Entity, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/** A hotline number's opening hours and what callers hear outside them (no row: open around the clock). */
@Entity('telephony_lines')
@Check('ck_telephony_lines_after_hours', `after_hours IN ('message', 'forward', 'voicemail')`)
@Check('ck_telephony_lines_forward', `(after_hours = 'forward') = (forward_to_encrypted IS NOT NULL)`)
export class TelephonyLine {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_telephony_lines' })
  lineNumber!: string;

  @Column({ type: 'jsonb', nullable: true })
  openingHours!: OpeningHours | null;

  @Column({ type: 'text', default: 'message' })
  afterHours!: 'message' | 'forward' | 'voicemail';

  @Column({ type: 'text', nullable: true })
  forwardToEncrypted!: string | null;

  @VersionColumn({ default: 1 })
  version!: number;

  @UpdateDateColumn({ type: 'timestamptz', default: () => 'mayak_now()' })
  updatedAt!: Date;
}
