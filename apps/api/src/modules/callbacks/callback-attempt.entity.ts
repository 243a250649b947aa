import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Callback } from './callback.entity';

/** One try at reaching the client: who rang, through which call, and what came of it. */
@Entity('callback_attempts')
@Index('uq_callback_attempts_number', ['callbackId', 'number'], { unique: true })
export class CallbackAttempt {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  callbackId!: string;

  @ManyToOne(() => Callback, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'callback_id', foreignKeyConstraintName: 'fk_callback_attempts_callback' })
  callback?: Relation<Callback>;

  @Column({ type: 'integer' })
  number!: number;

  @Column({ type: 'uuid', nullable: true })
  operatorId!: string | null;

  @Column({ type: 'text', nullable: true })
  callSid!: string | null;

  @CreateDateColumn({ type: 'timestamptz', default: () => 'mayak_now()' })
  startedAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  endedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  outcome!: string | null;
}
