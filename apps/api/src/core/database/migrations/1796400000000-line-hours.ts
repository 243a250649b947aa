import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Opening hours per line (one of the hotline's numbers): weekly periods and public holidays
 * (null: around the clock, the default for a number with no row), and what a caller hears
 * outside them: a message (and a callback is owed), or the call is forwarded to another
 * number (encrypted, like every staff number).
 */
export class LineHours1796400000000 implements MigrationInterface {
  name = 'LineHours1796400000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "telephony_lines" ("line_number" text NOT NULL, "opening_hours" jsonb, "after_hours" text NOT NULL DEFAULT 'message', "forward_to_encrypted" text,
      "version" integer NOT NULL DEFAULT 1, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT mayak_now(),
      CONSTRAINT "ck_telephony_lines_after_hours" CHECK (after_hours IN ('message', 'forward')),
      CONSTRAINT "ck_telephony_lines_forward" CHECK ((after_hours = 'forward') = (forward_to_encrypted IS NOT NULL)),
      CONSTRAINT "pk_telephony_lines" PRIMARY KEY ("line_number"))`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "telephony_lines"`);
  }
}
