import { Check, Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A phone prompt recorded for one menu language (the text or URL from configuration is used otherwise). */
@Entity('telephony_prompts')
@Check('ck_telephony_prompts_language', `language IN ('ru', 'kk', 'en', 'uz', 'tg', 'ky')`)
export class RecordedPrompt {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_telephony_prompts' })
  kind!: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_telephony_prompts' })
  language!: string;

  @Column({ type: 'text' })
  contentType!: string;

  @Column({ type: 'bytea', select: false })
  audio!: Buffer;

  @UpdateDateColumn({ type: 'timestamptz', default: () => 'mayak_now()' })
  updatedAt!: Date;

  @Column({ type: 'uuid', nullable: true })
  updatedById!: string | null;
}
