import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { BaseEntity } from '../../core/database/base.entity';
import { Office } from '../offices/office.entity';

/** One conversation per number and office: every text to and from that number, newest last. */
@Entity('sms_threads')
@Index('uq_sms_threads_office_phone', ['officeId', 'phoneHash'], { unique: true })
@Index('ix_sms_threads_office_last', ['officeId', 'lastMessageAt', 'id'])
export class SmsThread extends BaseEntity {
  @Column({ type: 'uuid' })
  officeId!: string;

  @ManyToOne(() => Office, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'office_id', foreignKeyConstraintName: 'fk_sms_threads_office' })
  office?: Relation<Office>;

  @Column({ type: 'text' })
  phoneEncrypted!: string;

  @Column({ type: 'text' })
  phoneHash!: string;

  @Column({ type: 'text' })
  lineNumber!: string;

  /** The open contact new messages join; a new one is started once it is completed. */
  @Column({ type: 'uuid', nullable: true })
  contactId!: string | null;

  @Column({ type: 'timestamptz' })
  lastMessageAt!: Date;

  @Column({ type: 'text' })
  lastDirection!: string;

  /** Inbound messages nobody has answered yet. */
  @Column({ type: 'integer', default: 0 })
  unanswered!: number;
}
