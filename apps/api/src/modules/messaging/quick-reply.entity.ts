import type { MenuLanguage } from '@mayak/domain';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { BaseEntity } from '#api/core/database/base.entity';
import { Office } from '../offices/office.entity';

/** A canned answer an office keeps in one language; operators insert it into a conversation. */
@Entity('quick_replies')
@Index('uq_quick_replies_office_language_title', ['officeId', 'language', 'title'], { unique: true })
@Check('ck_quick_replies_language', `language IN ('ru', 'kk', 'en', 'uz', 'tg', 'ky')`)
@Check('ck_quick_replies_title', `char_length(title) BETWEEN 1 AND 80`)
@Check('ck_quick_replies_body', `char_length(body) BETWEEN 1 AND 1000`)
export class QuickReply extends BaseEntity {
  @Column({ type: 'uuid' })
  officeId!: string;

  @ManyToOne(() => Office, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'office_id', foreignKeyConstraintName: 'fk_quick_replies_office' })
  office?: Relation<Office>;

  @Column({ type: 'text' })
  language!: MenuLanguage;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  body!: string;

  @Column({ type: 'uuid', nullable: true })
  createdById!: string | null;

  @Column({ type: 'uuid', nullable: true })
  updatedById!: string | null;
}
