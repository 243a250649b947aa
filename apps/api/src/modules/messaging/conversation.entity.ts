import type { MessageChannel } from '@mayak/domain';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { BaseEntity } from '#api/core/database/base.entity';
import { Office } from '../offices/office.entity';

/** One conversation per person's address, channel and office: every message to and from them, newest last. */
@Entity('conversations')
@Index('uq_conversations_office_channel_address', ['officeId', 'channel', 'addressHash'], { unique: true })
@Index('ix_conversations_phone', ['phoneHash'])
@Index('ix_conversations_office_last', ['officeId', 'lastMessageAt', 'id'])
@Check('ck_conversations_channel', `channel IN ('sms', 'whatsapp', 'telegram', 'webchat')`)
export class Conversation extends BaseEntity {
  @Column({ type: 'uuid' })
  officeId!: string;

  @ManyToOne(() => Office, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'office_id', foreignKeyConstraintName: 'fk_conversations_office' })
  office?: Relation<Office>;

  @Column({ type: 'text', default: 'sms' })
  channel!: MessageChannel;

  /** Where the person is reached on the channel: their number (SMS, WhatsApp) or user id (Telegram). */
  @Column({ type: 'text' })
  addressEncrypted!: string;

  @Column({ type: 'text' })
  addressHash!: string;

  /** Their phone number where the channel gives it: flags, callbacks and history follow it. */
  @Column({ type: 'text', nullable: true })
  phoneEncrypted!: string | null;

  @Column({ type: 'text', nullable: true })
  phoneHash!: string | null;

  /** The hotline's number (or sender) the person wrote to; replies go out from it. */
  @Column({ type: 'text' })
  lineNumber!: string;

  /** The name the person shows on the channel (WhatsApp's profile name), encrypted. */
  @Column({ type: 'text', nullable: true })
  displayNameEncrypted!: string | null;

  /** The open contact new messages join; a new one is started once it is completed. */
  @Column({ type: 'uuid', nullable: true })
  contactId!: string | null;

  @Column({ type: 'timestamptz' })
  lastMessageAt!: Date;

  /** The person's last message: WhatsApp's 24-hour window opens with it. */
  @Column({ type: 'timestamptz', nullable: true })
  lastInboundAt!: Date | null;

  @Column({ type: 'text' })
  lastDirection!: string;

  /** Inbound messages nobody has answered yet. */
  @Column({ type: 'integer', default: 0 })
  unanswered!: number;
}
