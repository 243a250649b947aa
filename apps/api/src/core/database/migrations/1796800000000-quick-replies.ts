import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Quick replies: canned answers an office keeps per language (the hotline's hours, how to
 * register, where to get a work permit), which operators insert into a conversation.
 */
export class QuickReplies1796800000000 implements MigrationInterface {
  name = 'QuickReplies1796800000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "quick_replies" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT mayak_now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT mayak_now(), "version" integer NOT NULL DEFAULT 1, "office_id" uuid NOT NULL, "language" text NOT NULL,
      "title" text NOT NULL, "body" text NOT NULL, "created_by_id" uuid, "updated_by_id" uuid,
      CONSTRAINT "ck_quick_replies_language" CHECK (language IN ('ru', 'kk', 'en', 'uz', 'tg', 'ky')),
      CONSTRAINT "ck_quick_replies_title" CHECK (char_length(title) BETWEEN 1 AND 80),
      CONSTRAINT "ck_quick_replies_body" CHECK (char_length(body) BETWEEN 1 AND 1000),
      CONSTRAINT "pk_quick_replies" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "uq_quick_replies_office_language_title" ON "quick_replies" ("office_id", "language", "title")`);
    await q.query(
      `ALTER TABLE "quick_replies" ADD CONSTRAINT "fk_quick_replies_office" FOREIGN KEY ("office_id") REFERENCES "offices"("id") ON DELETE CASCADE`,
    );
    // As every table with updated_at: a pinned clock moves TypeORM's CURRENT_TIMESTAMP to mayak_now().
    await q.query(`CREATE TRIGGER "quick_replies_updated_at_by_the_clock" BEFORE UPDATE ON "quick_replies" FOR EACH ROW
      WHEN (NEW.updated_at = now() AND mayak_clock_offset() <> interval '0') EXECUTE FUNCTION mayak_updated_at_by_the_clock()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "quick_replies"`);
  }
}
