import { Check, Column, Entity, Index, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { User } from '../users/user.entity';

/**
 * Whether an operator takes calls now, and where their calls ring: the console (a browser
 * phone identity), a SIP address or a phone number. The address is encrypted: staff numbers
 * are personal data too.
 */
@Entity('operator_presence')
@Index('ix_operator_presence_status', ['status'])
@Check('ck_operator_presence_status', `status IN ('available', 'busy', 'wrap_up', 'away')`)
@Check('ck_operator_presence_ring_target', `ring_target_kind IN ('console', 'phone', 'sip')`)
export class OperatorPresence {
  @PrimaryColumn({ type: 'uuid' })
  userId!: string;

  @OneToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_operator_presence_user' })
  user?: Relation<User>;

  @Column({ type: 'text', default: 'away' })
  status!: string;

  /** After a call: out of the ring until then (or until the call's contact is completed). */
  @Column({ type: 'timestamptz', nullable: true })
  wrapUpUntil!: Date | null;

  @Column({ type: 'text', default: 'console' })
  ringTargetKind!: string;

  @Column({ type: 'text', nullable: true })
  ringTargetEncrypted!: string | null;

  @UpdateDateColumn({ type: 'timestamptz', default: () => 'mayak_now()' })
  updatedAt!: Date;
}
