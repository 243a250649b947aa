import type { NotificationDelivery, NotificationKind } from '@mayak/domain';
import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { User } from '../users/user.entity';

const KINDS = `'referral_received', 'referral_reminder', 'referral_withdrawn', 'case_assigned', 'task_assigned', 'task_due_soon', 'task_overdue', 'referral_overdue', 'critical_alert_unread'`;

/** A person's choice for one kind of notification; without a row, the default (at once). */
@Entity('notification_preferences')
@Check('ck_notification_preferences_kind', `kind IN (${KINDS})`)
@Check('ck_notification_preferences_delivery', `delivery IN ('immediate', 'digest', 'never')`)
export class NotificationPreference {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_notification_preferences' })
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_notification_preferences_user' })
  user?: Relation<User>;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_notification_preferences' })
  kind!: NotificationKind;

  @Column({ type: 'text' })
  delivery!: NotificationDelivery;

  @UpdateDateColumn({ type: 'timestamptz', default: () => 'mayak_now()' })
  updatedAt!: Date;
}
