import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Queue order. A call's `queue_priority` is set when it joins the queue: `urgent` (an active
 * at-risk flag on the number or on a person holding it, or an open critical case of such a
 * person), `callback_promised` (an open callback for the number) or `normal`. Callers who
 * pressed the key for a callback while waiting are marked `callback_requested`. An index finds
 * a number's open callbacks.
 */
export class QueueOrder1796200000000 implements MigrationInterface {
  name = 'QueueOrder1796200000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "telephony_calls" ADD "queue_priority" text NOT NULL DEFAULT 'normal'`);
    await q.query(
      `ALTER TABLE "telephony_calls" ADD CONSTRAINT "ck_telephony_calls_queue_priority" CHECK (queue_priority IN ('urgent', 'callback_promised', 'normal'))`,
    );
    await q.query(`ALTER TABLE "telephony_calls" ADD "callback_requested" boolean NOT NULL DEFAULT false`);
    await q.query(`CREATE INDEX "ix_callbacks_phone_open" ON "callbacks" ("phone_hash") WHERE status IN ('scheduled', 'due', 'in_progress')`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_callbacks_phone_open"`);
    await q.query(`ALTER TABLE "telephony_calls" DROP COLUMN "callback_requested"`);
    await q.query(`ALTER TABLE "telephony_calls" DROP CONSTRAINT "ck_telephony_calls_queue_priority"`);
    await q.query(`ALTER TABLE "telephony_calls" DROP COLUMN "queue_priority"`);
  }
}
