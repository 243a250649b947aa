import type { MenuLanguage } from '@mayak/domain';
import { Check, Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '#api/core/database/base.entity';

/** A WhatsApp template Meta approved for the line: its Content API id and the text it sends. */
@Entity('message_templates')
@Index('uq_message_templates_content_sid_language', ['contentSid', 'language'], { unique: true })
@Index('ix_message_templates_language_name', ['language', 'name'])
@Check('ck_message_templates_language', `language IN ('ru', 'kk', 'en', 'uz', 'tg', 'ky')`)
@Check('ck_message_templates_content_sid', `content_sid ~ '^HX[0-9a-f]{32}$'`)
export class MessageTemplate extends BaseEntity {
  @Column({ type: 'text' })
  language!: MenuLanguage;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  contentSid!: string;

  /** The approved text with its numbered placeholders ({{1}}…), shown to the operator and logged as sent. */
  @Column({ type: 'text' })
  body!: string;

  @Column({ type: 'boolean', default: true })
  active!: boolean;
}
