import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Safe windows may cross midnight (22:00–02:00 for a client who works nights): only a window
 * that opens and closes at the same minute is refused now. A missed call takes the safe
 * window the caller gave last time, found by number.
 */
export class CallbackConsentAndNightWindows1797400000000 implements MigrationInterface {
  name = 'CallbackConsentAndNightWindows1797400000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "callbacks" DROP CONSTRAINT "ck_callbacks_window"`);
    await q.query(
      `ALTER TABLE "callbacks" ADD CONSTRAINT "ck_callbacks_window" CHECK ((safe_start_minute IS NULL) = (safe_end_minute IS NULL) AND (safe_start_minute IS NULL OR safe_start_minute <> safe_end_minute))`,
    );
    await q.query(`CREATE INDEX "ix_callbacks_phone_window" ON "callbacks" ("phone_hash", "created_at") WHERE safe_start_minute IS NOT NULL`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_callbacks_phone_window"`);
    await q.query(`UPDATE "callbacks" SET safe_days = NULL, safe_start_minute = NULL, safe_end_minute = NULL WHERE safe_start_minute > safe_end_minute`);
    await q.query(`ALTER TABLE "callbacks" DROP CONSTRAINT "ck_callbacks_window"`);
    await q.query(
      `ALTER TABLE "callbacks" ADD CONSTRAINT "ck_callbacks_window" CHECK ((safe_start_minute IS NULL) = (safe_end_minute IS NULL) AND (safe_start_minute IS NULL OR safe_start_minute < safe_end_minute))`,
    );
  }
}
