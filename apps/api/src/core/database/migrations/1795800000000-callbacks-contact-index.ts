import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `callbacks.contact_id` references contacts (ON DELETE SET NULL) without an index, so every
 * contact deleted made Postgres read the whole callbacks table: removing 160,000 contacts from
 * the benchmark data (33,800 callbacks) ran for more than ten minutes before it was stopped.
 */
export class CallbacksContactIndex1795800000000 implements MigrationInterface {
  name = 'CallbacksContactIndex1795800000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "ix_callbacks_contact" ON "callbacks" ("contact_id") WHERE contact_id IS NOT NULL`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_callbacks_contact"`);
  }
}
