import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * WhatsApp templates: the messages Meta approved for the line (registered at Twilio's Content
 * API, each with its ContentSid), the only ones WhatsApp lets the line send once 24 hours have
 * passed since the person last wrote. Administrators list them here with their text.
 */
export class MessageTemplates1797100000000 implements MigrationInterface {
  name = 'MessageTemplates1797100000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "message_templates" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT mayak_now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT mayak_now(), "version" integer NOT NULL DEFAULT 1, "language" text NOT NULL, "name" text NOT NULL,
      "content_sid" text NOT NULL, "body" text NOT NULL, "active" boolean NOT NULL DEFAULT true,
      CONSTRAINT "ck_message_templates_language" CHECK (language IN ('ru', 'kk', 'en', 'uz', 'tg', 'ky')),
      CONSTRAINT "ck_message_templates_content_sid" CHECK (content_sid ~ '^HX[0-9a-f]{32}$'),
      CONSTRAINT "pk_message_templates" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "uq_message_templates_content_sid_language" ON "message_templates" ("content_sid", "language")`);
    await q.query(`CREATE INDEX "ix_message_templates_language_name" ON "message_templates" ("language", "name")`);
    await q.query(`CREATE TRIGGER "message_templates_updated_at_by_the_clock" BEFORE UPDATE ON "message_templates" FOR EACH ROW
      WHEN (NEW.updated_at = now() AND mayak_clock_offset() <> interval '0') EXECUTE FUNCTION mayak_updated_at_by_the_clock()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "message_templates"`);
  }
}
